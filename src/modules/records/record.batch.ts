import type { AssignmentRecord, BodyRecord, CatalogueRecord, EmpowermentRecord, EntryRecord, ItemRecord } from './record.kinds';

/**
 * The records layer's parsed form: what every format (interchange JSON, tables) and every mutation
 * produces, and what the writer takes. Records are canonical; each keeps the place it came from.
 */
/** A record with the place it came from, so every later problem can name its path. */
export interface At<T> {
  rec: T;
  path: string;
  /** The record as the document wrote it (lists of codes are stored sorted; problems name the document's own index). */
  raw?: unknown;
}

export interface ParsedDocument {
  bodies: At<BodyRecord>[];
  items: At<ItemRecord>[];
  catalogues: At<CatalogueRecord>[];
  entries: At<EntryRecord>[];
  assignments: At<AssignmentRecord>[];
  empowerments: At<EmpowermentRecord>[];
}

export const emptyDocument = (): ParsedDocument => ({
  bodies: [],
  items: [],
  catalogues: [],
  entries: [],
  assignments: [],
  empowerments: [],
});
