/**
 * Lets a test spawn `node -r test/helpers/ts-register.js src/cli/main.ts …`: the CLI from its sources,
 * with no build step. Each .ts file is transpiled on require (typescript.transpileModule, the options of
 * tsconfig.json that matter at run time) and cached by content under the OS temp dir.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const version = require('typescript/package.json').version;
const cacheDir = path.join(os.tmpdir(), `shudi-ts-register-${version}`);

/** Loaded only on a cache miss: requiring typescript costs more than running the cached output. */
function transpile(source, fileName) {
  const ts = require('typescript');
  const compilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    isolatedModules: true,
    resolveJsonModule: true,
  };
  return ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${crypto.createHash('sha1').update(filename).update(source).digest('hex')}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, code);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // a cache is a cache
    }
  }
  module._compile(code, filename);
};
