/**
 * `npm run deploy-commands` registers the slash commands globally (up to an hour to show everywhere);
 * `npm run deploy-commands -- --guild <id>` registers them in one server, instantly, for testing.
 * An entry point (dist/deploy.js): only its main() picks the command list.
 */
import { REST, Routes } from 'discord.js';
import { loadConfig, ConfigError } from '../src/config/index.ts';
import { allCommands } from '../commands/index.ts';
import type { SlashCommand } from './types.ts';

export async function deployCommands(
  commands: readonly SlashCommand[],
  options: { token: string; clientId: string; apiUrl: string; guildId?: string },
): Promise<number> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const body = commands.map((command) => command.data);
  const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
  const registered = (await rest.put(route, { body })) as unknown[];
  return registered.length;
}

async function main(): Promise<number> {
  const guildIndex = process.argv.indexOf('--guild');
  const guildId = guildIndex >= 0 ? process.argv[guildIndex + 1] : undefined;
  if (guildIndex >= 0 && !/^\d{17,20}$/.test(guildId ?? '')) {
    process.stderr.write('--guild needs a server id (17 to 20 digits)\n');
    return 2;
  }
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_CLIENT_ID) {
    process.stderr.write('DISCORD_TOKEN and DISCORD_CLIENT_ID must be set (see .env.example)\n');
    return 2;
  }
  const count = await deployCommands(allCommands, { token: config.DISCORD_TOKEN, clientId: config.DISCORD_CLIENT_ID, apiUrl: config.DISCORD_API_URL, guildId });
  process.stdout.write(`registered ${count} commands ${guildId ? `in server ${guildId}` : 'globally'}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
