import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { DateScalar } from '../../graphql/scalars';
import { createRecord, deleteRecord, updateRecord } from '../records/record.mutations';
import { EMPOWERMENT_BY_ID_SQL, type EmpowermentRow } from '../records/records.sql';
import { Empowerment, EmpowermentMode } from './duty.type';

@InputType({ description: '新建赋权记录（SPEC §8）· A new empowerment' })
export class CreateEmpowermentInput {
  @Field({ description: '事项编码 · Item code' }) item: string;
  @Field({ description: '赋权范围（其下全部乡镇）· Scope: every township under it' }) scope: string;
  @Field(() => EmpowermentMode, { description: '赋权方式 · Mode' }) mode: EmpowermentMode;
  @Field(() => [String], { nullable: true, description: '依据 · Basis (citations)' }) basis?: string[] | null;
  @Field(() => DateScalar, { nullable: true, description: '起始日（含）· Valid from' }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: '终止日（不含，收回）· Valid to (exclusive; taken back)' })
  validTo?: string | null;
  @Field(() => [String], { nullable: true, description: '例外地区 · Carve-outs under the scope' }) exceptIn?: string[] | null;
  @Field(() => String, { nullable: true, description: '备注 · Note' }) note?: string | null;
}

/**
 * What an edit may change. The natural key (item, scope, mode, validFrom) stays: a power taken back is ended
 * with validTo (SPEC §8), a different grant is a new record.
 */
@InputType({
  description:
    '修改赋权记录：省略的字段不变，null 清空；事项、范围、方式与起始日不可改（收回请填 validTo，另行赋权请新建）· ' +
    'Patch an empowerment: absent fields keep their value, null clears; item, scope, mode and validFrom stay (end a power with validTo; a new grant is a new record)',
})
export class UpdateEmpowermentInput {
  @Field(() => [String], { nullable: true }) basis?: string[] | null;
  @Field(() => DateScalar, { nullable: true, description: '终止日（不含，收回）· Valid to (exclusive; taken back)' })
  validTo?: string | null;
  @Field(() => [String], { nullable: true }) exceptIn?: string[] | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

const REASON = { nullable: true, description: '修改原因，记入变更记录 · Why; recorded in the change feed' } as const;

/** Empowerments one at a time, through the records layer's write protocol (access rules, checks, change feed). */
@Resolver(() => Empowerment)
export class EmpowermentMutationResolver {
  @Mutation(() => Empowerment, { description: '新建赋权记录 · Create an empowerment' })
  async createEmpowerment(
    @Arg('input', () => CreateEmpowermentInput) input: CreateEmpowermentInput,
    @Arg('reason', () => String, REASON) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Empowerment> {
    const id = await createRecord(ctx.db, 'empowerment', input, ctx.who(reason));
    return load(ctx, id);
  }

  @Mutation(() => Empowerment, {
    description: '修改赋权记录（如收回：填写 validTo）· Update an empowerment (e.g. take it back: set validTo)',
  })
  async updateEmpowerment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateEmpowermentInput) input: UpdateEmpowermentInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg('reason', () => String, REASON) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Empowerment> {
    await updateRecord(ctx.db, 'empowerment', [id.trim()], input, { expectedVersion, ...ctx.who(reason) });
    return load(ctx, id.trim());
  }

  @Mutation(() => Boolean, {
    description:
      '删除赋权记录（仅用于更正错误；收回请用 validTo）· Delete an empowerment (to correct a mistake; to take a power back set validTo)',
  })
  async deleteEmpowerment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, REASON) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await deleteRecord(ctx.db, 'empowerment', [id.trim()], ctx.who(reason));
    return true;
  }
}

async function load(ctx: RequestContext, id: string): Promise<Empowerment> {
  const [r] = await ctx.db.query<EmpowermentRow>(EMPOWERMENT_BY_ID_SQL, [id]);
  if (!r)
    throw new AppError('NOT_FOUND', `赋权记录 "${id}" 不存在 · no empowerment "${id}"`, [{ path: 'id', message: 'not found' }]);
  return { ...r, id: String(r.id), mode: r.mode as EmpowermentMode, itemCode: r.item, scopeCode: r.scope };
}
