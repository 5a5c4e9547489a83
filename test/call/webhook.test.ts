import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createApp, type App } from '../../src/app';
import type { Access } from '../../src/modules/access/access.service';
import type { Principal } from '../../src/modules/access/access.rules';
import * as calls from '../../src/modules/call/call.service';
import { setCallSettings } from '../../src/modules/call/call.settings';
import { CallHub } from '../../src/modules/call/call.subscription';
import { WebhookWorker } from '../../src/modules/call/webhook.service';
import type { TestDatabase } from '../helpers/db';
import { DEMO, graphqlClient, type GqlClient } from '../helpers/graphql';
import { closeAll, openSeeded } from '../helpers/setup';
import { waitFor } from '../helpers/wait';

/**
 * Integration: the county platform's webhook receives every state change once per idempotency key, signed,
 * in order, even when it is down for a while (the outbox keeps them); subscribers on another instance hear
 * every step of the calls in their scope over graphql-ws.
 */
const DUTY = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan-duty.json'), 'utf8'));
const SECRET = 'zy-12345-secret';
const TOWNSHIP_EDITOR: Principal = { subject: '金城街道呼叫员', role: 'EDITOR', scope: '370685001' };

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  t = await openSeeded(DEMO, DUTY);
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

/** A platform's receiver: acks each key once (a repeat of an acked key is acknowledged and not processed again). */
function receiver() {
  const acked: string[] = [];
  const receipts: string[] = [];
  const bad: string[] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['idempotency-key']);
      receipts.push(key);
      const [tPart, vPart] = String(req.headers['x-shudi-signature']).split(',');
      const ts = tPart.slice(2);
      const expected = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
      if (vPart !== `v1=${expected}` || JSON.parse(body).key !== key) bad.push(key);
      const first = !acked.includes(key);
      res.on('finish', () => first && !acked.includes(key) && acked.push(key));
      res.writeHead(204).end();
    });
  };
  let server = http.createServer(handler);
  return {
    acked,
    receipts,
    bad,
    listen: (port = 0) =>
      new Promise<number>((resolve) => {
        server = http.createServer(handler);
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('outbound webhooks', () => {
  it('deliver every event exactly once per key, in order, after the receiver comes back', async () => {
    const platform = receiver();
    const port = await platform.listen();
    await setCallSettings(t.db, '370685', { webhookUrl: `http://127.0.0.1:${port}/shudi`, webhookSecret: SECRET });
    const worker = new WebhookWorker(t.db, { baseDelayMs: 40, maxDelayMs: 300, pollMs: 30 });
    worker.start();
    try {
      const items = ['ZY-TER-001', 'ZY-TER-004', 'ZY-TER-005', 'ZY-TER-012', 'ZY-TER-019'];
      const raised = [];
      for (const item of items)
        raised.push(await calls.raiseCall(t.db, { item, township: '370685001', text: `呼叫 ${item}` }, { actor: 'platform' }));
      await waitFor('some deliveries', () => platform.acked.length >= 3);
      // the platform goes down mid-run; the calls move on meanwhile
      await platform.kill();
      for (const c of raised) await calls.acceptCall(t.db, { id: c.id });
      await waitFor('failed attempts', async () => {
        const [r] = await t.db.query<{ n: number }>(`select count(*)::int as n from webhook_delivery where not ok`);
        return r.n >= 2;
      });
      for (const c of raised) await calls.answerCall(t.db, { id: c.id, answer: '已处理' });
      await platform.listen(port);
      const events = await t.db.query<{ key: string }>(
        `select event_key as key from call_event where county_code = '370685' order by id`,
      );
      expect(events.length).toBe(items.length * 4);
      await waitFor(
        'everything delivered',
        async () => {
          const [r] = await t.db.query<{ n: number }>(`select count(*)::int as n from call_event where delivered_at is null`);
          return r.n === 0;
        },
        { detail: () => `acked ${platform.acked.length}` },
      );
      expect(platform.acked).toEqual(events.map((e) => e.key)); // each key once, in order
      expect(new Set(platform.receipts)).toEqual(new Set(platform.acked));
      expect(platform.bad).toEqual([]);
    } finally {
      await worker.stop();
      await platform.kill().catch(() => undefined);
    }
    const log = await gql.ok(`{ failed: webhookDeliveries(county: "370685", ok: false) { eventKey attempt status error ok }
      delivered: webhookDeliveries(county: "370685", ok: true, limit: 100) { eventKey ok } webhookOutbox(county: "370685") { pending } }`);
    expect(log.failed.length).toBeGreaterThanOrEqual(2);
    expect(log.failed[0]).toMatchObject({ ok: false, status: null });
    expect(log.delivered.length).toBe(20);
    expect(log.webhookOutbox.pending).toBe(0);
  });
});

describe('callUpdated over graphql-ws', () => {
  let app: App;
  let hub: CallHub;
  let url: string;
  const access: Access = {
    publicRead: false,
    source: 'test',
    authenticate: async (h) => {
      if (h !== 'Bearer good') throw new Error('no');
      return { subject: 'viewer', role: 'VIEWER', scope: '370685' };
    },
  };
  beforeAll(async () => {
    hub = new CallHub(t.url, t.db);
    await hub.start();
    app = await createApp({ db: t.db, config: { production: false, introspection: true }, access, calls: hub });
    url = `ws://127.0.0.1:${await app.listen(0, '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await hub?.stop();
    await app?.stop();
  });

  const client = (authorization?: string): Client =>
    createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
      lazy: true,
    });

  it('hears every step of calls in its scope, from writes made anywhere (LISTEN/NOTIFY)', async () => {
    const c = client('Bearer good');
    const seen: { number: string; state: string }[] = [];
    const other: unknown[] = [];
    const stopOwn = c.subscribe<{ callUpdated: { number: string; state: string } }>(
      { query: 'subscription { callUpdated(scopeCode: "370685001") { number state } }' },
      {
        next: (m) => seen.push(m.data?.callUpdated ?? { number: 'error', state: JSON.stringify(m.errors) }),
        error: (e) => seen.push({ number: 'error', state: String(e) }),
        complete: () => undefined,
      },
    );
    const stopOther = c.subscribe(
      { query: 'subscription { callUpdated(scopeCode: "370683") { number } }' },
      { next: (m) => other.push(m), error: () => undefined, complete: () => undefined },
    );
    await waitFor('two subscribers', () => hub.subscriberCount === 2);
    const raised = await calls.raiseCall(
      t.db,
      { item: 'ZY-TER-001', township: '370685001', text: '秸秆焚烧' },
      { principal: TOWNSHIP_EDITOR, actor: TOWNSHIP_EDITOR.subject },
    );
    await calls.acceptCall(t.db, { id: raised.id });
    await waitFor('three events', () => seen.length >= 3, { detail: () => JSON.stringify(seen) });
    expect(seen.filter((s) => s.number !== raised.id)).toEqual([]);
    expect(seen[seen.length - 1].state).toBe('ACCEPTED');
    expect(other).toEqual([]);
    stopOwn();
    stopOther();
    await c.dispose();
  });

  it('is authorized like a query: no token, no connection', async () => {
    const c = client();
    const result = await new Promise<string>((resolve) => {
      c.subscribe(
        { query: 'subscription { callUpdated(scopeCode: "370685") { number } }' },
        {
          next: () => resolve('data'),
          error: (e) => resolve(String((e as { code?: number }).code ?? e)),
          complete: () => resolve('complete'),
        },
      );
    });
    expect(result).toBe('4403');
    await c.dispose();
  });
});
