/**
 * A lost channel permission pauses the server (issue 12): the server is told in a channel the bot can still
 * write to, and the next admin running a /quiz command is told once, in the server's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { scheduleStatus } from '../../src/schedule/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();
const NOTICE = /⚠️ O quiz diário foi pausado: não consigo postar em <#(\d+)> \(faltam permissões no canal\)/;

describe('a pause for a lost permission is told, once', () => {
  let h: BotHarness;
  let quizChannel: string;
  beforeAll(async () => {
    h = await startBotHarness({ now: at('2024-06-03T08:00') });
    quizChannel = h.server.createChannel(h.guild.id, { name: 'quiz' }).id;
    await h.server.waitFor(() => h.bot.client.channels.cache.has(quizChannel), 5000, 'the new channel to reach the bot');
    const setup = await quiz('setup', { channel: quizChannel, time: '09:00', timezone: SP }).waitForReply();
    expect(setup.content).toContain('✅');
  });
  afterAll(async () => {
    await h?.close();
  });

  function quiz(subcommand: string, options: Record<string, string> = {}) {
    return h.server.runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand, options });
  }
  /** Messages the bot sent on its own (not replies to an interaction). */
  const ownMessages = (channelId: string): LocalMessage[] =>
    h.server.messages(channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);

  it('the scheduled post fails, the server pauses, and the system channel gets one notice in pt-BR', async () => {
    h.server.setChannelOverwrite(quizChannel, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    h.clock.set(at('2024-06-03T09:00'));
    await h.bot.quiz.tick();
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ paused: true, pausedReason: 'missing_permissions' });
    const notices = ownMessages(h.channelId);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.content).toMatch(NOTICE);
    expect(notices[0]!.content).toContain(`<#${quizChannel}>`);
    expect(notices[0]!.local.allowedMentions).toEqual({ parse: [] });
    // Later ticks do not repeat it.
    h.clock.set(at('2024-06-04T09:00'));
    await h.bot.quiz.tick();
    expect(ownMessages(h.channelId)).toHaveLength(1);
  });

  it('the next admin running any /quiz command is told privately, and only that once', async () => {
    const first = quiz('skip');
    await first.waitForReply();
    const told = await first.waitForFollowUp();
    expect(told.local.ephemeral).toBe(true);
    expect(told.content).toMatch(NOTICE);
    const second = quiz('skip');
    await second.waitForReply();
    await h.server.waitFor(() => true, 100, 'a moment for a follow-up');
    expect(second.followUps()).toEqual([]);
  });

  it('when no other channel is left to write in, the admin is still told', async () => {
    h.server.removeChannelOverwrite(quizChannel, h.server.botUser.id);
    h.clock.set(at('2024-06-05T08:00'));
    expect((await quiz('resume').waitForReply()).content).toContain('retomado');
    for (const channel of [quizChannel, h.channelId]) h.server.setChannelOverwrite(channel, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    const before = ownMessages(h.channelId).length;
    h.clock.set(at('2024-06-06T09:00')); // the 5th is the day skipped above
    await h.bot.quiz.tick();
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ paused: true, pausedReason: 'missing_permissions' });
    expect(ownMessages(h.channelId)).toHaveLength(before);
    const pause = quiz('pause');
    expect((await pause.waitForReply()).content).toContain('já está pausado');
    expect((await pause.waitForFollowUp()).content).toMatch(NOTICE);
  });

  it('/quiz status shows the pause itself, so the admin who ran it counts as told', async () => {
    h.server.removeChannelOverwrite(quizChannel, h.server.botUser.id);
    expect((await quiz('resume').waitForReply()).content).toContain('retomado');
    h.server.setChannelOverwrite(quizChannel, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    h.clock.set(at('2024-06-07T09:00'));
    await h.bot.quiz.tick();
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ paused: true });
    const status = quiz('status');
    expect((await status.waitForReply()).embeds[0]?.fields?.find((f) => f.name === 'Situação')?.value).toContain('faltam permissões no canal');
    const skip = quiz('skip');
    await skip.waitForReply();
    await h.server.waitFor(() => true, 100, 'a moment for a follow-up');
    expect(status.followUps()).toEqual([]);
    expect(skip.followUps()).toEqual([]);
  });
});
