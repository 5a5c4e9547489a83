import { importDocument } from '../../src/modules/exchange/import.service';
import type { TestDatabase } from '../helpers/db';
import { demo, demoWithGuide } from '../helpers/graphql';
import { importClean, openSeeded } from '../helpers/setup';

/** A change to a catalogue must keep what is already stored valid (derived catalogues, published assignments). */
let t: TestDatabase;
beforeAll(async () => {
  t = await openSeeded(demoWithGuide());
});
afterAll(() => t.close());

const doc = (catalogues: unknown[]) => ({ format: 'shudi-catalogue/1', catalogues });

it('refuses to make a guiding catalogue LOCAL while a list derives from it', async () => {
  const r = await importDocument(t.db, doc([{ code: '370000-GUIDE', name: '山东省指导目录', owner: '370000', kind: 'LOCAL' }]));
  expect(r.problems.map((p) => p.path)).toEqual(['catalogues[0].kind']);
  expect(r.problems[0].message).toContain('370685-TER-2020');
});

it('allows it when the same document also detaches the derived list', async () => {
  const local = demo().catalogues[0];
  delete local.entries;
  const r = await importDocument(
    t.db,
    doc([
      { code: '370000-GUIDE', name: '山东省指导目录', owner: '370000', kind: 'LOCAL' },
      { ...local, guiding: null },
    ]),
    { dryRun: true },
  );
  expect(r.problems).toEqual([]);
});

it('refuses to move a catalogue away from the assignments published in it', async () => {
  const moved = { ...demo().catalogues[0], owner: '370682', guiding: '370000-GUIDE' };
  delete moved.entries;
  const r = await importDocument(t.db, doc([moved]));
  expect(r.problems.map((p) => p.path)).toEqual(['catalogues[0].owner']);
  expect(r.problems[0].message).toContain('45 stored assignment(s)');
  const wider = { ...moved, owner: '370600' }; // the city still contains 招远市
  await importClean(t.db, doc([wider]), { dryRun: true });
});
