import { Foundation1763900000000 } from './1763900000000-Foundation';
import { Acknowledgement1763900100000 } from './1763900100000-Acknowledgement';
import { FlagSnapshot1763900200000 } from './1763900200000-FlagSnapshot';
import { ChangeFeed1763900300000 } from './1763900300000-ChangeFeed';
import { CatalogueVersion1763900400000 } from './1763900400000-CatalogueVersion';
import { DataNotify1763900500000 } from './1763900500000-DataNotify';
import { FlagStore1764100000000 } from './1764100000000-FlagStore';
import { DutyList1764200000000 } from './1764200000000-DutyList';
import { Adjustment1764600000000 } from './1764600000000-Adjustment';
import { FlagStoreDuty1764700000000 } from './1764700000000-FlagStoreDuty';
import { FlagStoreBodies1764800000000 } from './1764800000000-FlagStoreBodies';
import { AnalysisStore1764810000000 } from './1764810000000-AnalysisStore';
import { AnalysisStoreMarks1764820000000 } from './1764820000000-AnalysisStoreMarks';
import { Dispute1765000000000 } from './1765000000000-Dispute';
import { Call1765100000000 } from './1765100000000-Call';
import { CallFact1765100100000 } from './1765100100000-CallFact';
import { PinyinSearch1765300000000 } from './1765300000000-PinyinSearch';
import { StoreNotify1765400000000 } from './1765400000000-StoreNotify';
import { FlagUnitsByKey1765400100000 } from './1765400100000-FlagUnitsByKey';
import { SetWiseReferences1765600000000 } from './1765600000000-SetWiseReferences';
import { FlagMarkGovernmentsByKey1765600100000 } from './1765600100000-FlagMarkGovernmentsByKey';
import { FlagMarkScopesByJoin1765600200000 } from './1765600200000-FlagMarkScopesByJoin';
import { SetWiseReferencesTruncate1765600300000 } from './1765600300000-SetWiseReferencesTruncate';

/** Every migration, in order. ormconfig.ts hands this list to TypeORM (no globs over build output). */
export const MIGRATIONS = [
  Foundation1763900000000,
  Acknowledgement1763900100000,
  FlagSnapshot1763900200000,
  ChangeFeed1763900300000,
  CatalogueVersion1763900400000,
  DataNotify1763900500000,
  FlagStore1764100000000,
  DutyList1764200000000,
  Adjustment1764600000000,
  FlagStoreDuty1764700000000,
  FlagStoreBodies1764800000000,
  AnalysisStore1764810000000,
  AnalysisStoreMarks1764820000000,
  Dispute1765000000000,
  Call1765100000000,
  CallFact1765100100000,
  PinyinSearch1765300000000,
  StoreNotify1765400000000,
  FlagUnitsByKey1765400100000,
  SetWiseReferences1765600000000,
  FlagMarkGovernmentsByKey1765600100000,
  FlagMarkScopesByJoin1765600200000,
  SetWiseReferencesTruncate1765600300000,
];
