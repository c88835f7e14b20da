// Generates src/app/core/api/schema.d.ts from the backend's OpenAPI document.
//
//   npm run gen:api                                  # from a running server (make run)
//   npm run gen:api -- http://127.0.0.1:5000/api/openapi.json
//   npm run gen:api -- /tmp/openapi.json             # e.g. from `flask --app online_exam spec --output /tmp/openapi.json`
//
// The output is formatted with prettier so `prettier --check` stays clean.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const DEFAULT_SOURCE = 'http://127.0.0.1:5000/api/openapi.json';
const OUTPUT = 'src/app/core/api/schema.d.ts';

const arg = process.argv[2] ?? process.env.OPENAPI_SOURCE ?? DEFAULT_SOURCE;
const source = /^https?:\/\//.test(arg) ? arg : resolve(process.env.INIT_CWD ?? process.cwd(), arg);
if (!/^https?:\/\//.test(source) && !existsSync(source)) {
  console.error(`gen:api: no such file: ${source}`);
  process.exit(2);
}

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['--no-install', 'openapi-typescript', source, '-o', OUTPUT]);
run('npx', ['--no-install', 'prettier', '--write', OUTPUT]);
console.log(`gen:api: ${OUTPUT} written from ${source}`);
