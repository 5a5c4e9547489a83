/**
 * An offline summary of a V8 .cpuprofile (what `node --cpu-prof` writes): self time by function, by package
 * (or shudi's own file), and time including callees of shudi's functions and of the frames a request passes
 * through. Text, so it diffs and reads in review without a viewer.
 */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: a package name, `shudi:<file>`, `node:<module>` or a V8 pseudo-frame. */
function ownerOf(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `shudi:${url.slice(dist + '/dist/'.length)}`;
  return url.replace(/^file:\/\//, '');
}

/**
 * `window`: only the samples taken between these offsets (µs) before the profile's end, e.g. the measured
 * run without the server's start (module loading, schema build) and its shutdown.
 */
export function summariseProfile(p: CpuProfile, requests: number, window?: { fromEndUs: number; toEndUs: number }): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    const before = p.endTime - at;
    if (window && (before > window.fromEndUs || before < window.toEndUs)) return;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...self.entries()]
    .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, v]) => a + v, 0);
  const busyUs = totalUs - idleUs;

  const frameKey = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${ownerOf(f.url, f.functionName)}:${f.lineNumber + 1}`;
  };
  const selfByFrame = new Map<string, number>();
  const selfByOwner = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    selfByFrame.set(frameKey(id), (selfByFrame.get(frameKey(id)) ?? 0) + us);
    const owner = ownerOf(f.url, f.functionName);
    selfByOwner.set(owner, (selfByOwner.get(owner) ?? 0) + us);
    // inclusive: each distinct frame on the stack once per sample
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = frameKey(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
  const perReq = (us: number) => `${(us / 1000 / Math.max(1, requests)).toFixed(3)} ms/req`;
  const top = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${pct(us)}  ${perReq(us).padStart(14)}  ${k}`)
      .join('\n');
  return [
    `sampled ${(totalUs / 1e6).toFixed(1)} s, busy (not idle) ${(busyUs / 1e6).toFixed(1)} s = ${perReq(busyUs)} over ${requests.toLocaleString('en-US')} requests; percentages are of busy time`,
    '',
    '## Self time by package / file',
    top(selfByOwner, 25, (k) => !['((idle))', '((program))'].includes(k)),
    '',
    '## Self time by function (top 40)',
    top(selfByFrame, 40, (k) => !k.startsWith('(idle)') && !k.startsWith('(program)')),
    '',
    "## Including callees: shudi's own functions (top 40)",
    top(inclusive, 40, (k) => k.includes(' shudi:')),
    '',
    '## Including callees: every frame (top 60)',
    top(inclusive, 60, (k) => !k.startsWith('(root)') && !k.startsWith('(idle)') && !k.startsWith('(program)')),
    '',
  ].join('\n');
}
