import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { CALL_DIMENSIONS, type CallStatRow } from './call.stats';

export const CallDimension = Object.fromEntries(CALL_DIMENSIONS.map((v) => [v, v])) as {
  [K in (typeof CALL_DIMENSIONS)[number]]: K;
};
registerEnumType(CallDimension, {
  name: 'CallDimension',
  description:
    '统计口径：承办部门 / 呼叫乡镇 / 事项 / 领域 · Group calls by responding DEPARTMENT, calling TOWNSHIP, ITEM or DOMAIN',
});

const rate = (n: number, d: number) => (d === 0 ? null : n / d);
const hours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 100) / 100);

@ObjectType({ description: '一组呼叫的统计 · Statistics of one group of calls' })
export class CallStat {
  constructor(private readonly r: CallStatRow) {}
  @Field(() => String, {
    nullable: true,
    description: '分组（主体、乡镇、事项编码或领域；合计为空）· The group (null for the total)',
  })
  get key(): string | null {
    return this.r.key;
  }
  @Field(() => Int, { description: '呼叫数 · Calls' })
  get calls(): number {
    return this.r.calls;
  }
  @Field(() => Int, { description: '按时响应数 · Accepted on time' })
  get acceptedOnTime(): number {
    return this.r.acceptedOnTime;
  }
  @Field(() => Int, { description: '应响应数（已响应或已过时限）· Due for acceptance (accepted, or past the limit)' })
  get acceptDue(): number {
    return this.r.acceptDue;
  }
  @Field(() => Float, { nullable: true, description: '按时响应率 · On-time acceptance rate (of those due)' })
  get onTimeAcceptRate(): number | null {
    return rate(this.r.acceptedOnTime, this.r.acceptDue);
  }
  @Field(() => Int, { description: '按时反馈数 · Answered on time' })
  get answeredOnTime(): number {
    return this.r.answeredOnTime;
  }
  @Field(() => Int, { description: '应反馈数（已反馈或已过时限）· Due for an answer (answered, or past the limit)' })
  get answerDue(): number {
    return this.r.answerDue;
  }
  @Field(() => Float, { nullable: true, description: '按时反馈率 · On-time answer rate (of those due)' })
  get onTimeAnswerRate(): number | null {
    return rate(this.r.answeredOnTime, this.r.answerDue);
  }
  @Field(() => Float, {
    nullable: true,
    description: '反馈用时中位数（小时，自呼叫起）· Median hours from the call to its answer',
  })
  get medianHoursToAnswer(): number | null {
    return hours(this.r.medianMinutesToAnswer);
  }
  @Field(() => Float, { nullable: true, description: '反馈用时 90 分位（小时）· 90th percentile of hours to answer' })
  get p90HoursToAnswer(): number | null {
    return hours(this.r.p90MinutesToAnswer);
  }
  @Field(() => Int, { description: '满意 · Rated SATISFIED' })
  get satisfied(): number {
    return this.r.satisfied;
  }
  @Field(() => Int, { description: '基本满意 · Rated BASICALLY_SATISFIED' })
  get basicallySatisfied(): number {
    return this.r.basicallySatisfied;
  }
  @Field(() => Int, { description: '不满意 · Rated UNSATISFIED' })
  get unsatisfied(): number {
    return this.r.unsatisfied;
  }
  @Field(() => Float, {
    nullable: true,
    description: '满意率（满意与基本满意占已评价）· Share of ratings that are satisfied or basically satisfied',
  })
  get satisfactionRate(): number | null {
    return rate(this.r.satisfied + this.r.basicallySatisfied, this.r.satisfied + this.r.basicallySatisfied + this.r.unsatisfied);
  }
  @Field(() => Int, { description: '被督办的呼叫数 · Calls escalated at least once' })
  get escalated(): number {
    return this.r.escalated;
  }
  @Field(() => Int, { description: '督办次数 · Escalations' })
  get escalations(): number {
    return this.r.escalations;
  }
}

@ObjectType({ description: '乡呼县应统计 · Call statistics of a scope over a period' })
export class CallStatistics {
  @Field({ description: '辖区 · Scope' })
  scope: string;
  @Field(() => DateScalar, { description: '起（含）· From (inclusive)' })
  from: string;
  @Field(() => DateScalar, { description: '止（含）· To (inclusive)' })
  to: string;
  @Field(() => CallDimension, { description: '分组口径 · Grouped by' })
  by: string;
  @Field(() => CallStat, { description: '合计 · Totals' })
  total: CallStat;
  @Field(() => [CallStat], { description: '各组，按呼叫数从多到少 · The groups, most calls first' })
  groups: CallStat[];
}
