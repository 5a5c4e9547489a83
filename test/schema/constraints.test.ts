import { pgError, type Db } from '../../src/db/database';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The database holds the model itself (migrations/1763900000000-Foundation.ts): whatever path a write
 * takes, a row that breaks SPEC §1–4 is rejected by PostgreSQL, naming the constraint.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  // Fixtures every case may reference.
  await t.db.query(
    `insert into body (code, name, jurisdiction_code, kind) values ('370685-DEPT', '招远市某局', '370685', 'DEPARTMENT')`,
  );
  await t.db.query(`insert into item (code, name, domain, category) values ('T-ITEM', '秸秆禁烧', '生态环境', 'TERRITORIAL')`);
  await t.db.query(`insert into catalogue (code, name, owner_code, kind) values ('T-GUIDE', '指导目录', '370000', 'GUIDING')`);
  await t.db.query(
    `insert into catalogue (code, name, owner_code, kind, guiding_code) values ('T-LOCAL', '实施清单', '370685', 'LOCAL', 'T-GUIDE')`,
  );
});
afterAll(() => t.close());

/** The constraint a statement (or a transaction) is rejected with; fails the test when it is accepted. */
async function rejection(run: () => Promise<unknown>): Promise<{ constraint?: string; code?: string; message: string }> {
  try {
    await run();
  } catch (e) {
    const pg = pgError(e);
    if (!pg) throw e;
    return { constraint: pg.constraint, code: pg.code, message: pg.message };
  }
  throw new Error('expected the database to reject this, but it was accepted');
}

const sql =
  (text: string, params: unknown[] = []) =>
  () =>
    t.db.query(text, params);

const count = async (db: Db, text: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`select count(*)::int as n from (${text}) x`, params))[0].n;

const BODY = `insert into body (code, name, jurisdiction_code, kind, parent_code, serves, valid_from, valid_to, successor_code)
  values ($1, $2, $3, $4, $5, coalesce($6::varchar[], '{}'), $7, $8, $9)`;
const body = (
  code: string,
  kind: string,
  o: {
    jurisdiction?: string;
    parent?: string;
    serves?: string[];
    from?: string;
    to?: string;
    successor?: string;
    name?: string;
  } = {},
) =>
  sql(BODY, [
    code,
    o.name ?? '某机构',
    o.jurisdiction ?? '370685',
    kind,
    o.parent ?? null,
    o.serves ?? null,
    o.from ?? null,
    o.to ?? null,
    o.successor ?? null,
  ]);

const ASSIGNMENT = `insert into assignment (item_code, scope_code, body_code, relative, role, valid_from, valid_to, except_in, catalogue_code)
  values ($1, $2, $3, $4, $5, $6, $7, coalesce($8::varchar[], '{}'), $9)`;
const assignment = (o: {
  item?: string;
  scope?: string;
  body?: string | null;
  relative?: string | null;
  role?: string;
  from?: string | null;
  to?: string | null;
  exceptIn?: string[];
  catalogue?: string | null;
}) =>
  sql(ASSIGNMENT, [
    o.item ?? 'T-ITEM',
    o.scope ?? '370685',
    o.body === undefined ? '370685-DEPT' : o.body,
    o.relative ?? null,
    o.role ?? 'PRIMARY',
    o.from ?? null,
    o.to ?? null,
    o.exceptIn ?? null,
    o.catalogue ?? null,
  ]);

describe('check constraints', () => {
  it.each<[string, () => Promise<unknown>, string]>([
    // jurisdiction
    [
      'a 5-digit code',
      sql(
        `insert into jurisdiction (code, name, level, parent_code, path) values ('37068', '某', 'COUNTY', '370600', '{370000,370600,37068}')`,
      ),
      'ck_jurisdiction_code',
    ],
    [
      'the nation as a jurisdiction',
      sql(`insert into jurisdiction (code, name, level, path) values ('000000', '全国', 'PROVINCE', '{000000}')`),
      'ck_jurisdiction_code',
    ],
    [
      'letters in a code',
      sql(`insert into jurisdiction (code, name, level, path) values ('37000A', '某', 'PROVINCE', '{37000A}')`),
      'ck_jurisdiction_code',
    ],
    [
      'a 6-digit township',
      sql(
        `insert into jurisdiction (code, name, level, parent_code, path) values ('370699', '某', 'TOWNSHIP', '370600', '{370000,370600,370699}')`,
      ),
      'ck_jurisdiction_code_level',
    ],
    [
      'a province with a parent',
      sql(
        `insert into jurisdiction (code, name, level, parent_code, path) values ('990000', '某', 'PROVINCE', '370000', '{370000,990000}')`,
      ),
      'ck_jurisdiction_parent',
    ],
    [
      'a path not ending in the code',
      sql(
        `insert into jurisdiction (code, name, level, parent_code, path) values ('370699', '某', 'COUNTY', '370600', '{370000,370600}')`,
      ),
      'ck_jurisdiction_path',
    ],
    // body
    ['GOVERNMENT whose code is not <jurisdiction>-GOV', body('370685-ZF', 'GOVERNMENT'), 'ck_body_government'],
    [
      'GOVERNMENT of another jurisdiction’s code',
      body('370685004-GOV-2', 'GOVERNMENT', { jurisdiction: '370685004' }),
      'ck_body_government',
    ],
    [
      'a department coded as its jurisdiction’s government',
      sql(`update body set kind = 'DEPARTMENT' where code = '370685-GOV'`),
      'ck_body_government',
    ],
    [
      'a government moved to another jurisdiction',
      sql(`update body set jurisdiction_code = '370685' where code = '370685004-GOV'`),
      'ck_body_government',
    ],
    ['STATIONED without parent', body('370685-SCJG-X', 'STATIONED', { serves: ['370685004'] }), 'ck_body_stationed'],
    ['a department with a parent', body('370685-DEPT-2', 'DEPARTMENT', { parent: '370685-DEPT' }), 'ck_body_stationed'],
    ['a department that serves townships', body('370685-DEPT-3', 'DEPARTMENT', { serves: ['370685004'] }), 'ck_body_serves'],
    ['OTHER that serves townships', body('370685-OTHER', 'OTHER', { serves: ['370685004'] }), 'ck_body_serves'],
    ['unknown body kind', body('370685-X', 'AGENCY'), 'ck_body_kind'],
    ['body code with a space', body('370685 X', 'DEPARTMENT'), 'ck_body_code'],
    ['blank body name', body('370685-BLANK', 'DEPARTMENT', { name: '  ' }), 'ck_body_name'],
    ['body validTo = validFrom', body('370685-V', 'DEPARTMENT', { from: '2020-01-01', to: '2020-01-01' }), 'ck_body_validity'],
    ['body validTo < validFrom', body('370685-V', 'DEPARTMENT', { from: '2020-01-01', to: '2019-01-01' }), 'ck_body_validity'],
    ['body as its own parent', body('370685-SELF', 'STATIONED', { parent: '370685-SELF' }), 'ck_body_parent_self'],
    ['body as its own successor', body('370685-SELF', 'DEPARTMENT', { successor: '370685-SELF' }), 'ck_body_successor_self'],
    // item
    [
      'unknown item category',
      sql(`insert into item (code, name, domain, category) values ('T-X', '某', '某', 'TERRITORY')`),
      'ck_item_category',
    ],
    [
      'blank item domain',
      sql(`insert into item (code, name, domain, category) values ('T-X', '某', ' ', 'TERRITORIAL')`),
      'ck_item_domain',
    ],
    [
      'item code with a slash',
      sql(`insert into item (code, name, domain, category) values ('T/X', '某', '某', 'TERRITORIAL')`),
      'ck_item_code',
    ],
    // catalogue and entries
    [
      'a GUIDING catalogue with a guiding',
      sql(
        `insert into catalogue (code, name, owner_code, kind, guiding_code) values ('T-G2', '某', '370000', 'GUIDING', 'T-GUIDE')`,
      ),
      'ck_catalogue_guiding_local',
    ],
    [
      'unknown catalogue kind',
      sql(`insert into catalogue (code, name, owner_code, kind) values ('T-C', '某', '370685', 'REGIONAL')`),
      'ck_catalogue_kind',
    ],
    [
      'catalogue derived from itself',
      sql(`insert into catalogue (code, name, owner_code, kind, guiding_code) values ('T-C', '某', '370685', 'LOCAL', 'T-C')`),
      'ck_catalogue_guiding_self',
    ],
    [
      'catalogue validTo = validFrom',
      sql(
        `insert into catalogue (code, name, owner_code, kind, valid_from, valid_to) values ('T-C', '某', '370685', 'LOCAL', '2024-01-01', '2024-01-01')`,
      ),
      'ck_catalogue_validity',
    ],
    [
      'unknown entry category',
      sql(`insert into catalogue_entry (catalogue_code, item_code, category) values ('T-LOCAL', 'T-ITEM', 'PENALTIES')`),
      'ck_catalogue_entry_category',
    ],
    [
      'entry validTo < validFrom',
      sql(
        `insert into catalogue_entry (catalogue_code, item_code, valid_from, valid_to) values ('T-LOCAL', 'T-ITEM', '2024-01-01', '2023-01-01')`,
      ),
      'ck_catalogue_entry_validity',
    ],
    // assignment
    ['both body and relative', assignment({ relative: 'TOWNSHIP_GOVERNMENT' }), 'ck_assignment_holder'],
    ['neither body nor relative', assignment({ body: null }), 'ck_assignment_holder'],
    ['unknown relative', assignment({ body: null, relative: 'COUNTY_GOVERNMENT' }), 'ck_assignment_relative'],
    ['unknown role', assignment({ role: 'LEAD' }), 'ck_assignment_role'],
    ['assignment validTo = validFrom', assignment({ from: '2024-01-01', to: '2024-01-01' }), 'ck_assignment_validity'],
    ['assignment validTo < validFrom', assignment({ from: '2024-01-01', to: '2020-01-01' }), 'ck_assignment_validity'],
  ])('%s → %s', async (_name, run, constraint) => {
    const r = await rejection(run);
    expect(r).toMatchObject({ code: '23514', constraint });
  });

  it('accepts the rows those rules allow', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(BODY, [
        '370685-SCJG-OK',
        '某所',
        '370685',
        'STATIONED',
        '370685-DEPT',
        ['370685004', '370685001'],
        '2020-01-01',
        '2030-01-01',
        null,
      ]);
      await tx.query(ASSIGNMENT, [
        'T-ITEM',
        '370685',
        null,
        'TOWNSHIP_GOVERNMENT',
        'SUPPORTING',
        null,
        null,
        ['370685004'],
        'T-LOCAL',
      ]);
      await tx.query(
        `insert into catalogue_entry (catalogue_code, item_code, not_applicable_in) values ('T-LOCAL', 'T-ITEM', '{370685001}')`,
      );
    });
    expect(
      await count(t.db, `select 1 from assignment where relative = 'TOWNSHIP_GOVERNMENT' and holder = '@TOWNSHIP_GOVERNMENT'`),
    ).toBe(1);
  });
});

describe('the natural key of an assignment (item, scope, holder, role, validFrom)', () => {
  it.each<[string, Parameters<typeof assignment>[0]]>([
    ['a body holder, validFrom null (nulls not distinct)', { item: 'T-ITEM', scope: '370685001', from: null }],
    ['a body holder, with validFrom', { item: 'T-ITEM', scope: '370685002', from: '2024-01-01' }],
    [
      'a relative holder, validFrom null',
      { item: 'T-ITEM', scope: '370685003', body: null, relative: 'TOWNSHIP_GOVERNMENT', from: null },
    ],
  ])('rejects a second row: %s', async (_name, key) => {
    await assignment({ ...key, to: '2030-01-01' })();
    const r = await rejection(assignment({ ...key, to: '2031-01-01' }));
    expect(r).toMatchObject({ code: '23505', constraint: 'uq_assignment_natural_key' });
  });

  it('allows rows that differ in any one key field', async () => {
    const base = { item: 'T-ITEM', scope: '370685005', from: null } as const;
    await assignment(base)();
    await assignment({ ...base, from: '2024-01-01' })();
    await assignment({ ...base, role: 'SUPPORTING' })();
    await assignment({ ...base, body: null, relative: 'TOWNSHIP_GOVERNMENT' })();
    await assignment({ ...base, body: '370685-GOV' })();
    await assignment({ ...base, scope: '370685101' })();
    expect(
      await count(t.db, `select 1 from assignment where item_code = 'T-ITEM' and scope_code in ('370685005', '370685101')`),
    ).toBe(6);
  });

  it('holder is computed, not writable', async () => {
    const r = await rejection(
      sql(
        `insert into assignment (item_code, scope_code, body_code, role, holder) values ('T-ITEM', '370685', '370685-DEPT', 'PRIMARY', 'X')`,
      ),
    );
    expect(r.code).toBe('428C9'); // generated_always
  });
});

describe('foreign keys', () => {
  it.each<[string, () => Promise<unknown>, string]>([
    ['assignment of an unknown item', assignment({ item: 'T-NOPE' }), 'assignment_item_code_fkey'],
    ['assignment held by an unknown body', assignment({ body: '370685-NOPE' }), 'assignment_body_code_fkey'],
    ['assignment with an unknown scope', assignment({ scope: '379999' }), 'assignment_scope_code_fkey'],
    [
      'assignment in an unknown catalogue',
      assignment({ scope: '370685102', catalogue: 'T-NOPE' }),
      'assignment_catalogue_code_fkey',
    ],
    [
      'body in an unknown jurisdiction',
      body('379999-X', 'DEPARTMENT', { jurisdiction: '379999' }),
      'body_jurisdiction_code_fkey',
    ],
    [
      'catalogue of an unknown owner',
      sql(`insert into catalogue (code, name, owner_code, kind) values ('T-C', '某', '379999', 'LOCAL')`),
      'catalogue_owner_code_fkey',
    ],
    [
      'entry of an unknown item',
      sql(`insert into catalogue_entry (catalogue_code, item_code) values ('T-LOCAL', 'T-NOPE')`),
      'catalogue_entry_item_code_fkey',
    ],
    [
      'entry of an unknown catalogue',
      sql(`insert into catalogue_entry (catalogue_code, item_code) values ('T-NOPE', 'T-ITEM')`),
      'catalogue_entry_catalogue_code_fkey',
    ],
    [
      'jurisdiction under an unknown parent',
      sql(
        `insert into jurisdiction (code, name, level, parent_code, path) values ('379999', '某', 'COUNTY', '379900', '{370000,379900,379999}')`,
      ),
      'jurisdiction_parent_code_fkey',
    ],
    [
      'deleting an item still assigned',
      async () => {
        await t.db.query(`insert into item (code, name, domain, category) values ('T-DEL', '某', '某', 'TERRITORIAL')`);
        await assignment({ item: 'T-DEL', scope: '370685105' })();
        await t.db.query(`delete from item where code = 'T-DEL'`);
      },
      'assignment_item_code_fkey',
    ],
    [
      'deleting a body still holding an assignment',
      async () => {
        await body('370685-DEL', 'DEPARTMENT')();
        await assignment({ body: '370685-DEL', scope: '370685106' })();
        await t.db.query(`delete from body where code = '370685-DEL'`);
      },
      'assignment_body_code_fkey',
    ],
    [
      'deleting a catalogue still publishing an assignment',
      async () => {
        await t.db.query(`insert into catalogue (code, name, owner_code, kind) values ('T-DELC', '某', '370685', 'LOCAL')`);
        await assignment({ scope: '370685106', role: 'SUPPORTING', catalogue: 'T-DELC' })();
        await t.db.query(`delete from catalogue where code = 'T-DELC'`);
      },
      'assignment_catalogue_code_fkey',
    ],
    [
      'renaming an item still in a list',
      async () => {
        await t.db.query(`insert into item (code, name, domain, category) values ('T-REN', '某', '某', 'TERRITORIAL')`);
        await t.db.query(`insert into catalogue_entry (catalogue_code, item_code) values ('T-LOCAL', 'T-REN')`);
        await t.db.query(`update item set code = 'T-REN2' where code = 'T-REN'`);
      },
      'catalogue_entry_item_code_fkey',
    ],
    [
      'a change record of an unknown scope',
      sql(`insert into change (entity, key, operation, after, scope_code) values ('item', 'X', 'CREATE', '{}', '379999')`),
      'change_scope_code_fkey',
    ],
    [
      'several rows in one statement, one of them unknown',
      async () => {
        await t.db.query(`insert into item (code, name, domain, category) values ('T-MULTI', '某', '某', 'TERRITORIAL')`);
        await t.db.query(
          `insert into catalogue_entry (catalogue_code, item_code) values ('T-LOCAL', 'T-MULTI'), ('T-LOCAL', 'T-NOPE')`,
        );
      },
      'catalogue_entry_item_code_fkey',
    ],
  ])('%s → %s', async (_name, run, constraint) => {
    const r = await rejection(run);
    expect(r).toMatchObject({ code: '23503', constraint });
  });

  // the keys of the big tables are checked once per statement (a trigger), with the key's own error
  it('says which key and which value, as PostgreSQL does', async () => {
    const r = await rejection(assignment({ item: 'T-NOPE', scope: '370685108' }));
    expect(r.message).toBe('insert or update on table "assignment" violates foreign key constraint "assignment_item_code_fkey"');
    const d = await rejection(sql(`delete from item where code = 'T-ITEM'`));
    expect(d.message).toMatch(/^update or delete on table "item" violates foreign key constraint "\w+" on table "\w+"$/);
  });

  it('truncating a referenced table alone is refused; with its referencing tables it is not', async () => {
    const r = await rejection(sql('truncate item cascade'));
    expect(r).toMatchObject({ code: '23503' });
    expect(['assignment_item_code_fkey', 'catalogue_entry_item_code_fkey']).toContain(r.constraint);
    expect(await count(t.db, 'select 1 from item')).toBeGreaterThan(0);
    await t.db.transaction(async (tx) => {
      await tx.query('truncate item, catalogue_entry, assignment, empowerment, call, dispute, adjustment cascade');
      expect(await count(tx, 'select 1 from item')).toBe(0);
      throw new Error('rollback');
    }).catch((e: Error) => expect(e.message).toBe('rollback'));
    expect(await count(t.db, 'select 1 from item')).toBeGreaterThan(0);
  });

  it('deleting a catalogue deletes its entries (on delete cascade)', async () => {
    await t.db.query(`insert into catalogue (code, name, owner_code, kind) values ('T-CASC', '某', '370685', 'LOCAL')`);
    await t.db.query(`insert into catalogue_entry (catalogue_code, item_code) values ('T-CASC', 'T-ITEM')`);
    await t.db.query(`delete from catalogue where code = 'T-CASC'`);
    expect(await count(t.db, `select 1 from catalogue_entry where catalogue_code = 'T-CASC'`)).toBe(0);
  });
});

describe('jurisdiction codes inside array columns (trigger)', () => {
  it.each<[string, () => Promise<unknown>, string, string]>([
    [
      'serves',
      body('370685-SCJG-T1', 'STATIONED', { parent: '370685-DEPT', serves: ['370685004', '370685999'] }),
      'fk_body_serves',
      '370685999',
    ],
    [
      'serves, a malformed code',
      body('370685-SCJG-T2', 'STATIONED', { parent: '370685-DEPT', serves: ['3706850'] }),
      'fk_body_serves',
      '3706850',
    ],
    [
      'not_applicable_in',
      sql(
        `insert into catalogue_entry (catalogue_code, item_code, not_applicable_in) values ('T-GUIDE', 'T-ITEM', '{370685001,379999}')`,
      ),
      'fk_catalogue_entry_not_applicable_in',
      '379999',
    ],
    [
      'except_in',
      assignment({ scope: '370685103', exceptIn: ['370685103', '370685000'] }),
      'fk_assignment_except_in',
      '370685000',
    ],
  ])('%s: rejects an unknown code on insert', async (_name, run, constraint, code) => {
    const r = await rejection(run);
    expect(r).toMatchObject({ code: '23503', constraint });
    expect(r.message).toContain(`"${code}"`);
  });

  it('checks updates of the array columns too', async () => {
    await body('370685-SCJG-U', 'STATIONED', { parent: '370685-DEPT', serves: ['370685004'] })();
    const a = await rejection(sql(`update body set serves = array['370685004', '370685998'] where code = '370685-SCJG-U'`));
    expect(a).toMatchObject({ code: '23503', constraint: 'fk_body_serves' });

    await assignment({ scope: '370685104', exceptIn: ['370685104'] })();
    const b = await rejection(sql(`update assignment set except_in = '{999999}' where scope_code = '370685104'`));
    expect(b).toMatchObject({ code: '23503', constraint: 'fk_assignment_except_in' });

    await t.db.query(
      `insert into catalogue_entry (catalogue_code, item_code, not_applicable_in) values ('T-GUIDE', 'T-ITEM', '{370685001}')`,
    );
    const c = await rejection(
      sql(
        `update catalogue_entry set not_applicable_in = '{370685999}' where catalogue_code = 'T-GUIDE' and item_code = 'T-ITEM'`,
      ),
    );
    expect(c).toMatchObject({ code: '23503', constraint: 'fk_catalogue_entry_not_applicable_in' });

    expect(await t.db.query(`select serves from body where code = '370685-SCJG-U'`)).toEqual([{ serves: ['370685004'] }]);
    expect(await t.db.query(`select not_applicable_in from catalogue_entry where catalogue_code = 'T-GUIDE'`)).toEqual([
      { not_applicable_in: ['370685001'] },
    ]);
  });

  it('accepts empty arrays and known codes of any level', async () => {
    await body('370685-SCJG-V', 'STATIONED', { parent: '370685-DEPT', serves: [] })();
    await assignment({ scope: '370000', exceptIn: ['370600', '370685', '370685004'] })();
    expect(await count(t.db, `select 1 from assignment where scope_code = '370000'`)).toBe(1);
  });
});

describe('deferred foreign keys among bodies and catalogues', () => {
  it('a child before its parent, and a predecessor before its successor, inside one transaction', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(BODY, ['370685-SCJG-D1', '某所', '370685', 'STATIONED', '370685-SCJG-P', ['370685004'], null, null, null]);
      await tx.query(BODY, ['370685-AJJ-D', '安监局', '370685', 'DEPARTMENT', null, null, null, '2019-03-01', '370685-YJJ-D']);
      await tx.query(BODY, ['370685-SCJG-P', '市场监管局', '370685', 'DEPARTMENT', null, null, null, null, null]);
      await tx.query(BODY, ['370685-YJJ-D', '应急局', '370685', 'DEPARTMENT', null, null, '2019-03-01', null, null]);
      await tx.query(
        `insert into catalogue (code, name, owner_code, kind, guiding_code) values ('T-L2', '实施清单', '370685', 'LOCAL', 'T-G-LATER')`,
      );
      await tx.query(
        `insert into catalogue (code, name, owner_code, kind) values ('T-G-LATER', '指导目录', '370000', 'GUIDING')`,
      );
    });
    expect(
      await t.db.query(
        `select code, parent_code, successor_code from body where code in ('370685-SCJG-D1', '370685-AJJ-D') order by code`,
      ),
    ).toEqual([
      { code: '370685-AJJ-D', parent_code: null, successor_code: '370685-YJJ-D' },
      { code: '370685-SCJG-D1', parent_code: '370685-SCJG-P', successor_code: null },
    ]);
  });

  it.each<[string, string, unknown[], string]>([
    [
      'a dangling parent',
      BODY,
      ['370685-SCJG-D2', '某所', '370685', 'STATIONED', '370685-NOPE', null, null, null, null],
      'fk_body_parent',
    ],
    [
      'a dangling successor',
      BODY,
      ['370685-D3', '某局', '370685', 'DEPARTMENT', null, null, null, null, '370685-NOPE'],
      'fk_body_successor',
    ],
    [
      'a dangling guiding catalogue',
      `insert into catalogue (code, name, owner_code, kind, guiding_code) values ($1, $2, $3, 'LOCAL', $4)`,
      ['T-L3', '某', '370685', 'T-NOPE'],
      'fk_catalogue_guiding',
    ],
  ])('%s is accepted by the statement and rejected at commit', async (_name, text, params, constraint) => {
    let statementDone = false;
    const r = await rejection(() =>
      t.db.transaction(async (tx) => {
        await tx.query(text, params);
        statementDone = true;
      }),
    );
    expect(statementDone).toBe(true);
    expect(r).toMatchObject({ code: '23503', constraint });
    expect(
      await count(t.db, `select 1 from body where code = $1 union all select 1 from catalogue where code = $1`, [params[0]]),
    ).toBe(0);
  });

  it('deleting a body still named as a successor fails at commit', async () => {
    const r = await rejection(() => t.db.transaction((tx) => tx.query(`delete from body where code = '370685-YJJ-D'`)));
    expect(r).toMatchObject({ code: '23503', constraint: 'fk_body_successor' });
    expect(await count(t.db, `select 1 from body where code = '370685-YJJ-D'`)).toBe(1);
  });
});
