import * as fs from 'node:fs';

/** Samples a process's resident set (VmRSS in /proc/<pid>/status) every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 250): { stop(): { maxMb: number; lastMb: number; samples: number } } {
  let max = 0;
  let last = 0;
  let samples = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) {
        last = Number(m[1]) / 1024;
        max = Math.max(max, last);
        samples++;
      }
    } catch {
      // the process has gone
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { maxMb: max, lastMb: last, samples };
    },
  };
}
