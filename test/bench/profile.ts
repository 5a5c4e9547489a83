/**
 * `node dist/test/bench/profile.js --scale province [--connections 64] [--duration 10] [--cache false]`:
 * a CPU profile of the server answering chains. Starts the server with `node --cpu-prof`, drives it with the
 * bench's uniform mix (50,000 pairs from every county, cache off by default) at the given concurrency, stops
 * it (the profile is written on exit) and summarises the profile offline: self time by function and by
 * package, and time including callees for the frames that matter. Uses the bench database of the scale
 * (run `npm run bench -- --scale <scale>` first). Output: docs/measurements/chain-profile-c<N>.txt and the
 * raw .cpuprofile under .data/bench/ (open it in Chrome DevTools or speedscope for a flame graph).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { ensureDatabase, startEmbedded } from '../../src/db/embedded';
import { cursor, drawPairs, mixes } from './chains';
import { benchDir, freePort, opt, startShudi, stopChild } from './common';
import { summariseProfile, type CpuProfile } from './profile-summary';

const scale = opt('scale', 'province');
const connections = Number(opt('connections', '64'));
const duration = Number(opt('duration', '10'));
const cache = opt('cache', 'false');
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main() {
  const dataDir = path.join(projectRoot(), '.data', `bench-db-${scale}`);
  const embedded = await startEmbedded({ dir: path.join(dataDir, 'pg') });
  await ensureDatabase(embedded.urlFor('postgres'), 'shudi');
  const url = embedded.urlFor('shudi');
  const database = await openDatabase({ databaseUrl: url, dataDir });
  const profDir = path.join(benchDir(), 'profiles');
  fs.rmSync(profDir, { recursive: true, force: true });
  fs.mkdirSync(profDir, { recursive: true });
  try {
    const pairs = await drawPairs(database.db, 50_000, 1);
    if (pairs.length === 0) throw new Error(`no data at scale ${scale}: run npm run bench -- --scale ${scale} first`);
    const [uniform] = mixes(pairs, [], 1);
    const port = await freePort();
    const server = await startShudi(port, url, { SHUDI_RESPONSE_CACHE: cache }, [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
      '--cpu-prof-interval=200',
    ]);
    let r: autocannon.Result;
    let stopUs = 0;
    try {
      const target = { url: `http://127.0.0.1:${port}`, connections, requests: cursor(uniform, 0) };
      await autocannon({ ...target, duration: 3 }); // warm-up: module loading and JIT stay out of the window
      r = await autocannon({ ...target, duration });
    } finally {
      const t = process.hrtime.bigint();
      await stopChild(server);
      stopUs = Number(process.hrtime.bigint() - t) / 1e3;
    }
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no profile');
    const raw = path.join(benchDir(), `chain-c${connections}.cpuprofile`);
    fs.renameSync(path.join(profDir, file), raw);
    const profile = JSON.parse(fs.readFileSync(raw, 'utf8')) as CpuProfile;
    const head =
      `Chain requests, uniform mix over ${pairs.length.toLocaleString('en-US')} pairs (scale ${scale}), response cache ${cache === 'false' ? 'off' : 'on'}, ` +
      `concurrency ${connections}, ${duration} s: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms ` +
      `(the profiler itself slows the server); samples of the server process during the measured ${duration} s only, ${new Date().toISOString().slice(0, 16)}Z.`;
    const out = path.join(projectRoot(), 'docs', 'measurements', `chain-profile-c${connections}.txt`);
    fs.writeFileSync(
      out,
      `${head}\n\n${summariseProfile(profile, r.requests.total, { fromEndUs: stopUs + duration * 1e6, toEndUs: stopUs })}`,
    );
    log(fs.readFileSync(out, 'utf8').split('\n').slice(0, 60).join('\n'));
    log(`summary written to ${out}; raw profile ${raw}`);
  } finally {
    await database.close();
    await embedded.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`profile failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
