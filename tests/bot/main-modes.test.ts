/**
 * `npm start` in the modes for several instances, as real child processes: SHARD_COUNT opens one gateway
 * session per shard; INTERACTIONS_PORT serves signed HTTP interactions with no gateway session; a bad
 * combination stops at once with one line naming the variable.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../localdiscord/index.ts';
import { allCommands } from '../../commands/index.ts';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.local-e2e.${'x'.repeat(38)}`;
const folders: string[] = [];
const servers: LocalDiscord[] = [];
const children: Array<{ kill(signal: NodeJS.Signals): void; exited: Promise<unknown> }> = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await child.exited;
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const folder = mkdtempSync(join(tmpdir(), 'study-tutor-modes-'));
  folders.push(folder);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    env: { PATH: process.env.PATH, DATABASE_PATH: join(folder, 'bot.sqlite'), LOG_LEVEL: 'info', DISCORD_CLIENT_ID: '123456789012345678', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handle = { kill: (signal: NodeJS.Signals) => child.kill(signal), exited };
  children.push(handle);
  return { child, exited, stderr: () => stderr };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function localDiscord(options: Parameters<typeof startLocalDiscord>[0] = { token: TOKEN }) {
  const server = await startLocalDiscord(options);
  servers.push(server);
  const guild = server.createGuild({ name: 'G', preferredLocale: 'pt-BR' });
  const user = server.addMember(guild.id, { username: 'u', locale: 'pt-BR' });
  server.registerCommands(guild.id, allCommands.map((command) => command.data));
  return { server, guild, user };
}

describe('npm start for several instances', () => {
  it('SHARD_COUNT=2 identifies both shards on one process', async () => {
    const { server } = await localDiscord({ token: TOKEN, maxConcurrency: 2 });
    startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: server.restUrl, SHARD_COUNT: '2' });
    await server.waitFor(() => server.connectedSessions === 2, 30_000, 'two gateway sessions');
    expect(server.identifies().map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  }, 60_000);

  it('INTERACTIONS_PORT serves signed interactions with no gateway session, and stops cleanly', async () => {
    const { server, guild, user } = await localDiscord();
    const port = await freePort();
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: server.restUrl, INTERACTIONS_PORT: String(port), DISCORD_PUBLIC_KEY: server.publicKey });
    const url = `http://127.0.0.1:${port}/interactions`;
    // Saving the endpoint URL succeeds once the bot listens (Discord's PING and bad-signature checks).
    let saved = false;
    for (let attempt = 0; attempt < 300 && !saved; attempt++) {
      saved = await server.setInteractionsEndpoint(url).then(() => true, () => false);
      if (!saved) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(saved).toBe(true);
    const reply = await server.runSlashCommand({ channelId: guild.defaultChannelId, user: user.id, name: 'term', options: { query: 'xentop' } }).waitForReply(10_000);
    expect(reply.embeds[0]?.title).toMatch(/xentop/i);
    expect(server.identifies()).toEqual([]);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stderr()).toMatch(/"msg":"bye"/);
  }, 60_000);

  it('an INTERACTIONS_PORT already in use stops with one line naming it, no stack', async () => {
    const { server } = await localDiscord();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const { port } = taken.address() as { port: number };
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: server.restUrl, INTERACTIONS_PORT: String(port), DISCORD_PUBLIC_KEY: server.publicKey });
    const code = await main.exited;
    await new Promise((resolve) => taken.close(resolve));
    expect(code).toBe(1);
    expect(main.stderr()).toMatch(new RegExp(`cannot serve interactions on INTERACTIONS_PORT ${port}: .*EADDRINUSE`));
    expect(main.stderr()).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('SHARD_IDS without SHARD_COUNT stops with one line naming it', async () => {
    const main = startMain({ DISCORD_TOKEN: TOKEN, SHARD_IDS: '0' });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toMatch(/SHARD_IDS needs SHARD_COUNT/);
  }, 30_000);
});
