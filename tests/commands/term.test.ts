import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ButtonStyle } from 'discord-api-types/v10';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { inline, type MarkdownContext } from '../../playground/markdown.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;

describe('/term through the local Discord', () => {
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

  it('a button opens another match; for someone else it is a private copy, with the list', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'xl' } }).waitForReply();
    const [, other] = matchButtons(reply);
    expect(other).toBeDefined();
    const copy = await h.server.clickButton({ messageId: reply.id, customId: other!.custom_id, user: h.admin }).waitForReply();
    expect(copy.local.ephemeral).toBe(true);
    expect(copy.embeds[0]?.title).toBe(entryOf(other!.custom_id).title);
    expect(copy.embeds[0]?.title).not.toBe(reply.embeds[0]?.title);
    // The copy is the clicker's own: the same matches, theirs to page through.
    expect(matchButtons(copy).map((b) => b.custom_id)).toEqual(matchButtons(reply).map((b) => b.custom_id.replace(`:${h.student.id}`, `:${h.admin.id}`)));
    expect(h.server.message(reply.id)!.embeds[0]?.title).toBe(reply.embeds[0]?.title);
  });

  it('opening a match keeps the other matches on the message and a way back to the first (bug 7)', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'xl' } }).waitForReply();
    const list = matchButtons(reply);
    expect(list.length).toBeGreaterThanOrEqual(3);
    const click = async (customId: string) => {
      await h.server.clickButton({ messageId: reply.id, customId, user: h.student }).response;
      return h.server.message(reply.id)!;
    };

    // The asker opens one match in place, then another one from the buttons first shown (a playground number).
    const opened = await click(list[1]!.custom_id);
    expect(opened.embeds[0]?.title).toBe(entryOf(list[1]!.custom_id).title);
    expect(matchButtons(opened).map((b) => b.custom_id)).toEqual(list.map((b) => b.custom_id));
    const next = await click(list[2]!.custom_id);
    expect(next.embeds[0]?.title).toBe(entryOf(list[2]!.custom_id).title);

    // The list is the answer's matches, best first, the one shown highlighted; "back" returns to the first.
    expect(entryOf(list[0]!.custom_id).title).toBe(reply.embeds[0]?.title);
    expect(list.map((b) => b.style)).toEqual(list.map((_, i) => (i === 0 ? ButtonStyle.Primary : ButtonStyle.Secondary)));
    expect(matchButtons(next).map((b) => b.style)).toEqual(list.map((_, i) => (i === 2 ? ButtonStyle.Primary : ButtonStyle.Secondary)));
    const back = buttons(next).find((b) => b.custom_id.startsWith('term:back:'));
    expect(back?.label).toBe('↩ Voltar');
    const first = await click(back!.custom_id);
    expect(first.embeds[0]?.title).toBe(reply.embeds[0]?.title);
    expect(buttons(first).map((b) => b.custom_id)).toEqual(buttons(reply).map((b) => b.custom_id));
  });

  it.each([
    ['emoji', 'a' + '🐧'.repeat(60)],
    ['ZWJ sequences', 'a' + '👩‍💻'.repeat(30)],
    ['combining accents', 'a' + 'e\u0301'.repeat(80)],
  ])('never cuts a character in half: %s (bug 2)', async (_, typed) => {
    const choices = await h.server.autocomplete({ channelId: h.channelId, user: h.student, name: 'term', options: { query: typed }, focused: 'query' });
    const asTyped = choices.find((choice) => !h.services.knowledge.entries.has(String(choice.value)));
    expect(asTyped).toBeDefined();
    for (const choice of choices) {
      for (const text of [String(choice.value), choice.name]) {
        expect(text).not.toMatch(LONE_SURROGATE);
        expect(text.length).toBeLessThanOrEqual(100);
      }
    }
    expect(isGraphemePrefix(String(asTyped!.value), typed)).toBe(true);
    expect(isGraphemePrefix(asTyped!.name.replace(/^Procurar: /, '').replace(/…$/, ''), typed)).toBe(true);

    // The answer that echoes it cuts between characters too.
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: typed } }).waitForReply();
    const echoed = /\*\*(.+)\*\*/u.exec(reply.content)![1]!.replace(/…$/, '');
    expect(echoed.length).toBeGreaterThan(10);
    expect(isGraphemePrefix(echoed, typed)).toBe(true);
  });

  it('the entry reads as notes: no title repeated as its first line, the source named by topic and section (bug 10)', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: 'hypervisor' } }).waitForReply();
    const embed = reply.embeds[0]!;
    const entry = h.services.knowledge.kb.entries.find((e) => e.title === embed.title)!;
    expect(entry.text).toMatch(/^\s*• Hypervisor\n/);
    expect(embed.description).toMatch(/^Hypervisor, também chamado de Virtual Machine Manager/);
    const topic = h.services.knowledge.topics.get(entry.topicId)!;
    expect(embed.footer?.text).toBe(`Fonte: ${topic.id} ${topic.title} › ${entry.sectionPath.join(' › ')}`);
    expect(embed.footer?.text).not.toMatch(/\.txt|linhas/);
  });

  it('echoes an unmatched query literally: no live link, no formatting, no mention (bug 11)', async () => {
    const query = '[zqxw](https://evil.example/zqxw) *zq* _zq_ ~~zq~~ `zq` ||zq|| <@123> @everyone';
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query } }).waitForReply();
    const spans = inline(reply.content.split('\n')[0]!, RENDER);
    // As Discord renders it: the sentence with the query verbatim, only the template's bold around it.
    expect(spans.map((s) => s.text).join('')).toBe(`🔎 Não encontrei nada sobre ${query} nas anotações.`);
    expect(spans.filter((s) => s.bold).map((s) => s.text).join('')).toBe(query);
    for (const { text: _text, ...style } of spans) expect(style).toEqual(style.bold ? { bold: true } : {});
    // Discord also links a bare URL: the scheme must not survive unescaped.
    expect(reply.content).not.toMatch(/https?:\/\//);
    expect(reply.local.allowedMentions).toEqual({ parse: [] });
  });
});

interface Button {
  custom_id: string;
  label: string;
  style: number;
}

function buttons(message: LocalMessage): Button[] {
  return (message.components ?? []).flatMap((row) => ('components' in row ? (row.components as unknown as Button[]) : []));
}

/** The matches row: one button per match, each opening its first part. */
function matchButtons(message: LocalMessage): Button[] {
  return buttons(message).filter((b) => /^term:show:[^:]+:0:/.test(b.custom_id));
}

function entryOf(customId: string) {
  return h.services.knowledge.entries.get(customId.split(':')[2]!)!;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `part` is the start of `whole`, ending where a character (grapheme) ends. */
function isGraphemePrefix(part: string, whole: string): boolean {
  if (!whole.startsWith(part)) return false;
  return part.length === 0 || [...GRAPHEMES.segment(whole)].some(({ index, segment }) => index + segment.length === part.length);
}

const RENDER: MarkdownContext = { names: { user: () => undefined, channel: () => undefined, role: () => undefined }, language: 'pt-BR', now: 0 };
