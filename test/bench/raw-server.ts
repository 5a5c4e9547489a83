/**
 * The raw-pg chain baseline: a minimal node http server that answers the bench's chain requests (the same
 * POST bodies autocannon sends to shudi) with one prepared, parameterised statement on a pg Pool of the
 * same size as shudi's (10). No GraphQL, no framework: the floor a hand-written service would stand on.
 * Env: DATABASE_URL, PORT. Prints "raw ready" when listening.
 */
import * as http from 'node:http';
import { Pool, types } from 'pg';
import { RAW_CHAIN_SQL } from './baselines';

types.setTypeParser(types.builtins.DATE, (v: string) => v);
const todayInChina = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'shudi-raw' });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let item: string, place: string;
    try {
      ({ item, place } = JSON.parse(Buffer.concat(chunks).toString()).variables);
    } catch {
      res.writeHead(400).end();
      return;
    }
    pool.query({ name: 'raw_chain', text: RAW_CHAIN_SQL, values: [item, place, todayInChina()] }).then(
      (r) => {
        const body = JSON.stringify({ data: { chain: r.rows[0]?.chain ?? null } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('raw ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
