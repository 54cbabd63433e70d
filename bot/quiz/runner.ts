/** Placeholder until the quiz glue lands: the scheduler interface the bot starts and stops. */
import type { Client } from 'discord.js';
import type { BotServices } from '../services.ts';

export interface QuizRunner {
  /** One scheduler pass: reveal closed windows, post due questions, retry pending sends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startQuizRunner(_client: Client, _services: BotServices, _options: { cron: boolean }): QuizRunner {
  return { tick: async () => undefined, stop: async () => undefined };
}
