// Checks the translation catalogues against the source text (issue 18; `make lint` runs it).
//
//   npm run i18n:check                                  # extract from the source, check public/i18n
//   npm run i18n:check -- --catalogues DIR              # check another catalogue folder
//   npm run i18n:check -- --messages messages.json      # use an extraction already made
//
// It runs `ng extract-i18n --format json` to a temporary folder, then fails, listing each, on:
//   - an ID of the source missing from a locale's catalogues (or translated as ""),
//   - a catalogue entry whose ID is no longer in the source,
//   - a translation whose placeholders ({$NAME}) or ICU variables differ from the source's,
//   - an ID in the wrong area file (`author.*` in author.json, every other ID in app.json),
//   - a source message without an explicit readable ID (`i18n="@@area.name"`).
// Every folder under the catalogue folder is a locale; English is the source and has none.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const AREAS = ['app', 'author'];

/** The area file an ID belongs in. */
export function areaOf(id) {
  return id.startsWith('author.') ? 'author' : 'app';
}

/** The placeholders and ICU variables of a message, sorted and de-duplicated. */
export function placeholdersOf(text) {
  const names = new Set();
  for (const match of text.matchAll(/\{\$([A-Za-z0-9_]+)\}/g)) names.add(`{$${match[1]}}`);
  // Inside an ICU case, Angular writes placeholders without the `$`: {INTERPOLATION}, {START_TAG_B}.
  for (const match of text.matchAll(/\{([A-Z][A-Z0-9_]*)\}/g)) names.add(`{${match[1]}}`);
  for (const match of text.matchAll(
    /\{\s*([A-Za-z0-9_]+)\s*,\s*(plural|select|selectordinal)\s*,/g,
  ))
    names.add(`{${match[1]}, ${match[2]}}`);
  return [...names].sort();
}

/** Every problem of the catalogues in `cataloguesDir` against the source `messages` ({id: text}). */
export function check(messages, cataloguesDir) {
  const problems = [];
  const locales = readdirSync(cataloguesDir).filter((name) =>
    statSync(join(cataloguesDir, name)).isDirectory(),
  );
  if (locales.length === 0) problems.push(`${cataloguesDir}: no locale folders`);
  for (const id of Object.keys(messages)) {
    if (!/[A-Za-z]/.test(id) || !id.includes('.'))
      problems.push(`source: "${id}" has no explicit readable ID (i18n="@@area.name")`);
  }
  for (const locale of locales.sort()) {
    const merged = {};
    for (const file of readdirSync(join(cataloguesDir, locale)).sort()) {
      const area = file.replace(/\.json$/, '');
      const path = join(cataloguesDir, locale, file);
      if (!file.endsWith('.json') || !AREAS.includes(area)) {
        problems.push(`${locale}/${file}: not a catalogue area (${AREAS.join(', ')})`);
        continue;
      }
      let entries;
      try {
        entries = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        problems.push(`${locale}/${file}: not JSON (${error.message})`);
        continue;
      }
      for (const [id, text] of Object.entries(entries)) {
        if (areaOf(id) !== area)
          problems.push(`${locale}/${file}: "${id}" belongs in ${areaOf(id)}.json`);
        if (id in merged) problems.push(`${locale}: "${id}" is in more than one file`);
        merged[id] = text;
      }
    }
    for (const [id, source] of Object.entries(messages)) {
      const text = merged[id];
      if (typeof text !== 'string' || text.trim() === '') {
        problems.push(`${locale}/${areaOf(id)}.json: missing "${id}" (${JSON.stringify(source)})`);
        continue;
      }
      const want = placeholdersOf(source).join(' ');
      const got = placeholdersOf(text).join(' ');
      if (want !== got)
        problems.push(`${locale}: "${id}" has placeholders [${got}], the source [${want}]`);
    }
    for (const id of Object.keys(merged)) {
      if (!(id in messages))
        problems.push(`${locale}/${areaOf(id)}.json: "${id}" is no longer in the source`);
    }
  }
  return problems;
}

/** The source messages, extracted by Angular's own tool into a scratch folder. */
function extract() {
  const scratch = mkdtempSync(join(tmpdir(), 'i18n-check-'));
  try {
    execFileSync(
      'npx',
      ['ng', 'extract-i18n', '--format', 'json', '--output-path', scratch, '--progress=false'],
      { cwd: FRONTEND, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return JSON.parse(readFileSync(join(scratch, 'messages.json'), 'utf8')).translations;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function option(args, name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function main() {
  const args = process.argv.slice(2);
  const cataloguesDir = resolve(option(args, '--catalogues') ?? join(FRONTEND, 'public/i18n'));
  const messagesFile = option(args, '--messages');
  if (!existsSync(cataloguesDir)) {
    console.error(`i18n-check: no catalogue folder ${cataloguesDir}`);
    process.exit(2);
  }
  const messages = messagesFile
    ? JSON.parse(readFileSync(messagesFile, 'utf8')).translations
    : extract();
  const problems = check(messages, cataloguesDir);
  if (problems.length > 0) {
    console.error(`i18n-check: ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`i18n-check: ${Object.keys(messages).length} messages, every locale complete.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
