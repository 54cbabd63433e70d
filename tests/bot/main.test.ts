/**
 * `npm start` with a token, as a real child process: the bot logs in to a local Discord, serves a command,
 * and stops cleanly on SIGTERM; a rejected token or an unreachable Discord ends with a clear error and a
 * non-zero exit instead of a hang.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../localdiscord/index.ts';
import { allCommands } from '../../commands/index.ts';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.local-e2e.${'x'.repeat(38)}`;
const folders: string[] = [];
const servers: LocalDiscord[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-main-'));
  folders.push(folder);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    env: { PATH: process.env.PATH, DATABASE_PATH: join(folder, 'bot.sqlite'), LOG_LEVEL: 'info', DISCORD_CLIENT_ID: '123456789012345678', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const started = Date.now();
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('npm start with a token', () => {
  it('serves commands on the (local) Discord and stops cleanly on SIGTERM', async () => {
    const server = await startLocalDiscord({ token: TOKEN });
    servers.push(server);
    const guild = server.createGuild({ name: 'G', preferredLocale: 'pt-BR' });
    const user = server.addMember(guild.id, { username: 'u', locale: 'pt-BR' });
    server.registerCommands(guild.id, allCommands.map((command) => command.data));
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: server.restUrl });
    await server.waitFor(() => server.connectedSessions > 0 && server.identifies().length > 0, 30_000, 'the bot to connect');
    expect(server.identifies()[0]!.intents).toBe(1); // Guilds only

    const reply = await server.runSlashCommand({ channelId: guild.defaultChannelId, user: user.id, name: 'term', options: { query: 'xentop' } }).waitForReply(10_000);
    expect(reply.embeds[0]?.title).toMatch(/xentop/i);

    main.child.kill('SIGTERM');
    const { code } = await main.exited;
    expect(code).toBe(0);
    const { stderr } = main.output();
    expect(stderr).toMatch(/"msg":"bye"/);
    expect(stderr).not.toContain(TOKEN);
  }, 60_000);

  it('a token Discord rejects ends with a clear error and exit code 1', async () => {
    const server = await startLocalDiscord({ token: `${TOKEN}-other` });
    servers.push(server);
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: server.restUrl });
    const { code, ms } = await main.exited;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(30_000);
    expect(main.output().stderr).toMatch(/Discord rejected the token/);
    expect(main.output().stderr).not.toContain(TOKEN);
  }, 60_000);

  it('an unreachable Discord ends with a clear error and exit code 1, not a hang', async () => {
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api` });
    const { code, ms } = await main.exited;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(45_000);
    expect(main.output().stderr).toMatch(/login failed|could not connect/);
  }, 60_000);

  it('an unreachable PostgreSQL ends with one plain line and exit code 1, its passwords never shown', async () => {
    const port = await closedPort();
    for (const url of [`postgres://tutor:s3cret-pass@127.0.0.1:${port}/tutor`, `postgres://tutor@127.0.0.1:${port}/tutor?password=s3cret-pass`]) {
      const main = startMain({ DISCORD_TOKEN: TOKEN, DATABASE_URL: url });
      const { code } = await main.exited;
      expect(code).toBe(1);
      const { stdout, stderr } = main.output();
      expect(stderr).toMatch(new RegExp(`^invalid configuration: DATABASE_URL=postgres://tutor(:\\*\\*\\*)?@127\\.0\\.0\\.1:${port}/tutor.*: PostgreSQL cannot be used \\(ECONNREFUSED\\)$`, 'm'));
      expect(stdout + stderr).not.toContain('s3cret');
    }
  }, 60_000);

  it('a database written by a newer bot is refused with one plain line, and left as it was', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'study-tutor-newer-'));
    folders.push(folder);
    const path = join(folder, 'newer.sqlite');
    const newer = new Database(path);
    newer.pragma('user_version = 999');
    newer.close();
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api`, DATABASE_PATH: path });
    const { code } = await main.exited;
    expect(code).toBe(1);
    const { stderr } = main.output();
    expect(stderr).toMatch(/schema version 999, newer than this bot's \d+/);
    expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  }, 30_000);

  it('a malformed configuration names each bad value', async () => {
    const main = startMain({ DISCORD_TOKEN: 'short', DISCORD_API_URL: 'not a url' });
    const { code } = await main.exited;
    expect(code).toBe(1);
    const { stderr } = main.output();
    expect(stderr).toMatch(/DISCORD_TOKEN/);
    expect(stderr).toMatch(/DISCORD_API_URL must be an http\(s\) URL/);
  }, 30_000);
});

describe('npm start with a bad path', () => {
  const folder = () => {
    const made = mkdtempSync(join(tmpdir(), 'study-tutor-paths-'));
    folders.push(made);
    return made;
  };
  const aFolder = () => {
    const path = join(folder(), 'data.sqlite');
    mkdirSync(path);
    return path;
  };
  const underAFile = () => {
    const file = join(folder(), 'plain-file');
    writeFileSync(file, 'x');
    return join(file, 'x.sqlite');
  };
  const readOnlyFolder = () => {
    const dir = join(folder(), 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    return join(dir, 'x.sqlite');
  };
  // Root ignores file modes: /sys (sysfs) refuses new files to root as well.
  const unwritable = () => (process.getuid?.() === 0 ? '/sys/x.sqlite' : readOnlyFolder());

  it.each([
    ['DATABASE_PATH', 'under /proc (recursive mkdir used to spin forever)', () => '/proc/nope/x.sqlite', /cannot create the folder \/proc\/nope/],
    ['DATABASE_PATH', 'in a folder nobody may write to', unwritable, /cannot be written \(permission denied\)/],
    ['DATABASE_PATH', 'that is a folder', aFolder, /is a folder, not a file/],
    ['DATABASE_PATH', 'under a plain file', underAFile, /plain-file is a file, not a folder/],
    ['NOTES_DIR', 'that does not exist', () => join(folder(), 'no-notes'), /does not exist/],
    ['QUESTIONS_DIR', 'that is a file', () => join(underAFile(), '..'), /is a file, not a folder/],
  ])('%s %s: one line naming the variable, the path and the problem, exit 1 within seconds', async (variable, _, makePath, problem) => {
    const path = makePath();
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}/api`, [variable]: path });
    const killer = setTimeout(() => main.child.kill('SIGKILL'), 15_000);
    const { code, ms } = await main.exited;
    clearTimeout(killer);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
    const lines = main.output().stderr.trim().split('\n').filter((line) => !line.startsWith('{')); // pino's JSON log lines aside
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${variable}=${path}`);
    expect(lines[0]).toMatch(problem);
  }, 30_000);
});
