// Generates src/app/core/api/schema.d.ts from the backend's OpenAPI document.
//
//   npm run gen:api                      # from the app, built in-process (no server needed)
//   npm run gen:api -- --check           # fail if schema.d.ts differs from what would be generated
//   npm run gen:api -- http://127.0.0.1:5000/api/openapi.json   # from a running server
//   npm run gen:api -- /tmp/openapi.json                        # from a file
//
// In-process, `python -m online_exam.openapi_document` builds the document (and refuses one that
// is not valid OpenAPI 3.1). The output is formatted with prettier so `prettier --check` stays
// clean. `make lint` runs the check.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = 'src/app/core/api/schema.d.ts';
const VENV_PYTHON = resolve(FRONTEND, '../.venv/bin/python');
const PYTHON = process.env.PYTHON ?? (existsSync(VENV_PYTHON) ? VENV_PYTHON : 'python3');

const args = process.argv.slice(2);
const check = args.includes('--check');
const arg = args.find((a) => a !== '--check') ?? process.env.OPENAPI_SOURCE;

const scratch = mkdtempSync(join(tmpdir(), 'gen-api-'));
try {
  const source = documentFrom(arg);
  const generated = generate(source);
  const target = resolve(FRONTEND, OUTPUT);
  if (check) {
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (committed !== generated) {
      console.error(
        `gen:api: ${OUTPUT} does not match the server's OpenAPI document.\n` +
          '  Regenerate it with `cd frontend && npm run gen:api` and commit the result ' +
          '(then fix what no longer compiles).',
      );
      process.exit(1);
    }
    console.log(`gen:api: ${OUTPUT} matches the server's OpenAPI document.`);
  } else {
    writeFileSync(target, generated);
    console.log(`gen:api: ${OUTPUT} written from ${source}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** A URL or file path of the document; without an argument, dump it from the app in-process. */
function documentFrom(given) {
  if (given && /^https?:\/\//.test(given)) return given;
  if (given) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), given);
    if (!existsSync(path)) {
      console.error(`gen:api: no such file: ${path}`);
      process.exit(2);
    }
    return path;
  }
  const path = join(scratch, 'openapi.json');
  execFileSync(PYTHON, ['-m', 'online_exam.openapi_document', '--output', path], {
    stdio: 'inherit',
  });
  return path;
}

/** schema.d.ts as openapi-typescript writes it, formatted by prettier with this project's config. */
function generate(source) {
  const raw = join(scratch, 'schema.d.ts');
  const npx = (params, options = {}) =>
    execFileSync('npx', ['--no-install', ...params], {
      cwd: FRONTEND,
      encoding: 'utf8',
      ...options,
    });
  // A request field with a default may be left out: keep it optional (the tool's default
  // would make it required).
  npx(['openapi-typescript', source, '-o', raw, '--default-non-nullable=false'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return npx(['prettier', '--stdin-filepath', OUTPUT], { input: readFileSync(raw, 'utf8') });
}
