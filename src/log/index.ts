/** Structured logs (pino) to stderr, so stdout stays free for the CLI's JSON and the playground's chat. */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Interaction and webhook tokens sit in REST URLs (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<application>/<token>/…`), and a failed call's error carries its URL: anyone holding one can post
 * as the bot for 15 minutes.
 */
const TOKEN_IN_URL = /((?:interactions|webhooks)\/\d+\/)[^/?\s"']+/g;

function redactUrlTokens(text: string): string {
  return text.replace(TOKEN_IN_URL, '$1[redacted]');
}

/** pino's error serializer, without URL tokens and without uploaded files (a PNG logged as a list of numbers). */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  for (const [key, value] of Object.entries(serialized)) {
    if (typeof value === 'string') serialized[key] = redactUrlTokens(value);
  }
  const body = serialized.requestBody as { files?: unknown[]; json?: unknown } | undefined;
  if (body && typeof body === 'object') {
    serialized.requestBody = { files: Array.isArray(body.files) ? `${body.files.length} file(s) omitted` : undefined, json: body.json };
  }
  return serialized;
}

export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'study-tutor',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      // Never let a token reach the logs, whatever object gets logged.
      redact: { paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'DISCORD_TOKEN', '*.DISCORD_TOKEN'], censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    options.destination ?? pino.destination(2),
  );
}
