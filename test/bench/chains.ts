/**
 * The chain request mixes of the bench: (item, township) pairs drawn (seeded) from every county's list, so a
 * run's requests look like a real client population rather than a handful of hot keys.
 * - uniform: every pair equally likely; a 10 s run touches each pair at most about once, so the response
 *   cache cannot help (that is the honest case);
 * - zipf: pair k (in a seeded random ranking) drawn with probability ∝ 1/k^s, s = 1 (a few hot pairs, a long tail);
 * - hot500: the 500 pairs of earlier runs rotating, which after the warm-up are all response-cache hits.
 * Each mix is a fixed sequence of request bodies; every server (shudi with the cache on, off, and raw pg)
 * is driven with the same sequence from the same offset, so the figures compare like with like.
 */
import type { Request } from 'autocannon';
import type { Db } from '../../src/db/database';
import { CHAIN_QUERY } from './common';

export interface Pair {
  item: string;
  place: string;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same draws on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `n` (item, leaf) pairs spread over every county that has a list (about n ÷ counties each, chosen
 * within the county by a seeded hash), so every county is represented whatever the scale. Returns fewer pairs when the data holds fewer (a single county has ~1,700).
 */
export async function drawPairs(db: Db, n: number, seed: number): Promise<Pair[]> {
  const [{ counties }] = await db.query<{ counties: number }>(
    `select count(distinct owner_code)::int as counties from catalogue where kind = 'LOCAL'`,
  );
  // each county's pairs ranked by a seeded hash; taking ranks 1, 2, … across all counties spreads the draw
  // evenly, and a county with fewer pairs than its share leaves its remainder to the others
  const perCounty = Math.ceil((2 * n) / Math.max(1, counties));
  const rows = await db.query<Pair>(
    `select item, place from (
       select e.item_code as item, j.code as place, md5($2 || e.item_code || j.code) as h,
              row_number() over (partition by c.owner_code order by md5($2 || e.item_code || j.code)) as k
         from catalogue c join catalogue_entry e on e.catalogue_code = c.code
         join jurisdiction j on j.path @> array[c.owner_code] and j.leaf
        where c.kind = 'LOCAL') s
      where k <= $1
      order by k, h
      limit $3`,
    [perCounty, String(seed), n],
  );
  return shuffle(rows, rng(seed));
}

export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** `length` indices into `n` pairs, index k drawn with probability ∝ 1/(k+1)^s (inverse CDF, binary search). */
export function zipfSequence(n: number, length: number, s: number, seed: number): number[] {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, s);
  const random = rng(seed ^ 0x5eed);
  const out: number[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const u = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

export interface Mix {
  name: 'uniform' | 'zipf' | 'hot500';
  label: string;
  /** the request bodies, in the order they are sent (cycling) */
  bodies: string[];
  /** distinct pairs the mix draws from */
  pairs: number;
}

const bodyOf = (p: Pair) => JSON.stringify({ query: CHAIN_QUERY, variables: p });

export function mixes(pairs: Pair[], hot: Pair[], seed: number): Mix[] {
  const bodies = pairs.map(bodyOf);
  const zipf = zipfSequence(pairs.length, 400_000, 1, seed).map((k) => bodies[k]);
  return [
    { name: 'uniform', label: `uniform over ${pairs.length.toLocaleString('en-US')} pairs`, bodies, pairs: pairs.length },
    { name: 'zipf', label: `Zipf (s = 1) over ${pairs.length.toLocaleString('en-US')} pairs`, bodies: zipf, pairs: pairs.length },
    { name: 'hot500', label: `${hot.length} pairs rotating: cache-hit case`, bodies: hot.map(bodyOf), pairs: hot.length },
  ];
}

/**
 * autocannon's `requests` for one run of a mix: one request whose body is the next of the shared sequence
 * (a shared counter, so the 64 connections walk the sequence together instead of each replaying it from
 * the start), starting at `offset`.
 */
export function cursor(mix: Mix, offset: number): Request[] {
  let next = offset;
  return [
    {
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req: Request) => ({ ...req, body: mix.bodies[next++ % mix.bodies.length] }),
    },
  ];
}
