import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

describe('/term through the local Discord', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers with an embed of the focused entry, public, mentions disabled', async () => {
    const handle = h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'hypervisor' } });
    const reply = await handle.waitForReply();
    expect(reply.local.ephemeral).toBe(false);
    expect(reply.embeds[0]?.title).toMatch(/hypervisor/i);
    expect(reply.embeds[0]?.description).toMatch(/Virtual Machine Manager/);
    expect(reply.local.allowedMentions).toMatchObject({ parse: [] });
  });

  it('tolerates a typo and missing accents', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'paravirtualizacao' } }).waitForReply();
    expect(reply.embeds[0]?.title).toMatch(/paravirtuali/i);
  });

  it('autocomplete returns at most 25 choices with entry ids as values', async () => {
    const choices = await h.server.autocomplete({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'xl' }, focused: 'query' });
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    const ids = new Set(h.services.knowledge.entries.keys());
    expect(choices.filter((choice) => ids.has(String(choice.value))).length).toBeGreaterThan(0);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('a chosen autocomplete value shows exactly that entry', async () => {
    const entry = h.services.knowledge.kb.entries.find((e) => e.kind === 'command')!;
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: entry.id } }).waitForReply();
    expect(reply.embeds[0]?.title).toBe(entry.title.slice(0, 256));
  });

  it('nothing found: a friendly ephemeral message', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'receita de bolo' } }).waitForReply();
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Não encontrei nada/);
  });

  it('private option answers only the asker', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'xentop', private: true } }).waitForReply();
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.embeds).toHaveLength(1);
  });

  it('answers in English for an English-speaking user', async () => {
    const reply = await h.server
      .runSlashCommand({ channelId: h.channelId, user: { username: 'eng', locale: 'en-US' }, name: 'term', options: { query: 'zzzzqqq' } })
      .waitForReply();
    expect(reply.content).toMatch(/I found nothing/);
  });

  it.each([
    ['empty', ''],
    ['6,000 characters', 'virtualização '.repeat(428).slice(0, 6000)],
    ['emoji only', '🔥🚀💾'],
    ['markdown and mentions', '@everyone **<@123456789012345678>** `xl` ||list||'],
  ])('bad input (%s) gets a well-formed answer', async (_, query) => {
    const handle = h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query } });
    const reply = await handle.waitForReply();
    expect(reply.content || reply.embeds.length).toBeTruthy();
    expect(reply.local.allowedMentions).toMatchObject({ parse: [] });
  });

  it('autocomplete survives a 6,000-character partial value', async () => {
    const choices = await h.server.autocomplete({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'x'.repeat(6000) }, focused: 'query' });
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) expect(String(choice.value).length).toBeLessThanOrEqual(100);
  });

  it('a button opens another match; for someone else it is a private copy', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'xl' } }).waitForReply();
    const customIds = (reply.components ?? []).flatMap((row) => ('components' in row ? (row.components as { custom_id?: string }[]) : [])).map((b) => b.custom_id ?? '');
    const other = customIds.find((id) => id.startsWith('term:show:'));
    expect(other).toBeDefined();
    const click = h.server.clickButton({ messageId: reply.id, customId: other!, user: h.admin });
    const copy = await click.waitForReply();
    expect(copy.local.ephemeral).toBe(true);
    expect(copy.embeds[0]?.title).toBeTruthy();
    expect(copy.embeds[0]?.title).not.toBe(reply.embeds[0]?.title);
  });
});
