import { DEFAULT_OPS, loadConfig, parseSize } from '../../src/config';

describe('operational configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).ops).toEqual({
      maxDepth: 12,
      maxCost: 10000,
      bodyLimit: 1024 * 1024,
      importBodyLimit: 16 * 1024 * 1024,
      statementTimeoutMs: 30000,
      importStatementTimeoutMs: 600000,
      shutdownTimeoutMs: 25000,
      metrics: true,
    });
    expect(loadConfig({}).ops).toEqual(DEFAULT_OPS);
  });

  it('reads every variable', () => {
    const ops = loadConfig({
      SHUDI_MAX_DEPTH: '8',
      SHUDI_MAX_COST: '500',
      SHUDI_BODY_LIMIT: '512kb',
      SHUDI_IMPORT_BODY_LIMIT: '100mb',
      SHUDI_STATEMENT_TIMEOUT_MS: '0',
      SHUDI_IMPORT_STATEMENT_TIMEOUT_MS: '120000',
      SHUDI_SHUTDOWN_TIMEOUT_MS: '5000',
      SHUDI_METRICS: 'off',
    }).ops;
    expect(ops).toEqual({
      maxDepth: 8,
      maxCost: 500,
      bodyLimit: 512 * 1024,
      importBodyLimit: 100 * 1024 * 1024,
      statementTimeoutMs: 0,
      importStatementTimeoutMs: 120000,
      shutdownTimeoutMs: 5000,
      metrics: false,
    });
  });

  it('refuses invalid values, listing every problem at once', () => {
    let message = '';
    try {
      loadConfig({
        SHUDI_MAX_DEPTH: '1',
        SHUDI_MAX_COST: 'lots',
        SHUDI_BODY_LIMIT: '2mb',
        SHUDI_IMPORT_BODY_LIMIT: '1mb',
        SHUDI_STATEMENT_TIMEOUT_MS: '-5',
        SHUDI_IMPORT_STATEMENT_TIMEOUT_MS: '1.5',
        SHUDI_SHUTDOWN_TIMEOUT_MS: '1e3',
        SHUDI_METRICS: 'perhaps',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of [
      'SHUDI_MAX_DEPTH="1"',
      'SHUDI_MAX_COST="lots"',
      'SHUDI_STATEMENT_TIMEOUT_MS="-5"',
      'SHUDI_IMPORT_STATEMENT_TIMEOUT_MS="1.5"',
      'SHUDI_SHUTDOWN_TIMEOUT_MS="1e3"',
      'SHUDI_METRICS="perhaps"',
      'SHUDI_IMPORT_BODY_LIMIT (1048576 bytes) is smaller than SHUDI_BODY_LIMIT (2097152 bytes)',
    ]) {
      expect(message).toContain(name);
    }
    expect(() => loadConfig({ SHUDI_BODY_LIMIT: '12 parsecs' })).toThrow(/SHUDI_BODY_LIMIT="12 parsecs" is not a size/);
    expect(() => loadConfig({ SHUDI_BODY_LIMIT: '10' })).toThrow(/between 1kb and 1gb/);
  });

  it('reads sizes as body-parser does (1024-based)', () => {
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('512kb')).toBe(524288);
    expect(parseSize('1MB')).toBe(1048576);
    expect(parseSize('1.5gb')).toBe(1610612736);
    expect(parseSize('mb')).toBeNull();
  });
});

describe('read replicas configuration', () => {
  it('has none by default, and reads every variable', () => {
    expect(loadConfig({}).replicas).toEqual({ urls: [], maxLagMs: 5000, pollMs: 250, waitMs: 1000, jobsRetryMs: 5000 });
    const c = loadConfig({
      DATABASE_URL: 'postgres://a@p/shudi',
      DATABASE_REPLICA_URLS: ' postgres://a@r1/shudi, postgresql://a@r2:5433/shudi ,',
      SHUDI_REPLICA_MAX_LAG_MS: '2000',
      SHUDI_REPLICA_POLL_MS: '100',
      SHUDI_REPLICA_WAIT_MS: '0',
      SHUDI_JOBS_LOCK_RETRY_MS: '500',
    }).replicas;
    expect(c).toEqual({
      urls: ['postgres://a@r1/shudi', 'postgresql://a@r2:5433/shudi'],
      maxLagMs: 2000,
      pollMs: 100,
      waitMs: 0,
      jobsRetryMs: 500,
    });
  });

  it('refuses a bad value naming the variable, quoting it and saying what is allowed', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@p/shudi', DATABASE_REPLICA_URLS: 'mysql://r1' })).toThrow(
      /DATABASE_REPLICA_URLS entry "mysql:\/\/r1" is not a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://a@r1/shudi' })).toThrow(/DATABASE_REPLICA_URLS=".*" needs DATABASE_URL/);
    expect(() => loadConfig({ SHUDI_REPLICA_MAX_LAG_MS: 'soon' })).toThrow(
      /SHUDI_REPLICA_MAX_LAG_MS="soon" is not a whole number of milliseconds between 10 and 3600000/,
    );
  });
});
