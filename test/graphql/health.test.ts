import { createApp } from '../../src/app';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('operational endpoints', () => {
  it('answers /healthz, and /readyz while the database is reachable and migrated', async () => {
    const app = await createApp({ db: t.db, config: { production: true, introspection: false } });
    const port = await app.listen(0, '127.0.0.1');
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', problems: [] });
    } finally {
      await app.stop();
    }
  });

  it('says 503 with the reason when the database is gone', async () => {
    const other = await openTestDatabase();
    const app = await createApp({ db: other.db, config: { production: true, introspection: false } });
    const port = await app.listen(0, '127.0.0.1');
    await other.close();
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; problems: string[] };
      expect(body.status).toBe('unavailable');
      expect(body.problems[0]).toContain('database unreachable');
    } finally {
      await app.stop();
    }
  });
});
