/**
 * The one error boundary for every interaction: routes it to its command (slash commands and autocomplete by
 * command name; components and modals by their custom id's first segment, which names a command or one of the
 * component routes), and whatever goes wrong, logs it and answers the user with a short ephemeral message in
 * their language. Never rethrows.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type BaseMessageOptions,
  type Interaction,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { languageFor, messages } from '../src/i18n/index.ts';
import type { Logger } from '../src/log/index.ts';
import type { CommandContext, ComponentRoute, SlashCommand } from './types.ts';
import type { BotServices } from './services.ts';

/** Custom id prefix → its handlers: the commands' own components, then the routes. A prefix taken twice is a bug. */
function componentRoutes(commands: readonly SlashCommand[], routes: readonly ComponentRoute[]): Map<string, ComponentRoute> {
  const byPrefix = new Map<string, ComponentRoute>();
  const fromCommands = commands
    .filter((command) => command.component || command.modal)
    .map((command): ComponentRoute => ({ prefix: command.data.name, adminOnly: command.adminOnly, component: command.component, modal: command.modal }));
  for (const route of [...fromCommands, ...routes]) {
    if (byPrefix.has(route.prefix)) throw new Error(`custom id prefix "${route.prefix}" is routed twice`);
    byPrefix.set(route.prefix, route);
  }
  return byPrefix;
}

export function createDispatcher(commands: readonly SlashCommand[], routes: readonly ComponentRoute[], services: BotServices) {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const byPrefix = componentRoutes(commands, routes);
  const { logger } = services;

  return async function dispatch(interaction: Interaction): Promise<void> {
    const language = languageFor(interaction.locale);
    const context: CommandContext = { services, language, text: messages(language) };
    const started = performance.now();
    // Built only when something is logged: a pino child serializes (and redacts) its bindings up front,
    // which is wasted work on every interaction when nothing goes wrong and debug is off.
    let child: Logger | undefined;
    const log = () =>
      (child ??= logger.child({ interaction: interaction.id, type: interaction.type, guild: interaction.guildId, user: interaction.user.id }));
    try {
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) return void (await replyEphemeral(interaction, context.text.errors.unknownCommand));
        if (command.adminOnly && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
          return void (await replyEphemeral(interaction, context.text.errors.needsManageServer));
        }
        if (!interaction.inGuild()) return void (await replyEphemeral(interaction, context.text.errors.guildOnly));
        await command.execute(interaction, context);
      } else if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        await (command?.autocomplete ? command.autocomplete(interaction, context) : interaction.respond([]));
      } else if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
        const [prefix, ...args] = interaction.customId.split(':');
        const route = prefix ? byPrefix.get(prefix) : undefined;
        const handler = interaction.isModalSubmit() ? route?.modal : route?.component;
        if (!route || !handler) return void (await replyEphemeral(interaction, context.text.errors.expiredButton));
        if (route.adminOnly && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
          return void (await replyEphemeral(interaction, context.text.errors.needsManageServer));
        }
        await (handler as (i: typeof interaction, c: CommandContext, a: string[]) => Promise<void>)(interaction, context, args);
      }
      if (logger.isLevelEnabled('debug')) log().debug({ ms: Math.round(performance.now() - started) }, 'interaction handled');
    } catch (error) {
      log().error({ err: error }, 'interaction failed');
      if (interaction.isRepliable()) await replyEphemeral(interaction, context.text.errors.internal).catch((replyError: unknown) => {
        log().warn({ err: replyError }, 'could not tell the user about the failure');
      });
      else if (interaction.isAutocomplete() && !interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  };
}

/** Replies, or follows up when the interaction was already answered or deferred; `components` go under the text. */
export async function replyEphemeral(interaction: RepliableInteraction | MessageComponentInteraction, content: string, components?: BaseMessageOptions['components']): Promise<void> {
  const payload = { content, ...(components ? { components } : {}), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
  // After a PUBLIC defer the first follow-up replaces the public "thinking…" message, whatever its flags: remove
  // that message first, so this one is a new, ephemeral message.
  if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) await interaction.deleteReply();
  if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
  else await interaction.reply(payload);
}
