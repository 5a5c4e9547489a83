import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/**
 * Arbitraries for the HTTP fuzz (test/ops/fuzz.test.ts): mutated interchange documents, variables of every
 * root field derived from the schema (well-typed garbage and wrong types), malformed queries and envelopes.
 */

// ---------------------------------------------------------------- values

const HUGE = '长'.repeat(70000);
const CODES = [
  '370685',
  '370685004',
  '37',
  '000000',
  '441900000000',
  '370685-GOV',
  '370685-STHJ',
  '370685-SCJG-WQ',
  'ZY-TER-008',
  '370685-TER-2020',
  'NOPE',
  '',
  ' ',
  '３７０６８５',
  '370685\u0000',
  "x'; drop table body; --",
  'a'.repeat(65),
  '-lead',
  '37068',
  '9999999999',
];
const DATES = [
  '2024-06-01',
  '2019-06-01',
  '2020-01-01',
  '2024-02-30',
  '2024-13-01',
  '20240101',
  '0000-01-01',
  '9999-12-31',
  '1-1-1',
  '',
];
/** Cursors a client could forge: base64url JSON of the wrong shape or content. */
const CURSORS = [
  ['\u0000'],
  [1e300],
  [null],
  [{}],
  ['x', 'y'],
  [-1],
  ['99999999999999999999'],
  ['ZY-TER-008'],
  [[]],
  'notjson',
].map((k) => Buffer.from(typeof k === 'string' ? k : JSON.stringify(k)).toString('base64url'));
const NASTY = [
  '\u0000',
  '\ud800',
  '\u202e反向',
  '😀'.repeat(50),
  '\u200b',
  'null',
  'undefined',
  '{}',
  '[]',
  '$1',
  '%s',
  '\\',
  '"',
  '\n\t',
  '   ',
];

/** Strings worth trying wherever a string goes: codes, dates, nasty characters, random text (any code unit). */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CODES) },
  { weight: 1, arbitrary: fc.constantFrom(...DATES) },
  { weight: 1, arbitrary: fc.constantFrom(...CURSORS) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);

/** A value nested `depth` levels deep in arrays or objects. */
export const deepArb: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { k: v };
    return v;
  });

/** Any JSON-ish value of the wrong kind for where it lands. */
export const garbageArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, -0)) },
  { weight: 4, arbitrary: stringArb },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(stringArb, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: deepArb },
);

// ---------------------------------------------------------------- interchange documents

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (list of keys/indexes) inside a JSON value down to the document's own depth, the root included. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length >= 6) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k], [...prefix, k], out);
  return out;
}

const OPS = [
  'replace',
  'replace',
  'replace',
  'delete',
  'unknownKey',
  'duplicate',
  'wrapInArray',
  'emptyObject',
  'swapWithSibling',
] as const;
export interface DocMutation {
  op: (typeof OPS)[number];
  at: number;
  value: unknown;
  key: string;
}
const mutationArb: fc.Arbitrary<DocMutation> = fc.record({
  op: fc.constantFrom(...OPS),
  at: fc.nat(),
  value: garbageArb,
  key: fc.oneof(
    fc.constantFrom('scop', 'Code', 'entries', '__proto__', 'constructor', 'id', 'format', ''),
    fc.string({ maxLength: 6 }),
  ),
});

/** Applies mutations to a deep copy of `doc` (paths chosen among the current document's, modulo their number). */
export function mutateDocument(doc: Json, mutations: DocMutation[]): Json {
  let root = JSON.parse(JSON.stringify(doc)) as Json;
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.at % all.length];
    if (path.length === 0) {
      if (m.op === 'replace') root = m.value as Json;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, k) => node[k as never], root);
    const key = path[path.length - 1];
    switch (m.op) {
      case 'replace':
        parent[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'unknownKey':
        if (parent[key] && typeof parent[key] === 'object' && !Array.isArray(parent[key])) {
          Object.defineProperty(parent[key], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        }
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[key as number])));
        break;
      case 'wrapInArray':
        parent[key] = [parent[key]];
        break;
      case 'emptyObject':
        parent[key] = {};
        break;
      case 'swapWithSibling':
        if (Array.isArray(parent) && parent.length > 1) {
          const other = ((key as number) + 1) % parent.length;
          [parent[key as number], parent[other]] = [parent[other], parent[key as number]];
        }
        break;
    }
  }
  return root;
}

export interface ImportCase {
  kind: 'mutated' | 'section' | 'arbitrary';
  document: unknown;
  dryRun: boolean;
}

/** Documents: the demo with 1–4 mutations, a section replaced by garbage, or any JSON value at all. */
export function importCaseArb(demo: Json): fc.Arbitrary<ImportCase> {
  const sections = ['format', 'note', 'bodies', 'items', 'catalogues', 'assignments'];
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({ ms: fc.array(mutationArb, { minLength: 1, maxLength: 4 }), dryRun: fc.boolean() })
        .map(({ ms, dryRun }) => ({
          kind: 'mutated' as const,
          document: mutateDocument(demo, ms),
          dryRun: dryRun && ms.length % 2 === 0,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.record({ s: fc.constantFrom(...sections), v: garbageArb, dryRun: fc.boolean() }).map(({ s, v, dryRun }) => ({
        kind: 'section' as const,
        document: { ...(demo as object), [s]: v },
        dryRun,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ v: fc.oneof(fc.jsonValue({ maxDepth: 4 }), garbageArb), dryRun: fc.boolean() })
        .map(({ v, dryRun }) => ({
          kind: 'arbitrary' as const,
          document: v,
          dryRun,
        })),
    },
  );
}

// ---------------------------------------------------------------- variables of every root field

/** Well-typed values of `type` (garbage inside the type). */
function typedArb(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return typedArb(type.ofType, depth);
  if (isListType(type)) return fc.array(typedArb(type.ofType, depth + 1), { maxLength: depth > 1 ? 1 : 4 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, fc.oneof(typedArb(f.type, depth + 1), fc.constant(null))]));
    return fc.record(model, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  }
  switch (type.name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(0, 1, 100, 101, -1, 2147483647, -2147483648));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.oneof(
        fc.constantFrom('1', '2', '0', '-1', 'abc', '1.5', '99999999999999999999', '9223372036854775808', ''),
        fc.nat().map(String),
      );
    case 'Date':
      return fc.constantFrom(...DATES);
    case 'JSON':
      return fc.oneof(fc.jsonValue({ maxDepth: 3 }), garbageArb);
    case '_Any':
      return fc.oneof(
        fc.record({ __typename: fc.constantFrom('Body', 'Item', 'Jurisdiction', 'Catalogue', 'Nope', ''), code: stringArb }),
        fc.record({ __typename: fc.constantFrom('Body', 'Item') }),
        garbageArb,
      );
    case 'FieldSet':
    case 'link__Import':
      return stringArb;
    default:
      return stringArb;
  }
}

/** A value of the wrong type for `type` (GraphQL must refuse it while coercing variables). */
const wrongArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(1.5),
  fc.constant(2 ** 40),
  fc.constant('not-a-number'),
  fc.constant(true),
  fc.constant({ nested: { object: 1 } }),
  fc.constant([['a'], ['b']]),
  fc.constant({}),
  fc.constant('NOT_AN_ENUM_VALUE'),
  deepArb,
);

export interface VariablesCase {
  kind: 'typed' | 'wrong-type' | 'missing' | 'extra' | 'sweep';
  field: string;
  operation: 'query' | 'mutation';
  query: string;
  variables: Record<string, unknown>;
}

/** A selection that reads a good part of `type`: leaves, and objects down to `budget` levels (connections free). */
export function selectionFor(type: GraphQLType, budget = 2): string {
  const named = getNamedType(type) as GraphQLNamedType;
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts: string[] = [];
  for (const f of Object.values((named as GraphQLObjectType).getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(f.type);
    if (isLeafType(inner)) parts.push(f.name);
    else {
      const free = named.name.endsWith('Connection') || named.name.endsWith('Edge');
      if (free || budget > 0) parts.push(`${f.name} ${selectionFor(f.type, free ? budget : budget - 1)}`);
    }
  }
  return `{ __typename ${parts.join(' ')} }`;
}

function variablesCaseArb(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): fc.Arbitrary<VariablesCase> {
  const args = field.args;
  const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const query = `${operation} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${call} ${selectionFor(field.type)} }`;
  const typed = fc.record(Object.fromEntries(args.map((a) => [a.name, typedArb(a.type)])), {
    requiredKeys: args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
  });
  const base = { field: field.name, operation, query };
  if (args.length === 0) return typed.map((variables) => ({ ...base, kind: 'typed' as const, variables }));
  return fc.oneof(
    { weight: 5, arbitrary: typed.map((variables) => ({ ...base, kind: 'typed' as const, variables })) },
    {
      weight: 3,
      arbitrary: fc.tuple(typed, fc.nat(args.length - 1), wrongArb).map(([v, i, w]) => ({
        ...base,
        kind: 'wrong-type' as const,
        variables: { ...v, [args[i].name]: w },
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(typed, fc.nat(args.length - 1)).map(([v, i]) => {
        const { [args[i].name]: _dropped, ...rest } = v;
        return { ...base, kind: 'missing' as const, variables: rest };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(typed, fc.string({ maxLength: 8 }), garbageArb).map(([v, k, g]) => ({
        ...base,
        kind: 'extra' as const,
        variables: { ...v, [`x${k}`]: g },
      })),
    },
  );
}

/** Variables cases for every field of Query and Mutation (each field equally likely). */
export function variablesArb(schema: GraphQLSchema): fc.Arbitrary<VariablesCase> {
  const roots: ['query' | 'mutation', GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  const arbs = roots.flatMap(([op, type]) => Object.values(type?.getFields() ?? {}).map((f) => variablesCaseArb(op, f)));
  return fc.oneof(...arbs);
}

/** Values of the wrong type for `type`: at least two per argument, whatever the argument is. */
function wrongValuesFor(type: GraphQLInputType): unknown[] {
  const named = getNamedType(type);
  const base: unknown[] = isNonNullType(type) ? [null] : [];
  if (isListType(isNonNullType(type) ? type.ofType : type)) return [...base, { not: 'a list' }, [[['nested']]]];
  if (isInputObjectType(named)) return [...base, 'not an object', { noSuchField: 1 }];
  if (isEnumType(named)) return [...base, 'NOT_A_VALUE', 3];
  switch (named.name) {
    case 'Int':
      return [...base, '12', 1.5, 2 ** 31];
    case 'Boolean':
      return [...base, 'true', 0];
    case 'JSON':
      return [...base, deepValue(100)];
    case 'Date':
      return [...base, 20240101, '2024-02-30', { y: 2024 }];
    default:
      return [...base, 12345, { s: 'x' }, ['a']];
  }
}
const deepValue = (n: number): unknown => (n === 0 ? [] : [deepValue(n - 1)]);

/**
 * Every argument of every root field, given each of its wrong values in turn (the other arguments well typed),
 * and every required argument left out: a deterministic sweep next to the random cases.
 */
export function sweepCases(schema: GraphQLSchema, seed: number): VariablesCase[] {
  const out: VariablesCase[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const args = field.args;
      const [good] = fc.sample(
        variablesCaseArb(operation, field).filter((c) => c.kind === 'typed'),
        { numRuns: 1, seed },
      );
      for (const arg of args) {
        for (const wrong of wrongValuesFor(arg.type)) {
          out.push({ ...good, kind: 'sweep', variables: { ...good.variables, [arg.name]: wrong } });
        }
        if (isNonNullType(arg.type)) {
          const { [arg.name]: _gone, ...rest } = good.variables;
          out.push({ ...good, kind: 'sweep', variables: rest });
        }
      }
    }
  }
  return out;
}

export function rootFieldNames(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t?.getFields() ?? {}));
}

// ---------------------------------------------------------------- malformed queries and envelopes

const VALID = [
  '{ jurisdiction(code: "370685") { name children { code name } } }',
  '{ responsibleChain(itemCode: "ZY-TER-008", jurisdictionCode: "370685004") { asOf applicable flags levels { level holders { role body { name } } } } }',
  '{ responsibilityFlags(scopeCode: "370685", first: 20) { totalCount countsByKind { kind count } edges { node { kind item { name } } } pageInfo { hasNextPage endCursor } } }',
  '{ coverage(scopeCode: "370685", groupBy: COUNTY) { edges { node { domain applicable owned } } } }',
  '{ changes(first: 5) { edges { cursor node { entity key operation } } } }',
  'query Q($c: String!) { body(code: $c) { code name level jurisdiction { name } } }',
  'mutation { deleteItem(code: "NOPE-ITEM") }',
  'query { items(first: 3) { edges { node { code ...F } } } } fragment F on Item { name domain }',
  '{ catalogues { edges { node { code entries(first: 2) { edges { node { item { code } } } } } } } }',
];
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '@',
  '...',
  '=',
  '|',
  '&',
  ',',
  '"',
  '"""',
  '#',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'true',
  'false',
  'null',
  '__typename',
  '__schema',
  '__type',
  'jurisdiction',
  'code',
  'name',
  'items',
  'first',
  'edges',
  'node',
  'importCatalogue',
  'deleteBody',
  '"370685"',
  '12',
  '-1',
  '1.5e999',
  '\u0000',
  '😀',
  'x'.repeat(300),
  '@skip(if: true)',
  '@include(if: $x)',
  '@deprecated',
  '@nope',
];

export interface QueryCase {
  kind: string;
  body?: unknown;
  /** A raw request instead of a JSON POST. */
  raw?: { method: 'GET' | 'POST'; search?: string; contentType?: string; text?: string; headers?: Record<string, string> };
}

const editArb = fc.record({ at: fc.nat(), len: fc.integer({ min: 0, max: 6 }), insert: fc.constantFrom(...TOKENS, '', ' ') });
const randomName = fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,12}$/);

export const queryCaseArb: fc.Arbitrary<QueryCase> = fc.oneof(
  // random token soup
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
      .map((ts) => ({ kind: 'tokens', body: { query: ts.join(' ') } })),
  },
  // valid queries with random edits
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom(...VALID), fc.array(editArb, { minLength: 1, maxLength: 4 })).map(([q, edits]) => {
      let s = q;
      for (const e of edits) {
        const at = e.at % (s.length + 1);
        s = s.slice(0, at) + e.insert + s.slice(at + e.len);
      }
      return { kind: 'edited', body: { query: s } };
    }),
  },
  // unknown fields and arguments
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...VALID.slice(0, 6)), randomName, fc.boolean()).map(([q, name, asArg]) => ({
      kind: 'unknown-field',
      body: { query: asArg ? q.replace('(', `(${name}: 1, `) : q.replace(/\{ (\w)/, `{ ${name} $1`) },
    })),
  },
  // many aliases
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 300, max: 6000 })),
        fc.constantFrom(
          '__typename',
          'item(code: "X") { code }',
          'items(first: 100) { totalCount }',
          'jurisdiction(code: "37") { children { code } }',
        ),
      )
      .map(([n, f]) => ({
        kind: 'aliases',
        body: { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ')} }` },
      })),
  },
  // deep nesting
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 2, max: 3000 }), fc.constantFrom('parent', 'children', 'x', 'edges')).map(([d, f]) => ({
      kind: 'deep',
      body: { query: `{ jurisdiction(code: "37") ${`{ ${f} `.repeat(d)}{ code }${' }'.repeat(d)} }` },
    })),
  },
  // fragments: cycles, unknown, wrong type, exponential fan-out
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 3 }).chain((variant) =>
      fc.integer({ min: 2, max: 40 }).map((n) => {
        const q = [
          '{ jurisdiction(code: "37") { ...A } } fragment A on Jurisdiction { parent { ...B } } fragment B on Jurisdiction { ...A }',
          '{ jurisdiction(code: "37") { ...Missing } }',
          '{ jurisdiction(code: "37") { ...I } } fragment I on Item { code }',
          `{ jurisdiction(code: "37") { ...F${n} } } fragment F0 on Jurisdiction { code name } ${Array.from(
            { length: n },
            (_, i) => `fragment F${i + 1} on Jurisdiction { parent { ...F${i} } children { ...F${i} } }`,
          ).join(' ')}`,
        ][variant];
        return { kind: 'fragments', body: { query: q } };
      }),
    ),
  },
  // operations and variables that do not fit
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        { query: 'subscription { changes { totalCount } }' },
        { query: '{ items { totalCount } } { items { totalCount } }' },
        { query: 'query A { items { totalCount } } query A { items { totalCount } }' },
        { query: 'query A { items { totalCount } }', operationName: 'B' },
        { query: 'query A { items { totalCount } } query B { items { totalCount } }' },
        { query: '{ items { totalCount } }', operationName: 'A' },
        { query: 'query($x: Boolean!) { items @skip(if: $x) { totalCount } }' },
        { query: 'query { items @skip(if: $undeclared) { totalCount } }' },
        { query: 'query($x: Int) { items(first: $x, after: $x) { totalCount } }', variables: { x: 5 } },
        { query: 'query($x: NoSuchType) { items { totalCount } }' },
        { query: 'query($x: Int = "a") { items(first: $x) { totalCount } }' },
        { query: '{ items @nope { totalCount } }' },
        { query: '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }' },
        { query: '{ __type(name: "Query") { name } }' },
        { query: '{ _service { sdl } }' },
        { query: '{ _entities(representations: [{ __typename: "Nope" }]) { __typename } }' },
        { query: '{ _entities(representations: [{}]) { __typename } }' },
        { query: '{ _entities(representations: [1, "x", null]) { __typename } }' },
        { query: 'mutation { __typename }' },
        { query: '# only a comment' },
        { query: '' },
      )
      .map((body) => ({ kind: 'operations', body })),
  },
  // request envelopes
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((body) => ({ kind: 'envelope', body })),
      fc.record({ query: garbageArb }).map((body) => ({ kind: 'envelope', body })),
      fc
        .record({ query: fc.constant('{ items { totalCount } }'), variables: garbageArb, operationName: garbageArb })
        .map((body) => ({ kind: 'envelope', body })),
      fc
        .record({ query: fc.constant('{ items { totalCount } }'), extensions: garbageArb })
        .map((body) => ({ kind: 'envelope', body })),
      fc.constant({ kind: 'envelope', body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } } }),
      fc.constant({ kind: 'envelope', body: [{ query: '{ items { totalCount } }' }, { query: '{ items { totalCount } }' }] }),
      fc.constantFrom(
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'application/json', text: '' } },
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'application/json', text: '{"query": ' } },
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'application/json', text: '"just a string"' } },
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'application/json; charset=latin-7', text: '{}' } },
        {
          kind: 'raw',
          raw: {
            method: 'POST' as const,
            contentType: 'application/json',
            text: '{}',
            headers: { 'content-encoding': 'br-nope' },
          },
        },
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'application/graphql', text: '{ items { totalCount } }' } },
        {
          kind: 'raw',
          raw: { method: 'POST' as const, contentType: 'text/plain', text: '{"query":"{ items { totalCount } }"}' },
        },
        { kind: 'raw', raw: { method: 'POST' as const, contentType: 'multipart/form-data; boundary=x', text: '--x--' } },
        { kind: 'raw', raw: { method: 'POST' as const, text: '{"query":"{ items { totalCount } }"}' } },
      ),
      fc.tuple(fc.constantFrom(...VALID), fc.string({ maxLength: 20 }), fc.boolean()).map(([q, junk, preflight]) => ({
        kind: 'get',
        raw: {
          method: 'GET' as const,
          search: `?query=${encodeURIComponent(q + junk)}&variables=${encodeURIComponent(junk)}`,
          headers: (preflight ? { 'apollo-require-preflight': '1' } : {}) as Record<string, string>,
        },
      })),
    ),
  },
);
