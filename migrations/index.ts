import { Foundation1763900000000 } from './1763900000000-Foundation';

/** Every migration, in order. ormconfig.ts hands this list to TypeORM (no globs over build output). */
export const MIGRATIONS = [Foundation1763900000000];
