import { Client } from 'pg';
import type { Db } from '../../db/database';

/**
 * Subscriptions across instances: every call event is announced at its commit (NOTIFY shudi_call, a trigger on
 * call_event), and each instance's hub LISTENs once and hands the events to its subscribers whose scope holds
 * the calling township. A subscriber is an async iterator of call numbers; leaving it (return) unsubscribes.
 */
interface Note {
  call: string;
  township: string;
  event: string;
}
interface Subscriber {
  scope: string;
  push(n: Note): void;
  end(): void;
}

export class CallHub {
  private client: Client | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private readonly paths = new Map<string, string[]>();
  private stopped = false;
  /** Called for every notification (the webhook worker wakes up on it). */
  onEvent: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly log: (msg: string, data?: object) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'shudi-calls' });
    client.on('notification', (m) => {
      if (m.channel !== 'shudi_call' || !m.payload) return;
      void this.dispatch(JSON.parse(m.payload) as Note);
    });
    client.on('error', (e) => {
      this.log('call listener lost', { error: String(e) });
      this.client = null;
      if (!this.stopped) setTimeout(() => void this.start().catch(() => undefined), 1000);
    });
    await client.connect();
    await client.query('listen shudi_call');
    this.client = client;
  }

  private async pathOf(township: string): Promise<string[]> {
    let path = this.paths.get(township);
    if (!path) {
      const [row] = await this.db.query<{ path: string[] }>(`select path from jurisdiction where code = $1`, [township]);
      path = row?.path ?? [township];
      this.paths.set(township, path);
    }
    return path;
  }

  private async dispatch(n: Note): Promise<void> {
    this.onEvent?.();
    if (this.subscribers.size === 0) return;
    const path = await this.pathOf(n.township);
    for (const s of this.subscribers) if (s.scope === '000000' || path.includes(s.scope)) s.push(n);
  }

  /** The call numbers of events under `scope` from now on, in commit order, until the iterator is returned. */
  subscribe(scope: string): AsyncIterableIterator<string> {
    const queue: string[] = [];
    let wake: ((r: IteratorResult<string>) => void) | null = null;
    let done = false;
    const sub: Subscriber = {
      scope,
      end: () => void finish(),
      push: (n) => {
        if (wake) {
          const w = wake;
          wake = null;
          w({ value: n.call, done: false });
        } else queue.push(n.call);
      },
    };
    this.subscribers.add(sub);
    const finish = async (): Promise<IteratorResult<string>> => {
      done = true;
      this.subscribers.delete(sub);
      wake?.({ value: undefined, done: true });
      wake = null;
      return { value: undefined, done: true };
    };
    return {
      next: () =>
        done
          ? Promise.resolve({ value: undefined, done: true })
          : queue.length
            ? Promise.resolve({ value: queue.shift()!, done: false })
            : new Promise((resolve) => (wake = resolve)),
      return: finish,
      throw: async (e) => {
        await finish();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of [...this.subscribers]) s.end();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
