/**
 * The compiled product (scripts/build.mjs → dist/): `npm start`, the CLI and deploy-commands run these files,
 * not the TypeScript sources the other tests import. Built here into a scratch folder under var/ (inside the
 * project, so packages resolve from node_modules as they do from dist/).
 */
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
let out = '';
let temp = '';

beforeAll(async () => {
  await mkdir(join(root, 'var'), { recursive: true });
  out = await mkdtemp(join(root, 'var', 'test-build-'));
  temp = await mkdtemp(join(tmpdir(), 'build-test-'));
  const { stdout, stderr } = await run(process.execPath, ['scripts/build.mjs', relative(root, out)], { cwd: root });
  // `npm run --silent cli -- … --json` prints the build's stdout before the CLI's: it must stay empty.
  expect(stdout).toBe('');
  expect(stderr).toBe('');
}, 60_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
  await rm(temp, { recursive: true, force: true });
});

describe('the build', () => {
  it('writes the entry points, their source maps and the SQL migrations', async () => {
    const files = await readdir(out);
    for (const name of ['main.js', 'cli.js', 'deploy.js', 'search-ready.js', 'main.js.map']) expect(files).toContain(name);
    // One folder per engine, each mirrored file for file.
    expect(await readdir(join(out, 'migrations'))).toEqual(['postgres', 'sqlite']);
    for (const engine of ['postgres', 'sqlite']) {
      const sql = (await readdir(join(root, 'src/storage/migrations', engine))).filter((name) => name.endsWith('.sql'));
      expect(sql.length).toBeGreaterThan(0);
      expect(await readdir(join(out, 'migrations', engine))).toEqual(sql);
    }
  });

  it('runs the CLI from JavaScript, with pure JSON on stdout', async () => {
    const { stdout } = await run(process.execPath, [join(out, 'cli.js'), 'notes', 'stats', '--json'], { cwd: root });
    const stats = JSON.parse(stdout) as { entries: number };
    expect(stats.entries).toBeGreaterThan(100);
    const term = await run(process.execPath, [join(out, 'cli.js'), 'term', 'xl list', '--json'], { cwd: root });
    expect((JSON.parse(term.stdout) as { results: Array<{ id: string }> }).results[0]!.id).toMatch(/xl-list/);
  }, 30_000);

  it('keys the search index cache by a version of the code (the sources run without a cache)', async () => {
    const cacheDir = join(temp, 'cache');
    const ready = async () =>
      JSON.parse((await run(process.execPath, [join(out, 'search-ready.js'), '--cache-dir', cacheDir], { cwd: root })).stdout) as { cache: string; hits: number };
    const first = await ready();
    const second = await ready();
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(second.hits).toBe(first.hits);
    expect(second.hits).toBeGreaterThan(0);
  }, 30_000);

  it('changes that version with the parsing and indexing sources, and only with them', async () => {
    // A copy of the sources, so that editing them cannot disturb the other tests.
    const copy = await mkdtemp(join(root, 'var', 'test-build-copy-'));
    try {
      for (const dir of ['scripts', 'src', 'bot', 'commands', 'localdiscord', 'playground', 'bench']) await cp(join(root, dir), join(copy, dir), { recursive: true });
      await cp(join(root, 'tsconfig.json'), join(copy, 'tsconfig.json'));
      const buildVersion = async () => {
        await run(process.execPath, ['scripts/build.mjs'], { cwd: copy });
        const manifest = JSON.parse(await readFile(join(copy, 'dist', 'build-manifest.json'), 'utf8')) as { searchIndexVersion: string };
        return manifest.searchIndexVersion;
      };
      const original = await buildVersion();
      expect(original).toMatch(/^[0-9a-f]{64}$/);
      const bundled = await Promise.all((await readdir(join(copy, 'dist'))).filter((name) => name.endsWith('.js')).map((name) => readFile(join(copy, 'dist', name), 'utf8')));
      expect(bundled.some((code) => code.includes(original))).toBe(true);
      expect(bundled.some((code) => code.includes('search-index-version-placeholder'))).toBe(false);

      await appendFile(join(copy, 'bot/main.ts'), '\n// outside the search index sources\n');
      expect(await buildVersion()).toBe(original);
      await appendFile(join(copy, 'src/notes/wiki.ts'), '\n// the notes parser changed\n');
      expect(await buildVersion()).not.toBe(original);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it('finds the migrations from the compiled code', async () => {
    const db = join(temp, 'fresh.sqlite');
    const { stdout } = await run(process.execPath, [join(out, 'cli.js'), 'db', 'migrate', '--db', db, '--json'], { cwd: root });
    const sql = (await readdir(join(root, 'src/storage/migrations/sqlite'))).filter((name) => /^\d{4}_.*\.sql$/.test(name));
    const latest = Math.max(...sql.map((name) => Number(name.slice(0, 4))));
    expect(JSON.parse(stdout)).toMatchObject({ from: 0, to: latest });
  }, 30_000);
});
