/** The contract between the dispatcher and the command files. */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Language, Messages } from '../src/i18n/index.ts';
import type { BotServices } from './services.ts';

export interface CommandContext {
  services: BotServices;
  language: Language;
  text: Messages;
}

export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Only members with Manage Server may run it (also set as Discord's default permission). */
  adminOnly?: boolean;
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  /** Buttons and select menus whose custom id starts with `<command name>:`; `args` is the rest, split on ':'. */
  component?(interaction: MessageComponentInteraction, context: CommandContext, args: string[]): Promise<void>;
  modal?(interaction: ModalSubmitInteraction, context: CommandContext, args: string[]): Promise<void>;
}

/**
 * Components and modals that belong to no slash command (answer buttons live on for days in channels, and must
 * keep working whatever the commands are called): routed by their custom id's first segment, `prefix`.
 */
export interface ComponentRoute {
  prefix: string;
  /** Only members with Manage Server may use them. */
  adminOnly?: boolean;
  component?(interaction: MessageComponentInteraction, context: CommandContext, args: string[]): Promise<void>;
  modal?(interaction: ModalSubmitInteraction, context: CommandContext, args: string[]): Promise<void>;
}

/** Custom ids are `<command or route prefix>:<action>:<arg>…`; Discord caps them at 100 characters. */
export function customId(command: string, ...parts: (string | number)[]): string {
  const id = [command, ...parts].join(':');
  if (id.length > 100) throw new Error(`custom id over 100 characters: ${id}`);
  return id;
}
