/**
 * Layer rules of src/, checked by `.ci/run` (npm run lint:layers). From the ground up:
 *   low      src/dates.ts, errors.ts, config.ts, db/, observability/, graphql/ (framework pieces)
 *   modules  src/modules/<domain>/ (records below the entity modules; the engine, analysis and formats above them)
 *   top      src/context.ts, schema.ts, app.ts, health.ts, shutdown.ts, main.ts, cli/
 * An arrow from a lower layer to a higher one is allowed only where a rule below names it and says why.
 */
const LOW = '^src/(dates|errors|config|auth[.]config)[.]ts$|^src/(db|observability|graphql)/';
const TOP = '^src/(context|schema|app|main|health|shutdown)[.]ts$|^src/cli/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a loop: split the shared part into a lower file.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'low-imports-no-module',
      severity: 'error',
      comment: 'graphql/, db/, observability/ and the low helpers serve every module: they never import one.',
      from: { path: LOW },
      to: { path: '^src/modules/' },
    },
    {
      name: 'low-imports-no-top',
      severity: 'error',
      comment:
        'The low layer never reaches up to the assembly (context, schema, app, main, cli). The one exception: ' +
        'GraphQL plumbing (plugins, the Node interface) is typed by the RequestContext it carries, and takes ' +
        'that type (type-only, erased at run time) from context.ts.',
      from: { path: LOW },
      to: { path: TOP, pathNot: '^src/context[.]ts$' },
    },
    {
      name: 'low-imports-context-types-only',
      severity: 'error',
      comment: 'The low layer may take only types from context.ts (see low-imports-no-top).',
      from: { path: LOW },
      to: { path: '^src/context[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'modules-import-no-assembly',
      severity: 'error',
      comment:
        'Modules do not import the assembly (schema, app, main, cli). The one exception: resolvers take the ' +
        'RequestContext type from context.ts (type-only, erased at run time: the request context is what every ' +
        'resolver is handed, and context.ts assembles it from the modules).',
      from: { path: '^src/modules/' },
      to: { path: TOP, pathNot: '^src/context[.]ts$' },
    },
    {
      name: 'modules-import-context-types-only',
      severity: 'error',
      comment: 'A module may take only types from context.ts (see modules-import-no-assembly).',
      from: { path: '^src/modules/' },
      to: { path: '^src/context[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'records-below-entities',
      severity: 'error',
      comment:
        'The records layer (kinds, checks, SQL, writer, the write protocol) sits below every module that ' +
        'reads or writes records: it imports only access, change and jurisdiction among the modules.',
      from: { path: '^src/modules/records/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/(records|access|change|jurisdiction)/' },
    },
    {
      name: 'exchange-is-formats',
      severity: 'error',
      comment:
        'Nothing but the assembly imports the formats (exchange/): they sit on top of the records layer. ' +
        'Exception, written down in docs/decisions.md ("Adjustments read the interchange parser"): an adjustment carries its changes ' +
        'as an interchange document, so the workflow modules above the formats (adjustment/) read them with its parser.',
      from: { path: '^src/modules/', pathNot: '^src/modules/(exchange|adjustment)/' },
      to: { path: '^src/modules/exchange/' },
    },
    {
      name: 'jurisdiction-is-ground',
      severity: 'error',
      comment: 'The national tree, codes and scopes are what every module stands on: jurisdiction/ imports no other module.',
      from: { path: '^src/modules/jurisdiction/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/jurisdiction/' },
    },
    {
      name: 'entities-below-engine',
      severity: 'error',
      comment:
        'The entity modules (jurisdiction, body, item, catalogue, assignment) and the records layer sit below the ' +
        'engine and everything built on it (resolution, analysis, duty, version, adjustment, exchange): a rule ' +
        'both sides need (the body-level rule, say) lives in the entity module, and a field that joins an entity ' +
        'to one above it is resolved in the module above (Jurisdiction.government in body/).',
      from: { path: '^src/modules/(jurisdiction|body|item|catalogue|assignment|records)/' },
      to: { path: '^src/modules/(resolution|analysis|duty|version|adjustment|exchange)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
