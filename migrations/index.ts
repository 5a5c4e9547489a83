import { Foundation1763900000000 } from './1763900000000-Foundation';
import { Acknowledgement1763900100000 } from './1763900100000-Acknowledgement';

/** Every migration, in order. ormconfig.ts hands this list to TypeORM (no globs over build output). */
export const MIGRATIONS = [Foundation1763900000000, Acknowledgement1763900100000];
