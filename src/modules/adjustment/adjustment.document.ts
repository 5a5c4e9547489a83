import type { Problem } from '../../errors';
import { parseDocument } from '../exchange/document.parse';
import { emptyDocument, type ParsedDocument } from '../records/record.batch';

/** The one document an adjustment writes: its changes' records in order, each problem at `changes[i].document…`. */
export function mergedDocument(changes: { label: string; document: unknown }[]): { parsed: ParsedDocument; problems: Problem[] } {
  const merged: ParsedDocument = emptyDocument();
  const problems: Problem[] = [];
  changes.forEach((c, i) => {
    const r = parseDocument(c.document);
    const at = (p: string) => `changes[${i}].document.${p}`;
    problems.push(...r.problems.map((p) => ({ ...p, path: at(p.path) })));
    for (const k of Object.keys(merged) as (keyof ParsedDocument)[]) {
      (merged[k] as unknown[]).push(...(r.parsed[k] as { path: string }[]).map((x) => ({ ...x, path: at(x.path) })));
    }
  });
  return { parsed: merged, problems };
}
