import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestDatabase } from '../helpers/db';
import { DEMO, graphqlClient, type GqlClient } from '../helpers/graphql';
import { closeAll, openSeeded } from '../helpers/setup';

/** The README's call examples work as written, in order, on a fresh database holding the demo lists. */
const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## 乡呼县应 calls'), README.indexOf('## Federation'));
const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const DUTY = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/data/demo-zhaoyuan-duty.json'), 'utf8'));

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  t = await openSeeded(DEMO, DUTY);
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

it('runs every example of the calls section', async () => {
  expect(blocks.length).toBeGreaterThanOrEqual(6);
  const answers: any[] = [];
  for (const query of blocks.filter((b) => !b.trim().startsWith('subscription'))) answers.push(await gql.ok(query));
  expect(answers[0].raiseCall).toMatchObject({
    number: '1',
    state: 'DISPATCHED',
    routeRule: 'RECLAIMED',
    responders: ['370685-SCJG'],
  });
  expect(answers[3].rateCall).toMatchObject({ state: 'RATED', rating: 'SATISFIED' });
  expect(answers[3].rateCall.steps.map((s: any) => s.step)).toEqual(['call', 'dispatch', 'accept', 'answer', 'rate']);
});
