/**
 * The playground's Discord: one guild ("Grupo de estudos LPI 304", pt-BR) with #geral and #quiz, the person at the
 * keyboard (Manage Server), a student and the owner, and the bot's commands registered in the guild.
 * Users have fixed ids, so their progress in the SQLite file is theirs from one run to the next.
 */
import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { LocalDiscord, LocalGuild } from '../localdiscord/index.ts';
import type { Directory, MentionNames } from './index.ts';

export const GUILD_NAME = 'Grupo de estudos LPI 304';

export interface PlaygroundUser {
  id: string;
  username: string;
  name: string;
}

export interface PlaygroundWorld {
  guild: LocalGuild;
  channels: { geral: string; quiz: string };
  /** The person at the keyboard first. */
  users: { you: PlaygroundUser; aluna: PlaygroundUser; professora: PlaygroundUser };
  commands(): APIApplicationCommand[];
  directory(): Directory;
  names: MentionNames;
  channelName(id: string): string;
  userName(id: string): string;
}

/** Fixed ids, so the schedule, streaks and points in the SQLite file are found again on the next run. */
const PLACES = { guild: '400000000000000100', geral: '400000000000000101', quiz: '400000000000000102' } as const;

const PEOPLE = {
  you: { id: '400000000000000001', username: 'voce', name: 'Você' },
  aluna: { id: '400000000000000002', username: 'aluna', name: 'Aluna' },
  professora: { id: '400000000000000003', username: 'professora', name: 'Professora' },
} as const;

/** Builds the guild and registers `commands`; a command the server rejects is reported and left out, not fatal. */
export function createWorld(server: LocalDiscord, commands: readonly unknown[], warn: (message: string) => void): PlaygroundWorld {
  const user = (p: PlaygroundUser) => ({ id: p.id, username: p.username, globalName: p.name, locale: 'pt-BR' });
  const guild = server.createGuild({
    id: PLACES.guild,
    defaultChannelId: PLACES.geral,
    name: GUILD_NAME,
    preferredLocale: 'pt-BR',
    owner: user(PEOPLE.professora),
    defaultChannelName: 'geral',
  });
  const quiz = server.createChannel(guild.id, { id: PLACES.quiz, name: 'quiz', topic: 'Pergunta do dia' });
  server.addMember(guild.id, user(PEOPLE.you), { permissions: ['ManageGuild'] });
  server.addMember(guild.id, user(PEOPLE.aluna));
  registerCommands(server, guild.id, commands, warn);

  const channels = { geral: guild.defaultChannelId, quiz: quiz.id };
  const users = { you: { ...PEOPLE.you }, aluna: { ...PEOPLE.aluna }, professora: { ...PEOPLE.professora } };
  const channelName = (id: string) => {
    try {
      return server.channel(id).name ?? id;
    } catch {
      return id;
    }
  };
  const userName = (id: string) => Object.values(users).find((u) => u.id === id)?.name ?? (id === server.botUser.id ? server.botUser.username : id);
  const roles = () => server.guild(guild.id).roles.filter((r) => r.id !== guild.id);
  return {
    guild,
    channels,
    users,
    commands: () => server.commands(guild.id),
    directory: () => ({
      channels: Object.values(channels).map((id) => ({ id, name: channelName(id) })),
      users: Object.values(users).map((u) => ({ id: u.id, name: u.username, aliases: [u.name] })),
      roles: roles().map((r) => ({ id: r.id, name: r.name })),
    }),
    names: {
      user: (id) => userName(id),
      channel: (id) => channelName(id),
      role: (id) => (id === guild.id ? 'everyone' : roles().find((r) => r.id === id)?.name),
    },
    channelName,
    userName,
  };
}

function registerCommands(server: LocalDiscord, guildId: string, commands: readonly unknown[], warn: (message: string) => void): void {
  try {
    server.registerCommands(guildId, [...commands]);
    return;
  } catch {
    // One bad definition rejects the whole batch (as on Discord); keep the good ones and name the bad ones.
  }
  const good: unknown[] = [];
  for (const command of commands) {
    try {
      server.registerCommands(guildId, [...good, command]);
      good.push(command);
    } catch (error) {
      const name = typeof command === 'object' && command !== null && 'name' in command ? String(command.name) : '?';
      warn(`/${name} was not registered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  server.registerCommands(guildId, good);
}
