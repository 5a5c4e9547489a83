import type { Problem } from '../../src/errors';
import { isIsoDate } from '../../src/dates';
import { enumOf } from '../../src/graphql/enums';
import { canonicalCode, governmentCode, governmentCodeSql, governmentOf } from '../../src/modules/jurisdiction/jurisdiction.code';
import { assignmentKey, pick, recordKey, RECORD_FIELDS, RESPONSIBILITY_ROLES } from '../../src/modules/records/record.kinds';
import { isCode, parseRecord } from '../../src/modules/records/record.parse';
import { parseDocument } from '../../src/modules/exchange/document.parse';

describe('codes', () => {
  it.each([
    ['37', '370000'],
    ['3706', '370600'],
    ['370685', '370685'],
    [' 370685004 ', '370685004'],
    ['370685004000', '370685004'],
    ['370685000000', '370685'],
    ['350527000', '350527000'],
    ['370685000', null],
    ['00', null],
    ['370685004001', null],
    ['37a', null],
  ])('canonicalCode(%j) = %j', (input, expected) => expect(canonicalCode(input)).toBe(expected));

  it('the government code round-trips', () => {
    expect(governmentCode('370685004')).toBe('370685004-GOV');
    expect(governmentOf('370685004-GOV')).toBe('370685004');
    expect(governmentOf('370685-GOV')).toBe('370685');
    expect(governmentOf('ZY-GOV')).toBeNull();
    expect(governmentCodeSql('t.code')).toBe("t.code || '-GOV'");
  });

  it('record codes and dates', () => {
    expect(isCode('ZY-TER-008')).toBe(true);
    expect(isCode('has space')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-2-1')).toBe(false);
  });
});

describe('records', () => {
  it('parses a record into canonical form, lists sorted and deduplicated', () => {
    const problems: Problem[] = [];
    const rec = parseRecord(
      'assignment',
      { item: ' I1 ', scope: '3706', body: 'B', role: 'PRIMARY', exceptIn: ['370685004', '370685001', '370685004'] },
      'x',
      problems,
    );
    expect(problems).toEqual([]);
    expect(rec).toMatchObject({ item: 'I1', scope: '370600', exceptIn: ['370685001', '370685004'], basis: [], duty: null });
  });

  it('names every problem with its path and quotes the value', () => {
    const problems: Problem[] = [];
    expect(
      parseRecord('body', { code: 'a b', kind: 'NOPE', validFrom: '2020-13-01', extra: 1 }, 'bodies[0]', problems),
    ).toBeNull();
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'bodies[0].code',
        'bodies[0].extra',
        'bodies[0].jurisdiction',
        'bodies[0].kind',
        'bodies[0].name',
        'bodies[0].validFrom',
      ].sort(),
    );
    expect(problems.find((p) => p.path === 'bodies[0].kind')!.message).toContain('"NOPE"');
  });

  it('one natural key for an assignment, one key per kind', () => {
    const a = { item: 'I', scope: '370685', body: null, relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY', validFrom: null };
    expect(assignmentKey(a)).toBe('I|370685|@TOWNSHIP_GOVERNMENT|PRIMARY|');
    expect(recordKey('entry', { catalogue: 'C', item: 'I' })).toBe('C|I');
    expect(recordKey('body', { code: 'B' })).toBe('B');
    expect(Object.keys(pick({ code: 'I', extra: 1 }, RECORD_FIELDS.item))).toEqual(RECORD_FIELDS.item);
  });

  it('GraphQL enums are generated from the constant arrays', () => {
    expect(enumOf(RESPONSIBILITY_ROLES)).toEqual({ PRIMARY: 'PRIMARY', SUPPORTING: 'SUPPORTING', SUPERVISING: 'SUPERVISING' });
  });
});

describe('interchange document', () => {
  it('parses a document into the records layer form, entries under their catalogue', () => {
    const { parsed, problems } = parseDocument({
      format: 'shudi-catalogue/1',
      items: [{ code: 'I', name: '事项', domain: '城管', category: 'TERRITORIAL' }],
      catalogues: [{ code: 'C', name: '清单', owner: '370685', kind: 'LOCAL', entries: [{ item: 'I' }] }],
      assignments: [{ item: 'I', scope: '370685', relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY' }],
    });
    expect(problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.rec.catalogue, e.rec.item, e.path])).toEqual([['C', 'I', 'catalogues[0].entries[0]']]);
    expect(parsed.entries[0].rec.basis).toBeNull(); // absent: inherits the item's
    expect(parsed.assignments[0].path).toBe('assignments[0]');
  });

  it('refuses a wrong format, unknown keys and an assignment with both holders', () => {
    const { problems } = parseDocument({
      format: 'x',
      other: 1,
      assignments: [{ item: 'I', scope: '370685', body: 'B', relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY' }],
    });
    expect(problems.map((p) => p.path)).toEqual(['format', 'other', 'assignments[0]']);
  });
});
