import { Node } from '../../graphql/node';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection';
import { countType } from '../../graphql/counts';
import { DateScalar } from '../../graphql/scalars';
import { Level } from '../jurisdiction/jurisdiction.enums';
import { ResponsibilityRole } from '../records/record.enums';
import { enumOf } from '../../graphql/enums';
import { FLAG_KINDS, type FlagKindName } from './resolution.sql';

/** The GraphQL enum of flag kinds, generated from FLAG_KINDS (resolution.sql.ts, the one home of the rules). */
export const FlagKind = enumOf(FLAG_KINDS);
export type FlagKind = FlagKindName;
registerEnumType(FlagKind, {
  name: 'FlagKind',
  description: '问题标记类别（SPEC §6、§8）· Kind of flag',
  valuesConfig: {
    OVERLAP_COUNTY_TOWNSHIP: {
      description: '县乡职责重叠：乡级与上级同时有主体责任 · active PRIMARY holders both at township level and above',
    },
    OVERLAP_SAME_LEVEL: {
      description: '同级多头：同一层级两个以上主体责任单位 · ≥2 distinct active PRIMARY holders at one level',
    },
    GAP_NO_HOLDER: { description: '无人负责 · applicable, no PRIMARY and no active SUPPORTING holder' },
    GAP_SUPPORT_ONLY: { description: '有配合无主体 · applicable, no PRIMARY, some active SUPPORTING holder' },
    GAP_INACTIVE_PRIMARY: { description: '主体已撤销：主体责任单位均已失效 · every PRIMARY holder is inactive' },
    UNLISTED_TOWNSHIP_DUTY: {
      description: '清单外属地事项：乡镇承担清单外事项 · a township-level holder for an item not applicable there',
    },
    ROLE_CONFLICT: { description: '角色冲突：同一单位既主办又配合 · one body both PRIMARY and SUPPORTING' },
    OUT_OF_JURISDICTION: { description: '越界主体：主体不属于该地或其上级 · a holder from outside the place and its ancestors' },
    RECLAIMED_STILL_ASSIGNED: {
      description:
        '收回事项仍由乡镇承担：履职清单中已收回的事项仍有乡级责任单位 · RECLAIMED in the duty list, yet an active township-level holder',
    },
    DUTY_NOT_LISTED: {
      description:
        '履职清单外事项：乡级责任单位承担履职清单之外的事项 · an active township-level holder for an item not in the duty list',
    },
    COOPERATION_WITHOUT_LEAD: {
      description: '配合事项牵头缺位：牵头部门不是有效的主体责任单位 · COOPERATING, and its lead is not an active PRIMARY holder',
    },
    BASIC_LED_ABOVE: {
      description:
        '基本事项由上级主体承担：基本履职事项无乡级主体、仅有上级主体 · BASIC, no township-level PRIMARY holder, one above',
    },
    POWER_WITHOUT_EMPOWERMENT: {
      description:
        '放责不放权：乡级主体承担需法定职权的事项而未获赋权 · a township-level PRIMARY holder of a power item with no empowerment',
    },
  },
});

export enum HolderResolution {
  DIRECT = 'DIRECT',
  RELATIVE = 'RELATIVE',
  VIA_SUCCESSOR = 'VIA_SUCCESSOR',
  TEMPLATE = 'TEMPLATE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(HolderResolution, {
  name: 'HolderResolution',
  description: '责任主体如何解析得出 · How a holder was resolved',
  valuesConfig: {
    DIRECT: { description: '分配中直接写明的单位 · the body named in the assignment' },
    RELATIVE: {
      description: '属地乡镇（街道）解析为本乡级政府 · relative TOWNSHIP_GOVERNMENT resolved to this township’s government',
    },
    VIA_SUCCESSOR: { description: '原单位已撤销，由承继单位承担 · the named body is not valid then; its successor holds it' },
    TEMPLATE: { description: '在非末级查询时属地乡镇尚未解析 · relative holder asked at a non-leaf: an unresolved template' },
    INACTIVE: { description: '单位已失效且无有效承继单位 · not valid then, and no valid successor' },
  },
});

@ObjectType({
  description: '责任人：解析后的一个责任主体及其来源 · A resolved holder and where it came from',
  simpleResolvers: true,
})
export class Holder {
  @Field(() => ResponsibilityRole, { description: '角色 · Role' })
  role: ResponsibilityRole;
  @Field(() => String, { nullable: true, description: '职责 · Duty as the list words it' })
  duty: string | null;
  @Field({ description: '在该日期是否有效 · Whether the holder is active at asOf' })
  active: boolean;
  @Field(() => HolderResolution, { description: '解析方式 · How it was resolved' })
  resolution: HolderResolution;
  @Field(() => Level, { nullable: true, description: '责任主体的层级 · Level of the resolved body' })
  level: Level | null;
}

@ObjectType({ description: '责任链的一个层级 · One level of a responsible chain', simpleResolvers: true })
export class ChainLevel {
  @Field(() => Level, { description: '层级 · Level' })
  level: Level;
  @Field(() => [Holder], { description: '该层级的责任人 · Holders at this level' })
  holders: Holder[];
}

@ObjectType({ description: '确认记录 · An acknowledgement', simpleResolvers: true })
export class Acknowledgement {
  @Field({ description: '理由 · Reason' })
  reason: string;
  @Field(() => String, { nullable: true, description: '确认人 · Actor' })
  actor: string | null;
  @Field({ description: '确认时间 · When (ISO 8601)' })
  at: string;
}

@ObjectType({
  implements: Node,
  description: '问题标记 · A flag on an (item, jurisdiction) pair (SPEC §6)',
  simpleResolvers: true,
})
export class Flag {
  @Field(() => FlagKind, { description: '类别 · Kind' })
  kind: FlagKind;
  @Field({ description: '是否已确认为合理 · Whether acknowledged' })
  acknowledged: boolean;
  @Field(() => Acknowledgement, { nullable: true, description: '确认记录 · The acknowledgement, if any' })
  acknowledgement: Acknowledgement | null;
}

@ObjectType({
  description: '责任链：某事项在某地某日由谁负责 · Who is responsible for an item at a place on a date',
  simpleResolvers: true,
})
export class ResponsibleChain {
  @Field(() => DateScalar, { description: '查询日期 · The date answered for' })
  asOf: string;
  @Field(() => [ChainLevel], { description: '从所查区划层级到省级 · From the asked level up to PROVINCE' })
  levels: ChainLevel[];
  @Field(() => [Holder], { description: '主体责任人 · The PRIMARY holders' })
  primary: Holder[];
  @Field(() => [FlagKind], { description: '该事项在该地的问题标记（仅末级区划）· Flags of the pair (leaves only)' })
  flags: FlagKind[];
  @Field(() => [Flag], { description: '问题标记详情 · The flags with their bodies and acknowledgement' })
  flagDetails: Flag[];
  @Field({ description: '该事项在该地是否适用（有在施行的实施清单列明）· Whether the item applies here (SPEC §3)' })
  applicable: boolean;
  @Field(() => [Holder], {
    description: '层级不在链上的责任人（如县级查询时的乡级单位）· Holders whose level is not on the chain',
  })
  otherHolders: Holder[];
}

@ObjectType({ description: '问题标记（边）· An edge of FlagConnection', simpleResolvers: true })
export class FlagEdge {
  @Field() cursor: string;
  @Field(() => Flag) node: Flag;
}

export const FlagCount = countType<'kind', FlagKind>('FlagCount', '按类别计数 · Count of one kind', 'kind', FlagKind);
export type FlagCount = InstanceType<typeof FlagCount>;

@ObjectType({ description: '问题标记列表 · A page of flags, with totals for the whole filtered set', simpleResolvers: true })
export class FlagConnection {
  @Field(() => Int, { description: '筛选后的总数 · Flags matching the filter' })
  totalCount: number;
  @Field(() => [FlagCount], { description: '按类别计数（筛选后全集）· Counts by kind over the filtered set' })
  countsByKind: FlagCount[];
  @Field(() => [FlagEdge]) edges: FlagEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => String, {
    nullable: true,
    description:
      '本范围内各县标记最近一次计算的时间（ISO 8601）；除 pendingCounties 外，此前提交的修改均已反映 · When the flags of the scope were last computed (ISO 8601); every committed write is reflected except in pendingCounties',
  })
  computedAt: string | null;
  @Field(() => Int, { description: '本范围内尚待重算的县数 · Counties of the scope whose flags are still being recomputed' })
  pendingCount: number;
  @Field(() => [String], {
    description:
      '尚待重算的县（最多 100 个）；其标记可能尚未反映最近的修改 · Counties still pending (up to 100): their flags may not yet reflect the latest writes',
  })
  pendingCounties: string[];
}
