/** The one error boundary, through the real bot: every interaction gets an answer, whatever breaks. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

/** Every statement and transaction of the bot's database fails until the returned function is called. */
function breakStorage(h: BotHarness): () => void {
  const db = h.services.db;
  const saved = { all: db.all, get: db.get, run: db.run, transaction: db.transaction };
  const fail = () => Promise.reject(new Error('disk I/O error'));
  Object.assign(db, { all: fail, get: fail, run: fail, transaction: fail });
  return () => Object.assign(db, saved);
}

describe('dispatcher', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('an error inside a handler becomes an ephemeral message in the user\'s language, and the bot keeps serving', async () => {
    // A storage failure in the middle of a command: the handler throws.
    const restore = breakStorage(h);
    const pt = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student.id, name: 'streak' }).waitForReply();
    expect(pt.local.ephemeral).toBe(true);
    expect(pt.content).toMatch(/Algo deu errado/);
    const en = await h.server.runSlashCommand({ channelId: h.channelId, user: { username: 'eng', locale: 'en-GB' }, name: 'stats' }).waitForReply();
    expect(en.content).toMatch(/Something went wrong/);
    restore();

    const after = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student.id, name: 'term', options: { query: 'xen' } }).waitForReply();
    expect(after.embeds).toHaveLength(1);
  });

  it('an error after a public defer is not posted publicly: the "thinking…" message goes and the error is ephemeral', async () => {
    // /leaderboard defers publicly, then reads the database: the read fails.
    const restore = breakStorage(h);
    const handle = h.server.runSlashCommand({ channelId: h.channelId, user: h.student.id, name: 'leaderboard' });
    const error = await h.server.waitForMessage(h.channelId, (m) => /Algo deu errado/.test(m.content ?? ''));
    restore();
    expect(error.local.ephemeral).toBe(true);
    await handle.waitForReply().catch(() => undefined);
    const visible = h.server.messages(h.channelId, { ephemeral: false }).filter((m) => m.local.interactionId !== null);
    expect(visible).toEqual([]);
  });

  it('a button whose target vanished (notes updated since) gets a polite ephemeral answer', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student.id, name: 'term', options: { query: 'xl list' } }).waitForReply();
    const customId = (reply.components?.at(-1) as { components: { custom_id: string }[] }).components[0]!.custom_id;
    h.services.knowledge.entries.delete(customId.split(':')[2]!);
    const answer = await h.server.clickButton({ messageId: reply.id, customId, user: h.student.id }).waitForReply();
    expect(answer.local.ephemeral).toBe(true);
    expect(answer.content).toMatch(/não existe mais/);
  });
});
