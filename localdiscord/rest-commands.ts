/** Application command storage behind `/applications/:app/commands` and `/applications/:app/guilds/:guild/commands`. */
import { ApplicationCommandType, ApplicationIntegrationType, type APIApplicationCommand } from 'discord-api-types/v10';
import { Errors, FormErrors } from './errors.ts';
import { isRecord, type JsonRecord } from './json.ts';
import type { World } from './state.ts';
import { validateCommand } from './validate-commands.ts';

const LIMITS: Record<number, number> = {
  [ApplicationCommandType.ChatInput]: 100,
  [ApplicationCommandType.User]: 15,
  [ApplicationCommandType.Message]: 15,
  [ApplicationCommandType.PrimaryEntryPoint]: 1,
};

export class CommandStore {
  constructor(private readonly world: World) {}

  list(guildId: string | null): APIApplicationCommand[] {
    return [...this.world.commandsFor(guildId).values()].map((c) => structuredClone(c));
  }

  get(guildId: string | null, id: string): APIApplicationCommand {
    const cmd = this.world.commandsFor(guildId).get(id);
    if (!cmd) throw Errors.unknownCommand();
    return structuredClone(cmd);
  }

  /** POST: create, or overwrite the command with the same name and type. */
  upsert(guildId: string | null, body: unknown): { created: boolean; command: APIApplicationCommand } {
    const errors = new FormErrors();
    validateCommand(body, [], errors);
    errors.throwIfAny();
    const input = body as JsonRecord;
    const map = this.world.commandsFor(guildId);
    const type = (input.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    const existing = [...map.values()].find((c) => c.name === input.name && c.type === type);
    if (!existing && [...map.values()].filter((c) => c.type === type).length >= (LIMITS[type] ?? 100)) {
      throw Errors.maxCommands(LIMITS[type] ?? 100);
    }
    const command = this.#normalize(guildId, input, existing?.id);
    map.set(command.id, command);
    return { created: !existing, command: structuredClone(command) };
  }

  /** PUT: replace the whole set; commands keep their id when name and type match. */
  overwrite(guildId: string | null, body: unknown): APIApplicationCommand[] {
    const errors = new FormErrors();
    if (!Array.isArray(body)) {
      errors.add([], 'BASE_TYPE_LIST', 'Must be a list.');
      errors.throwIfAny();
      return [];
    }
    const seen = new Set<string>();
    const counts = new Map<number, number>();
    body.forEach((c, i) => {
      validateCommand(c, [i], errors);
      if (!isRecord(c)) return;
      const type = (c.type as number | undefined) ?? ApplicationCommandType.ChatInput;
      const key = `${type}:${String(c.name)}`;
      if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
      seen.add(key);
      counts.set(type, (counts.get(type) ?? 0) + 1);
    });
    errors.throwIfAny();
    for (const [type, n] of counts) if (n > (LIMITS[type] ?? 100)) throw Errors.maxCommands(LIMITS[type] ?? 100);
    const map = this.world.commandsFor(guildId);
    const previous = [...map.values()];
    map.clear();
    const result: APIApplicationCommand[] = [];
    for (const c of body as JsonRecord[]) {
      const type = (c.type as number | undefined) ?? ApplicationCommandType.ChatInput;
      const old = previous.find((p) => p.name === c.name && p.type === type);
      const command = this.#normalize(guildId, c, old?.id);
      if (old && sameDefinition(old, command)) command.version = old.version;
      map.set(command.id, command);
      result.push(structuredClone(command));
    }
    return result;
  }

  patch(guildId: string | null, id: string, body: unknown): APIApplicationCommand {
    const map = this.world.commandsFor(guildId);
    const old = map.get(id);
    if (!old) throw Errors.unknownCommand();
    const merged = { ...structuredClone(old), ...(isRecord(body) ? body : {}) } as JsonRecord;
    const errors = new FormErrors();
    validateCommand(merged, [], errors);
    errors.throwIfAny();
    const command = this.#normalize(guildId, merged, id);
    map.set(id, command);
    return structuredClone(command);
  }

  delete(guildId: string | null, id: string): void {
    if (!this.world.commandsFor(guildId).delete(id)) throw Errors.unknownCommand();
  }

  #normalize(guildId: string | null, c: JsonRecord, id: string | undefined): APIApplicationCommand {
    const type = ((c.type as number | undefined) ?? ApplicationCommandType.ChatInput) as ApplicationCommandType;
    const command = {
      id: id ?? this.world.ids.next(),
      application_id: this.world.applicationId,
      version: this.world.ids.next(),
      type,
      name: c.name as string,
      name_localizations: (c.name_localizations as Record<string, string> | undefined) ?? null,
      description: type === ApplicationCommandType.ChatInput ? (c.description as string) : '',
      description_localizations: (c.description_localizations as Record<string, string> | undefined) ?? null,
      default_member_permissions: (c.default_member_permissions as string | null | undefined) ?? null,
      nsfw: c.nsfw === true,
      integration_types: (c.integration_types as ApplicationIntegrationType[] | undefined) ?? [ApplicationIntegrationType.GuildInstall],
      contexts: (c.contexts as APIApplicationCommand['contexts']) ?? null,
    } as APIApplicationCommand;
    if (Array.isArray(c.options) && c.options.length > 0) command.options = structuredClone(c.options) as APIApplicationCommand['options'];
    if (guildId) command.guild_id = guildId;
    else command.dm_permission = c.dm_permission !== false;
    return command;
  }
}

function sameDefinition(a: APIApplicationCommand, b: APIApplicationCommand): boolean {
  const strip = ({ version: _v, ...rest }: APIApplicationCommand) => JSON.stringify(rest);
  return strip(a) === strip(b);
}
