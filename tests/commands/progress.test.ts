import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heatmapSize } from '../../src/progress/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { seedDailyHistory } from '../support/seed.ts';

const START = Date.parse('2026-03-02T12:00:00Z');

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  expect(view.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(view.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe('progress commands through the local Discord', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ now: START });
  });
  afterEach(async () => {
    await h?.close();
  });

  const run = (name: string, user: { id: string } | string, options: Record<string, string | boolean> = {}) =>
    h.server.runSlashCommand({ channelId: h.channelId, user: typeof user === 'string' ? user : user.id, name, options }).waitForReply();

  it('/stats for a member without answers says so, without a picture', async () => {
    const reply = await run('stats', h.student);
    expect(reply.embeds[0]?.description).toMatch(/Nenhuma resposta/);
    expect(reply.local.files).toHaveLength(0);
  });

  it('/streak counts answered scheduled days and says when today still waits', async () => {
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 4,
      answers: (day) => (day < 3 ? { [h.student.id]: day !== 1 } : {}),
    });
    const reply = await run('streak', h.student);
    const fields = Object.fromEntries((reply.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Atual']).toBe('3 dias');
    expect(fields['Melhor']).toBe('3 dias');
    expect(reply.embeds[0]?.description).toMatch(/ainda espera/);
  });

  it('a missed day shows 0 the moment its window closes, not yesterday\'s number', async () => {
    const days = await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 3,
      answers: (day) => (day < 2 ? { [h.student.id]: true } : {}),
    });
    // Day 3's window closes at the next post time: one day later.
    h.clock.set(days[2]!.postedAt + 24 * 3_600_000 + 60_000);
    const reply = await run('streak', h.student);
    const fields = Object.fromEntries((reply.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Atual']).toBe('0 dias');
    expect(fields['Melhor']).toBe('2 dias');
  });

  it('/stats shows totals per topic and a heatmap PNG of the expected size', async () => {
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 5,
      answers: (day) => ({ [h.student.id]: day % 2 === 0 }),
    });
    const reply = await run('stats', h.student);
    const embed = reply.embeds[0]!;
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Respostas']).toBe('5');
    expect(fields['Acertos']).toBe('60%');
    expect(fields['Por tópico']).toMatch(/330\.2\*\* \(peso 9\)/);
    expect(embed.image?.url).toMatch(/heatmap\.png/);
    expect(reply.local.files).toHaveLength(1);
    const expected = heatmapSize(27, false);
    expect(pngSize(reply.local.files[0]!.bytes)).toEqual(expected);
  });

  it('/leaderboard ranks by points, shows the caller outside the top, hides members who left, pings nobody', async () => {
    const others = Array.from({ length: 11 }, (_, i) => h.server.addMember(h.guild.id, { username: `membro${i}`, locale: 'pt-BR' }));
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 2,
      answers: () => ({ ...Object.fromEntries(others.map((o) => [o.id, true])), [h.student.id]: false }),
    });
    h.server.removeMember(h.guild.id, others[0]!.id);
    const reply = await run('leaderboard', h.student, { metric: 'points', period: 'all' });
    const description = reply.embeds[0]?.description ?? '';
    expect(description).not.toMatch(/membro0\b/);
    expect(description.split('\n')).toHaveLength(10);
    expect(description).toMatch(/membro1 — 20 pontos/);
    expect(reply.embeds[0]?.fields?.[0]?.value).toMatch(/Sua posição: \*\*#11\*\*/);
    expect(reply.local.allowedMentions).toMatchObject({ parse: [] });
  });

  it('/forget-me deletes only after the confirmation, and says what went', async () => {
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 3,
      answers: () => ({ [h.student.id]: true, [h.admin.id]: true }),
    });
    const prompt = await run('forget-me', h.student);
    expect(prompt.local.ephemeral).toBe(true);
    const count = async () => (await h.services.db.get<{ n: number }>('SELECT count(*) AS n FROM answers WHERE user_id = ?', [h.student.id]))!.n;
    expect(await count()).toBe(3);
    const confirm = await h.server.clickButton({ messageId: prompt.id, customId: `forget-me:confirm:${h.student.id}`, user: h.student.id }).waitForReply();
    expect(confirm.content).toMatch(/Apaguei 3 respostas/);
    expect(await count()).toBe(0);
    const adminAnswers = (await h.services.db.get<{ n: number }>('SELECT count(*) AS n FROM answers WHERE user_id = ?', [h.admin.id]))!.n;
    expect(adminAnswers).toBe(3);
  });

  it('numbers follow the reader\'s language (71,4% in pt-BR, 71.4% in English), without doubled brackets', async () => {
    const reader = h.server.addMember(h.guild.id, { username: 'reader', locale: 'en-US' });
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 7,
      answers: (day) => ({ [h.student.id]: day < 5, [reader.id]: day < 5 }),
    });
    const board = await run('leaderboard', h.student, { metric: 'accuracy', period: 'all' });
    expect(board.embeds[0]?.description).toMatch(/71,4% \(5 de 7\)/);
    const mine = board.embeds[0]?.fields?.[0]?.value ?? '';
    expect(mine).toMatch(/^Sua posição: \*\*#1\*\* — 71,4% \(5 de 7\)$/);
    expect(mine).not.toMatch(/\)\)/);
    const inEnglish = await run('leaderboard', reader, { metric: 'accuracy', period: 'all' });
    expect(inEnglish.embeds[0]?.fields?.[0]?.value).toMatch(/— 71\.4% \(5 of 7\)$/);

    const stats = Object.fromEntries((await run('stats', h.student)).embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(stats['Acertos']).toBe('71,4%');
    expect(stats['Por tópico']).toMatch(/\d+ resp\., (\d+(,\d)?%|—)/);
    expect(stats['Por tópico']).not.toMatch(/\d\.\d%/);
    const english = Object.fromEntries((await run('stats', reader)).embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(english['Accuracy']).toBe('71.4%');
  });

  it('/leaderboard metric:streak period:week says the board is all time, not silently', async () => {
    await seedDailyHistory(h.services, h.clock, {
      guildId: h.guild.id, channelId: h.channelId, timezone: 'America/Sao_Paulo', start: START, days: 2,
      answers: () => ({ [h.student.id]: true }),
    });
    expect((await run('leaderboard', h.student, { metric: 'streak', period: 'week' })).embeds[0]?.title).toBe(
      '🏆 Ranking — sequência (geral; a sequência não tem ranking semanal)',
    );
    expect((await run('leaderboard', h.student, { metric: 'streak', period: 'month' })).embeds[0]?.title).toContain('não tem ranking mensal');
    expect((await run('leaderboard', h.student, { metric: 'streak' })).embeds[0]?.title).toBe('🏆 Ranking — sequência (geral)');
    expect((await run('leaderboard', h.student, { metric: 'streak', period: 'all' })).embeds[0]?.title).toBe('🏆 Ranking — sequência (geral)');
  });
});
