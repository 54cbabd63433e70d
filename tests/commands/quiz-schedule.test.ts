/**
 * The daily-quiz scheduler end to end: the real bot (and, where it matters, a restarted or a second bot
 * process) against the local Discord, with the bot's clock moved by the test and ticks driven by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.ts';
import { startBot } from '../../bot/bot.ts';
import { LOCAL_BOT_TOKEN } from '../../bot/local.ts';
import { loadServices } from '../../bot/services.ts';
import { createLogger } from '../../src/log/index.ts';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { getPost, scheduleStatus } from '../../src/schedule/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const utc = (iso: string) => Date.parse(iso);

let h: BotHarness | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h?.close();
  h = undefined;
});

async function harness(nowIso: string): Promise<BotHarness> {
  h = await startBotHarness({ now: utc(nowIso) });
  return h;
}

/** Another bot process on the same database file and the same local Discord (a restart, or a second replica). */
async function anotherBot(h: BotHarness, options: { scheduler?: boolean } = {}) {
  const services = await loadServices(h.services.config, createLogger({ level: process.env.E2E_LOG ?? 'silent' }), { now: () => h.clock.now });
  const bot = await startBot(allCommands, services, { token: LOCAL_BOT_TOKEN, loginTimeoutMs: 10_000, scheduler: options.scheduler ?? false });
  const close = async () => {
    await bot.stop();
    await services.close();
  };
  cleanups.push(close);
  return { services, bot };
}

/** A second server with the commands registered, the harness admin as a Manage Server member, known to the bot. */
async function addGuild(h: BotHarness, name: string, preferredLocale: string) {
  const guild = h.server.createGuild({ name, preferredLocale });
  h.server.registerCommands(guild.id, allCommands.map((c) => c.data));
  h.server.addMember(guild.id, h.admin.id, { permissions: ['ManageGuild'] });
  await h.server.waitFor(() => h.bot.client.guilds.cache.has(guild.id), 5000, 'the bot to see the new guild');
  return guild;
}

async function setup(h: BotHarness, commandChannel: string, quizChannel: string, time: string, timezone: string) {
  const reply = await h.server
    .runSlashCommand({ channelId: commandChannel, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: quizChannel, time, timezone } })
    .waitForReply();
  expect(reply.content).toContain('✅');
}

/** The daily posts of a channel: messages the bot sent itself (not interaction replies). */
const posts = (h: BotHarness, channelId: string): LocalMessage[] =>
  h.server.messages(channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);

const postRequests = (h: BotHarness, channelId: string) =>
  h.server.requests().filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

async function tickAt(h: BotHarness, iso: string, bot = h.bot) {
  h.clock.set(utc(iso));
  await bot.quiz.tick();
}

describe('daily quiz scheduler', () => {
  it('posts at 09:00 local time in two zones, also across New York\'s spring-forward (13:00Z after it, 14:00Z before)', async () => {
    const h = await harness('2024-03-09T10:00:00Z');
    const saoPaulo = h.channelId; // pt-BR server
    const ny = await addGuild(h, 'NYC study group', 'en-US');
    await setup(h, saoPaulo, saoPaulo, '09:00', 'America/Sao_Paulo');
    await setup(h, ny.defaultChannelId, ny.defaultChannelId, '09:00', 'America/New_York');
    const expectCounts = async (iso: string, sp: number, nyc: number) => {
      await tickAt(h, iso);
      expect([posts(h, saoPaulo).length, posts(h, ny.defaultChannelId).length], iso).toEqual([sp, nyc]);
    };
    // Saturday 9 March: São Paulo is UTC-3 all year, New York still on EST (UTC-5).
    await expectCounts('2024-03-09T11:59:00Z', 0, 0);
    await expectCounts('2024-03-09T12:00:00Z', 1, 0);
    await expectCounts('2024-03-09T13:00:00Z', 1, 0); // 08:00 EST: one hour early in winter
    await expectCounts('2024-03-09T13:59:00Z', 1, 0);
    await expectCounts('2024-03-09T14:00:00Z', 1, 1);
    // Sunday 10 March: New York jumps from 02:00 to 03:00 (EDT, UTC-4).
    await expectCounts('2024-03-10T11:59:00Z', 1, 1);
    await expectCounts('2024-03-10T12:00:00Z', 2, 1);
    await expectCounts('2024-03-10T12:59:00Z', 2, 1);
    await expectCounts('2024-03-10T13:00:00Z', 2, 2);
    // Monday 11 March, the day after the switch.
    await expectCounts('2024-03-11T12:00:00Z', 3, 2);
    await expectCounts('2024-03-11T12:59:00Z', 3, 2); // 08:59 EDT
    await expectCounts('2024-03-11T13:00:00Z', 3, 3); // 09:00 EDT

    const lastNy = posts(h, ny.defaultChannelId).at(-1)!;
    expect(lastNy.embeds[0]?.title).toBe('❓ Question of the day — Monday, March 11, 2024');
    expect(lastNy.embeds[0]?.description).toMatch(/Answers until Tue, Mar 12, 09:00 AM \(America\/New_York\)/);
    const lastSp = posts(h, saoPaulo).at(-1)!;
    expect(lastSp.embeds[0]?.title).toBe('❓ Pergunta do dia — segunda-feira, 11 de março de 2024');
    expect(lastSp.embeds[0]?.description).toMatch(/Respostas até ter\., 12 de mar\.?,? 09:00 \(America\/Sao_Paulo\)/);
    expect(lastSp.local.allowedMentions).toEqual({ parse: [] });
    // Every post went out with a nonce Discord enforces.
    for (const request of [...postRequests(h, saoPaulo), ...postRequests(h, ny.defaultChannelId)]) {
      expect(request.body).toMatchObject({ enforce_nonce: true, nonce: expect.stringMatching(/^[0-9a-f]{20}$/) });
    }
  });

  it('a restart inside the posting minute posts once, even when the crash came between the send and its record', async () => {
    const h = await harness('2024-06-03T12:00:00Z');
    await setup(h, h.channelId, h.channelId, '09:00', 'America/New_York');
    await tickAt(h, '2024-06-03T13:00:05Z');
    expect(posts(h, h.channelId)).toHaveLength(1);
    const messageId = posts(h, h.channelId)[0]!.id;
    const postId = (await h.services.db.get<{ id: number }>('SELECT id FROM quiz_posts'))!.id;

    // The process dies right after Discord took the message, before markPostSent committed.
    await h.services.db.run(`UPDATE quiz_posts SET status = 'claimed', message_id = NULL, sent_at = NULL, lease_until = claimed_at + 60000 WHERE id = ?`, [postId]);
    await h.bot.stop();
    await h.services.close();

    const restarted = await anotherBot(h);
    await tickAt(h, '2024-06-03T13:00:40Z', restarted.bot); // same minute: the dead process's lease still holds
    expect(posts(h, h.channelId)).toHaveLength(1);
    expect(await getPost(restarted.services.db, postId)).toMatchObject({ status: 'claimed', messageId: null });

    await tickAt(h, '2024-06-03T13:01:05Z', restarted.bot); // lease over: retried with the SAME nonce
    expect(posts(h, h.channelId)).toHaveLength(1);
    expect(await getPost(restarted.services.db, postId)).toMatchObject({ status: 'sent', messageId });
    const sends = postRequests(h, h.channelId);
    expect(sends).toHaveLength(2);
    expect((sends[1]!.body as { nonce: string }).nonce).toBe((sends[0]!.body as { nonce: string }).nonce);

    // A plain restart later in the day changes nothing either.
    await tickAt(h, '2024-06-03T13:02:00Z', restarted.bot);
    expect(postRequests(h, h.channelId)).toHaveLength(2);
  });

  it('two running bots on one database and one Discord: one post, one reveal', async () => {
    const h = await harness('2024-06-03T12:00:00Z');
    await setup(h, h.channelId, h.channelId, '09:00', 'America/New_York');
    const second = await anotherBot(h);
    h.clock.set(utc('2024-06-03T13:00:00Z'));
    await Promise.all([h.bot.quiz.tick(), second.bot.quiz.tick()]);
    expect(posts(h, h.channelId)).toHaveLength(1);
    expect(postRequests(h, h.channelId)).toHaveLength(1);

    h.clock.set(utc('2024-06-04T13:00:00Z'));
    await Promise.all([second.bot.quiz.tick(), h.bot.quiz.tick()]);
    expect(posts(h, h.channelId)).toHaveLength(2);
    const edits = h.server.requests().filter((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${h.channelId}/messages/`));
    expect(edits).toHaveLength(1);
    expect(await h.services.db.get('SELECT count(*) AS n FROM quiz_posts')).toEqual({ n: 2 });
  });

  it('a deleted channel or a denied permission pauses only that server, and /quiz status says why', async () => {
    const h = await harness('2024-06-03T10:00:00Z');
    const deletedQuiz = h.server.createChannel(h.guild.id, { name: 'quiz' }).id;
    const healthy = await addGuild(h, 'Grupo B', 'pt-BR');
    const muted = await addGuild(h, 'Grupo C', 'pt-BR');
    await setup(h, h.channelId, deletedQuiz, '09:00', 'America/Sao_Paulo');
    await setup(h, healthy.defaultChannelId, healthy.defaultChannelId, '09:00', 'America/Sao_Paulo');
    await setup(h, muted.defaultChannelId, muted.defaultChannelId, '09:00', 'America/Sao_Paulo');
    h.server.deleteChannel(deletedQuiz);
    h.server.setChannelOverwrite(muted.defaultChannelId, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    await h.server.waitFor(() => !h.bot.client.channels.cache.has(deletedQuiz), 5000, 'the channel deletion to reach the bot');

    await tickAt(h, '2024-06-03T12:00:00Z');
    expect(posts(h, healthy.defaultChannelId)).toHaveLength(1);
    expect(posts(h, muted.defaultChannelId)).toHaveLength(0);
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ paused: true, pausedReason: 'channel_missing' });
    expect(await scheduleStatus(h.services.db, muted.id)).toMatchObject({ paused: true, pausedReason: 'missing_permissions' });
    expect(await scheduleStatus(h.services.db, healthy.id)).toMatchObject({ paused: false });

    const status = await h.server.runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'status' }).waitForReply();
    const fields = Object.fromEntries((status.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Situação']).toBe('⏸️ pausado (o canal foi apagado)');
    expect(fields['Próxima pergunta']).toBe('—');
    expect(fields['Permissões']).toContain('Não encontro o canal configurado');
    const mutedStatus = await h.server.runSlashCommand({ channelId: muted.defaultChannelId, user: h.admin, name: 'quiz', subcommand: 'status' }).waitForReply();
    const mutedFields = Object.fromEntries((mutedStatus.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(mutedFields['Situação']).toBe('⏸️ pausado (faltam permissões no canal)');
    expect(mutedFields['Permissões']).toContain('**Enviar mensagens**');

    // The next day only the healthy server posts; the paused ones wait for an admin.
    await tickAt(h, '2024-06-04T12:00:00Z');
    expect(posts(h, healthy.defaultChannelId)).toHaveLength(2);
    expect(posts(h, muted.defaultChannelId)).toHaveLength(0);
    expect(await h.services.db.all(`SELECT guild_id, status, last_error FROM quiz_posts WHERE guild_id <> ? ORDER BY id`, [healthy.id])).toEqual([
      { guild_id: h.guild.id, status: 'failed', last_error: 'channel_missing' },
      { guild_id: muted.id, status: 'failed', last_error: 'missing_permissions' },
    ]);
  });

  it('/quiz now in a server whose channel is gone says so and pauses it', async () => {
    const h = await harness('2024-06-03T10:00:00Z');
    const quizChannel = h.server.createChannel(h.guild.id, { name: 'quiz' }).id;
    await setup(h, h.channelId, quizChannel, '09:00', 'America/Sao_Paulo');
    h.server.deleteChannel(quizChannel);
    await h.server.waitFor(() => !h.bot.client.channels.cache.has(quizChannel), 5000, 'the channel deletion to reach the bot');
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'now' }).waitForReply();
    expect(reply.content).toContain('Não consegui postar no canal: o canal foi apagado');
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ paused: true, pausedReason: 'channel_missing' });
  });

  it('with the cron on, a bot starting after the post time catches up at once; ticks never overlap', async () => {
    const h = await harness('2024-06-03T12:00:00Z');
    await setup(h, h.channelId, h.channelId, '09:00', 'America/New_York');
    await h.bot.stop(); // the bot is down at 09:00…
    await h.services.close();
    h.clock.set(utc('2024-06-03T13:20:00Z'));
    const started = await anotherBot(h, { scheduler: true });
    await h.server.waitFor(() => posts(h, h.channelId).length === 1, 5000, 'the catch-up post');
    // Concurrent ticks run one after the other, each seeing the state the previous one left.
    await Promise.all([started.bot.quiz.tick(), started.bot.quiz.tick(), started.bot.quiz.tick()]);
    expect(posts(h, h.channelId)).toHaveLength(1);
    expect(postRequests(h, h.channelId)).toHaveLength(1);
    // stop() waits for a running pass and ends the schedule: a tick afterwards does nothing.
    h.clock.set(utc('2024-06-04T13:00:00Z'));
    const running = started.bot.quiz.tick();
    await started.bot.quiz.stop();
    await running;
    const count = posts(h, h.channelId).length;
    await started.bot.quiz.tick();
    expect(posts(h, h.channelId)).toHaveLength(count);
  });
});
