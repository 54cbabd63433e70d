/**
 * `npm start` without DISCORD_TOKEN, as a person runs it: the real process (tsx, bot/main.ts), the real bot, a
 * SQLite file in a temp folder, piped input. Asserts what shows on stdout, the exit code, and that the database
 * was closed (no WAL file left behind).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const folders: string[] = [];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  databasePath: string;
}

/** Starts the playground; `input` is written to stdin (then closed unless `keepOpen`). */
function start(input: string, options: { keepOpen?: boolean; timeoutMs?: number; defaultDatabase?: boolean } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-playground-'));
  folders.push(folder);
  const databasePath = join(folder, 'study-tutor.sqlite');
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DISCORD_TOKEN: '', DATABASE_PATH: databasePath, NO_COLOR: '1' };
  delete env.LOG_LEVEL;
  // With no DATABASE_PATH the default paths are relative: run from the temp folder, with the repository's data.
  if (options.defaultDatabase) {
    env.DATABASE_PATH = '';
    symlinkSync(join(ROOT, 'data'), join(folder, 'data'));
  }
  const child = options.defaultDatabase
    ? spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'bot/main.ts')], { cwd: folder, env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.write(input);
  if (!options.keepOpen) child.stdin.end();
  const timeoutMs = options.timeoutMs ?? 45_000;
  const done = new Promise<Run>((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`playground did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr, ms: performance.now() - started, databasePath });
    });
  });
  return { child, done, stderr: () => stderr, stdout: () => stdout };
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('playground (npm start without a token)', () => {
  it('answers a piped /term and exits 0 after the reply, database closed', async () => {
    const run = await start('/term hypervisor\n').done;
    expect(run.stderr).not.toMatch(/fatal|error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('#geral › /term hypervisor');
    expect(run.stdout).toContain('Study Tutor em #geral · /term');
    expect(run.stdout).toMatch(/┃ Hypervisor\n/);
    expect(run.stdout).toContain('Virtual Machine Manager');
    expect(run.stdout).toMatch(/\[1\] /);
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80 + 40); // wrapped prose; code lines may run long
    expect(existsSync(run.databasePath)).toBe(true);
    expect(existsSync(`${run.databasePath}-wal`)).toBe(false);
  }, 60_000);

  it('clicks a button by its number: the answer is replaced in place (editada), the other matches stay', async () => {
    const run = await start('/term xl\n2\n3\n').done;
    expect(run.code).toBe(0);
    const [before, afterTwo] = run.stdout.split('#geral › 2\n');
    const [opened, afterThree] = afterTwo!.split('#geral › 3\n');
    expect(opened, run.stdout).toBeDefined();
    const label = (n: number) => new RegExp(`\\[${n}\\] (.+?)(?: {3}\\[\\d+\\]|\n)`).exec(before!)?.[1];
    expect(label(2)).toBeTruthy();
    expect(label(3)).toBeTruthy();
    expect(opened).toContain('Study Tutor em #geral · /term (editada)');
    // The button opens another match: its title is the button's label (clipped the same way).
    expect(opened).toContain(`┃ ${label(2)!.replace(/…$/, '')}`);
    expect(opened).toContain('↩ Voltar');
    expect(opened).toContain(label(3)!);
    // A number shown before the edit still opens its match: no refusal, no raw custom_id.
    expect(afterThree).toContain(`┃ ${label(3)!.replace(/…$/, '')}`);
    expect(run.stdout).not.toMatch(/custom_id|não deixaria/);
  }, 60_000);

  it('/review in the playground: a /term entry added with ➕ Revisar is shown, turned over and self-rated', async () => {
    const run = await start('/review\n/term xl list\n').done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Você ainda não tem cartões');
    const add = /\[(\d+)\] ➕ Revisar/.exec(run.stdout)?.[1];
    expect(add).toBeTruthy();
    // The same lines again on a fresh database: button numbers are known now.
    const n = Number(add);
    const session = await start(`/term xl list\n${n}\n/review\n${n + 1}\n${n + 2}\n${n + 6}\n`).done;
    expect(session.code, session.stdout).toBe(0);
    expect(session.stdout).toContain('entrou na sua revisão');
    expect(session.stdout).toContain('📚 1 cartão vence agora.');
    expect(session.stdout).toContain(`[${n + 1}] Mostrar`);
    expect(session.stdout).toContain(`[${n + 2}] Errei   [${n + 3}] Difícil   [${n + 4}] Bom   [${n + 5}] Fácil`);
    expect(session.stdout).toMatch(/Anotado: Errei\. Este cartão volta em/);
    expect(session.stdout).toMatch(/Nada para revisar agora\. O próximo cartão vence em/);
  }, 90_000);

  it('/exam: a mock exam question with the time left, its controls and the navigator; ▶ moves to the next question', async () => {
    // The first question's kind is drawn, so the answer controls (and the numbers after them) vary: read ▶'s number.
    const run = start('/exam\n', { keepOpen: true, timeoutMs: 60_000 });
    const deadline = Date.now() + 45_000;
    let next: RegExpExecArray | null = null;
    while (!(next = /\[(\d+)\] Próxima ▶ {3}\[(\d+)\] ✅ Entregar/.exec(run.stdout())) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(next, run.stdout()).not.toBeNull();
    expect(Number(next![2])).toBe(Number(next![1]) + 1);
    run.child.stdin.end(`${next![1]}\n`);
    const done = await run.done;
    expect(done.code, done.stderr).toBe(0);
    const [first, second] = done.stdout.split(`#geral › ${next![1]}\n`);
    expect(first).toContain('36 questões em 54 min');
    expect(first).toContain('┃ Questão 1/36 · LPI 304');
    expect(first).toContain('restam 54:00');
    expect(first).toContain('Navegador: questões 19–36');
    expect(second).toContain('┃ Questão 2/36 · LPI 304');
  }, 60_000);

  it('an unknown command or bad option gets help, not a crash; later lines still run; the exit code says a line failed', async () => {
    const run = await start('/nada\n/term query:kvm private:talvez\nolá\n/term kvm\n').done;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('❌ Não conheço o comando /nada.');
    expect(run.stdout).toMatch(/Comandos: \/term/);
    expect(run.stdout).toContain('❌ private: "talvez" não é sim/não');
    expect(run.stdout).toContain('Uso: /term query:<texto> [private:<sim|não>]');
    expect(run.stdout).toContain('Comandos começam com /');
    expect(run.stdout.split('#geral › /term kvm\n')[1]).toContain('Study Tutor em #geral · /term');
  }, 60_000);

  it('piped lines that all succeed exit 0; one bad line among them makes it 1', async () => {
    expect((await start('/term xen\n').done).code).toBe(0);
    const failed = await start('/term xen\n/nope\n').done;
    expect(failed.stdout).toContain('❌ Não conheço o comando /nope.');
    expect(failed.code).toBe(1);
  }, 90_000);

  it('without DATABASE_PATH the playground keeps its own file, not the bot\'s var/study-tutor.sqlite', async () => {
    const run = start('/term xen\n', { defaultDatabase: true });
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const folder = dirname(result.databasePath);
    expect(existsSync(join(folder, 'var/playground.sqlite'))).toBe(true);
    expect(existsSync(join(folder, 'var/study-tutor.sqlite'))).toBe(false);
  }, 60_000);

  it('previews autocomplete with a trailing ? and runs the picked suggestion', async () => {
    const run = await start('/term hyperv?\na\n').done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Sugestões para query:');
    const first = /\n {2}a\) (.+)\n/.exec(run.stdout)?.[1];
    expect(first).toBeTruthy();
    const answer = run.stdout.split('#geral › a\n')[1]!;
    expect(answer).toMatch(/→ \/term query:\S+/);
    expect(answer).toContain('Study Tutor em #geral · /term');
  }, 60_000);

  it('SIGTERM while waiting for input shuts down cleanly with exit code 0', async () => {
    const run = start('', { keepOpen: true });
    let exited = false;
    void run.done.finally(() => (exited = true)).catch(() => undefined);
    const deadline = Date.now() + 40_000;
    while (!run.stderr().includes('Study Tutor playground:') && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(exited, run.stderr()).toBe(false);
    expect(run.stderr()).toContain('Study Tutor playground:');
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(`${result.databasePath}-wal`)).toBe(false);
  }, 60_000);
});
