import type { Db } from '../../db/database';
import { applyBuilt, type ApplyOptions, type ImportReport } from '../records/records.writer';
import { parseDocument } from './document.parse';

/**
 * INTERCHANGE.md import: the document parsed into the records layer's form, then the one writer
 * (atomic, idempotent; `dryRun` reports and writes nothing).
 */
export async function importDocument(db: Db, document: unknown, opts: ApplyOptions = {}): Promise<ImportReport> {
  opts.onProgress?.('parsing', 0);
  const built = parseDocument(document);
  return applyBuilt(db, async () => built, opts);
}
