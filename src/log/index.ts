/** Structured logs (pino) to stderr, so stdout stays free for the CLI's JSON and the playground's chat. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'study-tutor',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      // Never let a token reach the logs, whatever object gets logged.
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'DISCORD_TOKEN'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
