import { composeLoaders, createLoaders } from '../../src/context';
import type { Db } from '../../src/db/database';

/** Building loaders runs no statement: a database that refuses every query shows it. */
const noQueries = new Proxy({}, { get: () => () => Promise.reject(new Error('no statement while building loaders')) }) as Db;

describe('per-module loaders', () => {
  it('each module contributes loaders named <thing>By<Key> and none hides another', () => {
    const names = Object.keys(createLoaders(noQueries));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z]*By[A-Z][A-Za-z]*$|^entryPage$/);
  });

  it('refuses one name declared by two modules', () => {
    expect(() => composeLoaders({ itemByCode: 1 }, { itemByCode: 2 })).toThrow('loader itemByCode is declared by two modules');
  });

  it('every request gets new loaders (nothing cached across requests)', () => {
    expect(createLoaders(noQueries).itemByCode).not.toBe(createLoaders(noQueries).itemByCode);
  });
});
