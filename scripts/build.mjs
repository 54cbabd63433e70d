/**
 * `npm run build` (also run before `npm start`, the CLI, `deploy-commands`, the benchmarks, and by `npm ci`):
 * bundles the TypeScript sources into dist/ as ESM JavaScript for Node 20, which cannot run TypeScript itself.
 * Type checking is `npm run typecheck`'s job; this only strips types and bundles (esbuild, well under a second),
 * so the product starts without a TypeScript loader (tsx alone cost ~480 ms per start).
 *
 *   dist/main.js          bot/main.ts         `npm start`
 *   dist/cli.js           src/cli/main.ts     `npm run --silent cli -- ...`
 *   dist/deploy.js        bot/deploy.ts       `npm run deploy-commands`
 *   dist/search-ready.js  bench/search-ready.ts  the search bench's startup child
 *   dist/migrations/      src/storage/migrations/<engine>/*.sql (migrate.ts finds them beside its code)
 *
 * The search index cache (src/search/cache.ts) is keyed by the code that parses and indexes: the build writes a
 * SHA-256 of every source file that src/search/index.ts imports, directly or not, into the bundle
 * (`__SEARCH_INDEX_VERSION__`), so editing the parser or the index invalidates the cached index. The hash is
 * taken over the bytes esbuild compiled (read once, by the plugin below), not re-read afterwards: a file saved
 * during the build must not label the old code with the new version.
 *
 * Packages stay external (loaded from node_modules), lazy `import()`s stay lazy (code splitting: shared code
 * in dist/chunk-*.js, beside the entries, so `import.meta.url` points into dist/ for every module). Files whose
 * content did not change are left alone and the others are replaced atomically (write + rename), chunks before
 * the entries that import them, so a process starting while another one builds never reads half a file or an
 * entry whose chunks are not there yet. Chunks of the previous build are kept (dist/build-manifest.json lists
 * them), so a process that started on that build can still load its lazy imports. Prints nothing on stdout
 * (the CLI's --json output follows it); problems go to stderr with a non-zero exit.
 */
import { build } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

const STALE_AFTER_MS = 60_000;

export const ENTRY_POINTS = {
  main: 'bot/main.ts',
  cli: 'src/cli/main.ts',
  deploy: 'bot/deploy.ts',
  'search-ready': 'bench/search-ready.ts',
};

/** Stands for the search index version in the bundle until the hash of its sources replaces it (same length). */
const VERSION_PLACEHOLDER = 'search-index-version-placeholder'.padEnd(64, '-');
const INDEX_ENTRY = 'src/search/index.ts';

/** The bytes of every source file as esbuild compiled them (the plugin below reads each file once). */
const compiledSources = new Map();
const recordSources = {
  name: 'record-sources',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const contents = readFileSync(args.path);
      compiledSources.set(relative(root, args.path).split('\\').join('/'), contents);
      return { contents, loader: 'ts' };
    });
  },
};

/** SHA-256 of the sources `entry` imports, directly or not (from esbuild's metafile), as they were compiled. */
function sourcesHash(metafile, entry) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path) || !metafile.inputs[path]) return;
    seen.add(path);
    for (const imported of metafile.inputs[path].imports) if (!imported.external) visit(imported.path);
  };
  visit(entry);
  if (seen.size === 0) throw new Error(`${entry} is not part of the build`);
  const hash = createHash('sha256');
  for (const path of [...seen].sort()) {
    const contents = compiledSources.get(path);
    if (!contents) throw new Error(`${path} was bundled without passing through the record-sources plugin`);
    hash.update(`${path}\0`).update(contents).update('\0');
  }
  return hash.digest('hex');
}

/** Writes `content` to `path` unless it already holds exactly that; atomically (temporary file + rename). */
function writeIfChanged(path, content) {
  try {
    if (readFileSync(path).equals(content)) return false;
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
  return true;
}

let result;
try {
  result = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
    metafile: true,
    plugins: [recordSources],
    // An import of a name the module does not export (a file caught half-written, say) fails the build.
    logOverride: { 'import-is-undefined': 'error' },
    define: { __SEARCH_INDEX_VERSION__: JSON.stringify(VERSION_PLACEHOLDER) },
  });
} catch {
  // esbuild has already printed each error with its file and line (logLevel 'warning' includes errors).
  process.stderr.write("build failed (esbuild's errors above)\n");
  process.exit(1);
}

const version = sourcesHash(result.metafile, INDEX_ENTRY);
const entryFiles = new Set(Object.keys(ENTRY_POINTS).map((name) => join(outdir, `${name}.js`)));
// Chunks and maps first, entries last: an entry on disk only ever imports chunks already there.
const ordered = [...result.outputFiles].sort((a, b) => Number(entryFiles.has(a.path)) - Number(entryFiles.has(b.path)));
let changed = 0;
for (const file of ordered) {
  let content = Buffer.from(file.contents);
  if (file.path.endsWith('.js') && content.includes(VERSION_PLACEHOLDER)) {
    content = Buffer.from(content.toString('utf8').replaceAll(VERSION_PLACEHOLDER, version), 'utf8');
  }
  if (writeIfChanged(file.path, content)) changed++;
}

// Chunks of earlier builds (their names carry a content hash) go once they belong neither to this build nor to
// the one before it (a process started on that one may still load them lazily), and are old enough that no
// process that started before this build can still be loading them.
const manifestPath = join(outdir, 'build-manifest.json');
const produced = result.outputFiles.map((file) => relative(outdir, file.path));
let previous = [];
try {
  previous = JSON.parse(readFileSync(manifestPath, 'utf8')).files ?? [];
} catch {
  // first build here, or an unreadable manifest: only this build's files are kept for sure
}
const kept = new Set([...produced, ...previous]);
for (const item of readdirSync(outdir, { withFileTypes: true })) {
  const path = join(outdir, item.name);
  if (!item.isFile() || kept.has(item.name) || !/\.js(?:\.map)?$|\.tmp$/.test(item.name)) continue;
  if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
}
writeIfChanged(manifestPath, Buffer.from(`${JSON.stringify({ searchIndexVersion: version, files: produced }, null, 2)}\n`));

// The SQL migrations of each engine, mirrored (a file removed from the sources disappears from dist/ too).
const migrationsSrc = join(root, 'src/storage/migrations');
const migrationsOut = join(outdir, 'migrations');
mkdirSync(migrationsOut, { recursive: true });
const engines = readdirSync(migrationsSrc).filter((name) => statSync(join(migrationsSrc, name)).isDirectory());
for (const name of readdirSync(migrationsOut)) if (!engines.includes(name)) rmSync(join(migrationsOut, name), { recursive: true, force: true });
for (const engine of engines) {
  const from = join(migrationsSrc, engine);
  const to = join(migrationsOut, engine);
  mkdirSync(to, { recursive: true });
  const sql = readdirSync(from).filter((name) => name.endsWith('.sql'));
  for (const name of sql) if (writeIfChanged(join(to, name), readFileSync(join(from, name)))) changed++;
  for (const name of readdirSync(to)) if (!sql.includes(name)) rmSync(join(to, name));
}

if (process.env.BUILD_VERBOSE) process.stderr.write(`built ${relative(root, outdir) || '.'}: ${changed} file(s) changed\n`);
