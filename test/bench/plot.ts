/**
 * docs/scaling.svg: how cost grows from county to province to nation, drawn (vega-lite → vega → SVG, in
 * Node, no browser) from every .data/bench/results-<scale>.json present. `node dist/test/bench/plot.js`
 * redraws it alone; the bench redraws it after each run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { benchDir, type Figure } from './common';

const SCALES = ['county', 'province', 'nation'];

interface Point {
  scale: string;
  leaves: number;
  series: string;
  ms: number;
}

/** One point per (scale, series): times in ms against the leaves that have a list. */
export function scalingPoints(): Point[] {
  const points: Point[] = [];
  for (const scale of SCALES) {
    const file = path.join(benchDir(), `results-${scale}.json`);
    if (!fs.existsSync(file)) continue;
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { data?: { leaves_with_a_list?: number }; figures: Figure[] };
    // results written by an older bench (before the data summary existed) are not points of this plot
    if (!r.data?.leaves_with_a_list) continue;
    const leaves = r.data.leaves_with_a_list;
    const add = (series: string, ms: number | undefined) => ms !== undefined && points.push({ scale, leaves, series, ms });
    const whole = scale === 'county' ? 'county' : scale;
    const flags = r.figures.find((f) => f.figure.startsWith(`flags ${whole} `) && f.figure.includes('cold'));
    add('flags, cold (engine)', flags?.value);
    add('flags, hand-written SQL aggregate', flags?.baseline?.value);
    const warm = r.figures.find((f) => f.figure.startsWith(`flags ${whole} `) && f.figure.includes('warm'));
    add('flags, warm (snapshot)', warm?.value);
    const imp = r.figures.find((f) => f.figure.startsWith('import, first time'));
    add('import, first time', imp?.extra?.importMs);
    add('COPY of the same records', imp?.extra?.copyMs);
    const re = r.figures.find((f) => f.figure.startsWith('re-import unchanged'));
    add('re-import, unchanged province', re?.value);
    // since issue 11: the uniform mix with the cache off; older results files: the 500-pair (cache-hit) mix
    const chain = r.figures.find(
      (f) => f.figure.startsWith('chain over HTTP, uniform') && f.figure.endsWith('cache off, concurrency 1: p50 latency'),
    );
    const hits = r.figures.find((f) => f.figure === 'chain over HTTP, concurrency 1: p50 latency');
    add('chain p50, concurrency 1, uniform mix, cache off', chain?.value);
    add('chain p50, concurrency 1, 500 pairs (cache hits)', hits?.value);
  }
  return points;
}

/** Writes docs/scaling.svg; returns its path, or null with no results yet. */
export async function drawScalingPlot(out = path.join(projectRoot(), 'docs', 'scaling.svg')): Promise<string | null> {
  const values = scalingPoints();
  if (values.length === 0) return null;
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'shudi: cost by scale 规模与耗时',
      subtitle: 'x: leaves (townships) with a list · y: time (ms), both log scale',
    },
    width: 560,
    height: 340,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'leaves', type: 'quantitative', scale: { type: 'log' }, title: 'leaves with a list 有清单的乡镇数' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 280 } },
      tooltip: [{ field: 'scale' }, { field: 'series' }, { field: 'ms', format: ',.0f' }],
    },
    config: { background: 'white', font: 'sans-serif' },
  } as never).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  fs.writeFileSync(out, svg);
  return out;
}

if (require.main === module) {
  drawScalingPlot().then((f) => process.stderr.write(`${f ?? 'no results yet'}\n`));
}
