import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSchema, parse, validate, type DocumentNode } from 'graphql';
import { printShudiSchema } from '../../src/schema';

/**
 * The console's own queries against the schema: a change to the API that would break the console (a removed
 * field, a renamed argument, a changed type) fails here, and so does a generated file left behind.
 */
const root = path.join(__dirname, '../..');
const operations = (): DocumentNode => parse(fs.readFileSync(path.join(root, 'src/console/src/operations.graphql'), 'utf8'));

describe('console queries', () => {
  it('compile against the committed schema/schema.graphql', () => {
    const schema = buildSchema(fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8'), { assumeValidSDL: true });
    expect(validate(schema, operations()).map((e) => e.message)).toEqual([]);
  });

  it('compile against the schema the server builds now', () => {
    const schema = buildSchema(printShudiSchema(), { assumeValidSDL: true });
    expect(validate(schema, operations()).map((e) => e.message)).toEqual([]);
  });

  it('fail to compile when a field they use is renamed (the check has teeth)', () => {
    const sdl = fs
      .readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8')
      .replace(/\backnowledged: Boolean!/g, 'acknowledgedRenamed: Boolean!');
    const errors = validate(buildSchema(sdl, { assumeValidSDL: true }), operations());
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/Cannot query field "acknowledged"/));
  });

  it('have their typed documents generated from the current schema (src/console/src/generated.ts)', () => {
    execFileSync(process.execPath, [path.join(root, 'src/console/codegen.mjs'), '--check'], { stdio: 'pipe' });
  });
});
