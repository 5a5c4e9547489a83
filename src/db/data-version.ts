import { Client } from 'pg';
import { writeCommitted } from './database';
import { parseLsn } from './lsn';

/**
 * The data version: the generation of the lists, the last change recorded (acknowledgements included) and the
 * maintained store's last computation (a refresh changes answers without a change record).
 */
export const DATA_VERSION_SQL = `select (select value from meta where key = 'generation') || ':' || coalesce((select max(id) from change), 0)
  || ':' || coalesce((select extract(epoch from max(computed_at))::text from flag_county), '') as v`;

/**
 * What this server knows of the data version, for the response cache (src/graphql/response-cache.ts).
 * `current` is null while unknown: before listening, after a write committed through this server (until the
 * version is read again), after a notification (idem) and while the listening connection is down; callers
 * then bypass the cache. A write through another server reaches this one by NOTIFY at its commit.
 */
export class DataVersion {
  current: string | null = null;
  /** The primary's WAL position when `current` was read: data that old or newer has this version. */
  lsn: bigint | null = null;
  private client: Client | null = null;
  private seq = 0;
  private stopped = false;
  private readonly onWrite = () => this.refresh();

  constructor(
    private readonly url: string,
    private readonly log: (msg: string, data?: object) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    writeCommitted.add(this.onWrite);
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'shudi-listen' });
    client.on('notification', () => this.refresh());
    client.on('error', (e) => {
      this.log('data version listener lost', { error: String(e) });
      this.current = null;
      this.client = null;
      if (!this.stopped) setTimeout(() => void this.connect().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query('listen shudi_data');
    this.client = client;
    this.refresh();
  }

  /** Forgets the version now and reads it again (the last read started wins). */
  refresh(): void {
    this.current = null;
    const seq = ++this.seq;
    const client = this.client;
    if (!client) return;
    client.query<{ v: string; lsn: string }>(`${DATA_VERSION_SQL}, pg_current_wal_insert_lsn()::text as lsn`).then(
      (r) => {
        if (seq === this.seq && this.client === client) {
          this.current = r.rows[0].v;
          this.lsn = parseLsn(r.rows[0].lsn);
        }
      },
      () => undefined,
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    writeCommitted.delete(this.onWrite);
    this.current = null;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
