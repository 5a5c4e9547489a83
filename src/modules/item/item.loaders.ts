import type { Db } from '../../db/database';
import { rowLoader } from '../../db/loaders';
import { ITEMS_BY_CODE_SQL, type ItemRow } from './item.sql';

/** An item by code. */
export function createItemLoaders(db: Db) {
  return {
    itemByCode: rowLoader<ItemRow>(db, ITEMS_BY_CODE_SQL, (r) => r.code),
  };
}
