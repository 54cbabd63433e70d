/** The logger keeps secrets out: the bot token by key, interaction and webhook tokens out of failed REST calls. */
import { Writable } from 'node:stream';
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ';

describe('logger', () => {
  it('logs a failed interaction callback without its token or the uploaded files', () => {
    const { logger, lines } = capture();
    const url = `https://discord.com/api/v10/interactions/1177722699978096662/${INTERACTION_TOKEN}/callback?with_response=false`;
    const png = { name: 'heatmap.png', data: Buffer.alloc(2048, 7) };
    const error = new DiscordAPIError({ message: 'Unknown interaction', code: 10062 }, 10062, 404, 'POST', url, {
      files: [png],
      body: { type: 4, data: { content: 'oi' } },
    });
    logger.error({ err: error }, 'interaction failed');
    const line = JSON.parse(lines.join('')) as { err: { url: string; message: string; code: number; requestBody: unknown } };
    expect(lines.join('')).not.toContain(INTERACTION_TOKEN);
    expect(line.err.url).toBe('https://discord.com/api/v10/interactions/1177722699978096662/[redacted]/callback?with_response=false');
    expect(line.err).toMatchObject({ message: 'Unknown interaction', code: 10062 });
    expect(line.err.requestBody).toEqual({ files: '1 file(s) omitted', json: { type: 4, data: { content: 'oi' } } });
  });

  it('redacts webhook follow-up tokens in any text of an error, and tokens by key', () => {
    const { logger, lines } = capture();
    const error = new Error(`PATCH /webhooks/123456789012345678/${INTERACTION_TOKEN}/messages/@original failed`);
    logger.warn({ err: error, token: 'bot-token-value', config: { DISCORD_TOKEN: 'config-token-value' } }, 'could not edit');
    const text = lines.join('');
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).toContain('/webhooks/123456789012345678/[redacted]/messages/@original');
    expect(text).not.toContain('bot-token-value');
    expect(text).not.toContain('config-token-value');
  });
});
