import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection';
import { FlagCount } from '../resolution/resolution.type';
import { Level } from '../jurisdiction/jurisdiction.enums';

export enum CoverageGrouping {
  LEAF = 'LEAF',
  COUNTY = 'COUNTY',
}
registerEnumType(CoverageGrouping, {
  name: 'CoverageGrouping',
  description: '覆盖矩阵的行 · Rows of the coverage matrix',
  valuesConfig: {
    LEAF: { description: '每个末级区划一行 · one row per leaf jurisdiction' },
    COUNTY: { description: '每个县一行（不设区的市取该市）· one row per county (a city without counties: the city)' },
  },
});

@ObjectType({ description: '覆盖矩阵的一格：一个区划 × 一个领域 · One cell: a jurisdiction × a domain' })
export class CoverageCell {
  @Field({ description: '领域 · Domain' })
  domain: string;
  @Field(() => Int, { description: '涉及的末级区划数 · Leaves counted' })
  leaves: number;
  @Field(() => Int, { description: '适用的（事项, 末级区划）数 · Applicable (item, leaf) pairs' })
  applicable: number;
  @Field(() => Int, { description: '其中有有效主体责任单位的 · Of those, with an active PRIMARY holder' })
  owned: number;
  @Field(() => [FlagCount], { description: '问题标记按类别计数 · Flags by kind' })
  flags: FlagCount[];
}

@ObjectType()
export class CoverageEdge {
  @Field() cursor: string;
  @Field(() => CoverageCell) node: CoverageCell;
}

/**
 * How fresh an answer from the maintained store is (the fields of a flag page): a county still pending answers
 * from its last computation, which may not reflect the latest writes.
 */
const FRESHNESS = {
  computedAt:
    '本范围内各县最近一次计算的时间（ISO 8601）；除 pendingCounties 外，此前提交的修改均已反映 · When the scope was last computed (ISO 8601); every committed write is reflected except in pendingCounties',
  pendingCount: '本范围内尚待重算的县数 · Counties of the scope still being recomputed',
  pendingCounties:
    '尚待重算的县（最多 100 个）；其数字可能尚未反映最近的修改 · Counties still pending (up to 100): their figures may not yet reflect the latest writes',
};

@ObjectType({ description: '覆盖矩阵 · Coverage matrix of a scope' })
export class CoverageConnection {
  @Field(() => Int) totalCount: number;
  @Field(() => [CoverageEdge]) edges: CoverageEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => String, { nullable: true, description: FRESHNESS.computedAt }) computedAt: string | null;
  @Field(() => Int, { description: FRESHNESS.pendingCount }) pendingCount: number;
  @Field(() => [String], { description: FRESHNESS.pendingCounties }) pendingCounties: string[];
}

@ObjectType({ description: '责任主体的工作量 · Workload of a body within a scope' })
export class Workload {
  @Field(() => Level, { nullable: true, description: '层级 · Level' })
  level: Level | null;
  @Field(() => Int, { description: '主体责任事项数 · Distinct items held as PRIMARY' })
  primaryItems: number;
  @Field(() => Int, { description: '配合责任事项数 · Distinct items held as SUPPORTING' })
  supportingItems: number;
  @Field(() => Int, { description: '指导监督事项数 · Distinct items held as SUPERVISING' })
  supervisingItems: number;
  @Field(() => Int, { description: '主体责任（事项, 末级区划）数 · PRIMARY (item, leaf) pairs' })
  primaryPairs: number;
  @Field(() => Int, { description: '配合责任（事项, 末级区划）数 · SUPPORTING (item, leaf) pairs' })
  supportingPairs: number;
  @Field(() => Int, { description: '涉及的末级区划数 · Leaves where it holds something' })
  leaves: number;
}

@ObjectType()
export class WorkloadEdge {
  @Field() cursor: string;
  @Field(() => Workload) node: Workload;
}

@ObjectType({ description: '工作量列表 · Workloads of bodies' })
export class WorkloadConnection {
  @Field(() => Int) totalCount: number;
  @Field(() => [WorkloadEdge]) edges: WorkloadEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => String, { nullable: true, description: FRESHNESS.computedAt }) computedAt: string | null;
  @Field(() => Int, { description: FRESHNESS.pendingCount }) pendingCount: number;
  @Field(() => [String], { description: FRESHNESS.pendingCounties }) pendingCounties: string[];
}
