/** Every slash command the bot registers, in the order Discord lists them. */
import type { SlashCommand } from '../bot/types.ts';
import { term } from './term.ts';

export const allCommands: readonly SlashCommand[] = [term];
