import type { BodyRecord, CatalogueRecord, ItemRecord } from './record.kinds';
import type { CatalogueDependentRow, JurisdictionRefRow } from './records.sql';

/** What the database already holds for the codes a document references. */
export interface Known {
  jurisdictions: Map<string, JurisdictionRefRow>;
  bodies: Map<string, BodyRecord>;
  items: Set<string>;
  /** The stored items the document names, as records (for the diff). */
  itemRecords: Map<string, ItemRecord>;
  catalogues: Map<string, CatalogueRecord>;
  /** Stored catalogues derived from the document's catalogues, and stored assignments published in them. */
  dependents: CatalogueDependentRow[];
}
