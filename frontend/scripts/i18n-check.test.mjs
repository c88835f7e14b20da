// Tests of the catalogue check (npm run i18n:test): it must fail on each kind of problem.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { check, placeholdersOf } from './i18n-check.mjs';

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(FRONTEND, 'scripts/i18n-check.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'i18n-check-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const SOURCE = {
  'take.submit': 'Submit',
  'take.answered': '{VAR_PLURAL, plural, =1 {1 answer} other {{$INTERPOLATION} answers}}',
  'author.save': 'Save {$name}',
};

/** A catalogue folder with `es` holding `app` and `author` entries. */
function catalogues(app, author = { 'author.save': 'Guardar {$name}' }) {
  const dir = mkdtempSync(join(scratch, 'cat-'));
  mkdirSync(join(dir, 'es'));
  writeFileSync(join(dir, 'es/app.json'), JSON.stringify(app));
  writeFileSync(join(dir, 'es/author.json'), JSON.stringify(author));
  return dir;
}

const COMPLETE = {
  'take.submit': 'Entregar',
  'take.answered': '{VAR_PLURAL, plural, =1 {1 respuesta} other {{$INTERPOLATION} respuestas}}',
};

describe('i18n-check', () => {
  it('passes complete catalogues', () => {
    assert.deepEqual(check(SOURCE, catalogues(COMPLETE)), []);
  });

  it('reports a missing translation', () => {
    const { 'take.submit': _, ...rest } = COMPLETE;
    const problems = check(SOURCE, catalogues(rest));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /missing "take\.submit"/);
  });

  it('reports an entry no longer in the source, a wrong area and differing placeholders', () => {
    const problems = check(
      SOURCE,
      catalogues(
        { ...COMPLETE, 'take.gone': 'Ya no', 'author.save': 'Guardar {$name}' },
        { 'author.save': 'Guardar {$nombre}' },
      ),
    );
    assert.ok(problems.some((p) => /"take\.gone" is no longer in the source/.test(p)));
    assert.ok(problems.some((p) => /app\.json: "author\.save" belongs in author\.json/.test(p)));
    assert.ok(problems.some((p) => /"author\.save" has placeholders/.test(p)));
  });

  it('compares placeholders and ICU variables, not the plural cases', () => {
    assert.deepEqual(placeholdersOf(SOURCE['take.answered']), [
      '{$INTERPOLATION}',
      '{VAR_PLURAL, plural}',
    ]);
    // Arabic has more plural cases than English: the same placeholders, so no problem.
    const ar =
      '{VAR_PLURAL, plural, =0 {لا إجابات} =1 {إجابة واحدة} few {{$INTERPOLATION} إجابات} other {{$INTERPOLATION} إجابة}}';
    assert.deepEqual(placeholdersOf(ar), placeholdersOf(SOURCE['take.answered']));
  });

  it('fails (exit 1) on the real catalogues with one entry removed, listing it', () => {
    // The real source and catalogues: extract once, check that they pass, then remove an entry.
    const messagesFile = join(scratch, 'messages.json');
    const extract = spawnSync(
      'npx',
      ['ng', 'extract-i18n', '--format', 'json', '--output-path', scratch, '--progress=false'],
      { cwd: FRONTEND, encoding: 'utf8' },
    );
    assert.equal(extract.status, 0, extract.stderr);
    const run = (dir) =>
      spawnSync('node', [SCRIPT, '--messages', messagesFile, '--catalogues', dir], {
        encoding: 'utf8',
      });
    const copy = join(scratch, 'real');
    cpSync(join(FRONTEND, 'public/i18n'), copy, { recursive: true });
    assert.equal(run(copy).status, 0, run(copy).stderr);

    const file = join(copy, 'ar/app.json');
    const entries = JSON.parse(readFileSync(file, 'utf8'));
    const [removed] = Object.keys(entries);
    delete entries[removed];
    writeFileSync(file, JSON.stringify(entries));
    const result = run(copy);
    assert.equal(result.status, 1);
    assert.ok(result.stderr.includes(`ar/app.json: missing "${removed}"`), result.stderr);
  });
});
