import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { UserActionError, type LocalMessage } from '../../localdiscord/index.ts';
import { scheduleStatus } from '../../src/schedule/index.ts';
import { allCommands } from '../../commands/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toMillis();

describe('/quiz admin commands through the local Discord', () => {
  let h: BotHarness;
  let quizChannel: string;
  beforeAll(async () => {
    h = await startBotHarness({ now: at('2024-06-03T07:00') });
    quizChannel = h.server.createChannel(h.guild.id, { name: 'quiz-diario' }).id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const quiz = (subcommand: string, options: Record<string, string> = {}, user = h.admin) =>
    h.server.runSlashCommand({ channelId: h.channelId, user, name: 'quiz', subcommand, options }).waitForReply();

  const embedText = (message: LocalMessage) =>
    message.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']).join('\n');

  it('the definition asks Discord for Manage Server and offers text channels only', () => {
    const data = allCommands.find((c) => c.data.name === 'quiz')!;
    expect(data.adminOnly).toBe(true);
    expect(data.data.default_member_permissions).toBe('32');
    const voice = h.server.createChannel(h.guild.id, { name: 'voz', type: 'voice' }).id;
    expect(() =>
      h.server.runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: voice, time: '09:00', timezone: NY } }),
    ).toThrow(/channel type/);
  });

  it('an admin sets it up: private confirmation in pt-BR with the next post in the server zone', async () => {
    const reply = await quiz('setup', { channel: quizChannel, time: '9:00', timezone: 'america/new_york', days: 'seg-sex' });
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.local.allowedMentions).toMatchObject({ parse: [] });
    expect(reply.content).toContain('Quiz diário configurado');
    expect(reply.content).toContain(`<#${quizChannel}>`);
    expect(reply.content).toContain('**09:00** (America/New_York)');
    expect(reply.content).toContain('seg, ter, qua, qui, sex');
    // 2024-06-03 is a Monday: the next post is today at 09:00 New York time.
    expect(reply.content).toMatch(/seg\., 3 de jun\.?,? 09:00 \(America\/New_York\)/);
    expect(await scheduleStatus(h.services.db, h.guild.id)).toMatchObject({ channelId: quizChannel, time: '09:00', timezone: NY, daysMask: 0b0011111, nextPostAt: at('2024-06-03T09:00') });
  });

  it('a member without Manage Server does not even see the command', () => {
    expect(() => h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'quiz', subcommand: 'pause' })).toThrow(UserActionError);
  });

  it('when a server opens the command to everyone (Integrations override), the bot still refuses non-admins', async () => {
    // Discord lets server admins override default_member_permissions; the interaction then reaches the bot.
    h.server.registerCommands(h.guild.id, allCommands.map((c) => (c.data.name === 'quiz' ? { ...c.data, default_member_permissions: null } : c.data)));
    try {
      const reply = await quiz('pause', {}, h.student);
      expect(reply.local.ephemeral).toBe(true);
      expect(reply.content).toContain('Gerenciar servidor');
      expect((await scheduleStatus(h.services.db, h.guild.id))!.paused).toBe(false);
    } finally {
      h.server.registerCommands(h.guild.id, allCommands.map((c) => c.data));
    }
  });

  it.each([
    ['time', { time: '25:00', timezone: NY }, 'Horário inválido'],
    ['timezone', { time: '09:00', timezone: 'Mars/Olympus' }, 'Fuso horário desconhecido'],
    ['days', { time: '09:00', timezone: NY, days: 'segundo' }, 'Dias inválidos'],
    // Words that name Object's own properties, once looked up in a plain object (issue 12).
    ['days', { time: '09:00', timezone: NY, days: 'constructor' }, 'Dias inválidos'],
    ['days', { time: '09:00', timezone: NY, days: '__proto__' }, 'Dias inválidos'],
    ['days', { time: '09:00', timezone: NY, days: 'toString, hasOwnProperty' }, 'Dias inválidos'],
  ])('a bad %s gets the translated explanation, privately, and changes nothing', async (_, options, message) => {
    const before = await scheduleStatus(h.services.db, h.guild.id);
    const reply = await quiz('setup', { channel: quizChannel, ...options });
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.content).toContain(message);
    expect(await scheduleStatus(h.services.db, h.guild.id)).toEqual(before);
  });

  it('timezone autocomplete: folded matching, cities first, at most 25', async () => {
    const complete = (typed: string) =>
      h.server.autocomplete({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { timezone: typed }, focused: 'timezone' });
    expect((await complete('são pau'))[0]).toEqual({ name: 'America/Sao_Paulo', value: 'America/Sao_Paulo' });
    expect((await complete('new york'))[0]?.value).toBe('America/New_York');
    expect((await complete('LISB'))[0]?.value).toBe('Europe/Lisbon');
    const europe = await complete('europe');
    expect(europe).toHaveLength(25);
    for (const choice of europe) expect(String(choice.value)).toMatch(/^Europe\//);
    expect((await complete(''))[0]?.value).toBe('America/Sao_Paulo');
    expect(await complete('zzzz')).toEqual([]);
  });

  it('status: schedule, next post, state and the channel permissions', async () => {
    const reply = await quiz('status');
    expect(reply.local.ephemeral).toBe(true);
    const text = embedText(reply);
    expect(text).toContain(`<#${quizChannel}>`);
    expect(text).toContain('09:00 (America/New_York)');
    expect(text).toContain('🟢 ativo');
    expect(text).toContain('Tenho as permissões necessárias');
  });

  it('status names the missing permission once the channel denies Send Messages to the bot', async () => {
    h.server.setChannelOverwrite(quizChannel, { id: h.server.botUser.id, type: 'member', deny: ['SendMessages'] });
    try {
      const text = embedText(await quiz('status'));
      expect(text).toContain('Faltam permissões no canal: **Enviar mensagens**');
      h.server.setChannelOverwrite(quizChannel, { id: h.server.botUser.id, type: 'member', deny: ['EmbedLinks', 'SendMessages'] });
      expect(embedText(await quiz('status'))).toContain('**Enviar mensagens, Inserir links**');
    } finally {
      h.server.removeChannelOverwrite(quizChannel, h.server.botUser.id);
    }
    expect(embedText(await quiz('status'))).toContain('Tenho as permissões necessárias');
  });

  it('pause, resume and skip, with the domain refusals translated', async () => {
    expect((await quiz('pause')).content).toContain('Quiz diário pausado');
    expect((await quiz('pause')).content).toContain('já está pausado');
    expect(embedText(await quiz('status'))).toContain('pausado (pausado por um admin)');
    const resumed = await quiz('resume');
    expect(resumed.content).toContain('Quiz diário retomado');
    expect((await quiz('resume')).content).toContain('não está pausado');
    const skipped = await quiz('skip');
    expect(skipped.content).toContain('segunda-feira, 3 de junho de 2024');
    expect(skipped.content).toMatch(/ter\., 4 de jun\.?,? 09:00/);
    expect((await quiz('skip')).content).toContain('já está marcado para ser pulado');
    expect(embedText(await quiz('status'))).toContain('Dia pulado: segunda-feira, 3 de junho de 2024');
  });

  it('/quiz now posts today\'s question at once, then points to it', async () => {
    const reply = await quiz('now');
    expect(reply.local.ephemeral).toBe(true);
    const posted = h.server.messages(quizChannel);
    expect(posted).toHaveLength(1);
    expect(reply.content).toContain(`https://discord.com/channels/${h.guild.id}/${quizChannel}/${posted[0]!.id}`);
    expect(posted[0]!.embeds[0]?.title).toBe('❓ Pergunta do dia — segunda-feira, 3 de junho de 2024');
    const again = await quiz('now');
    expect(again.content).toContain('A pergunta de hoje já foi postada');
    expect(again.content).toContain(posted[0]!.id);
    expect(h.server.messages(quizChannel)).toHaveLength(1);
  });

  it('/quiz status links to today\'s posted question: what shows it again after a restart, read from the database', async () => {
    const posted = h.server.messages(quizChannel)[0]!;
    const field = (await quiz('status')).embeds[0]?.fields?.find((f) => f.name === 'Pergunta aberta');
    expect(field?.value).toBe(`segunda-feira, 3 de junho de 2024: https://discord.com/channels/${h.guild.id}/${quizChannel}/${posted.id}`);
  });

  it('setting up a channel where the bot lacks a permission warns at once', async () => {
    const noEmbeds = h.server.createChannel(h.guild.id, {
      name: 'sem-embeds',
      permissionOverwrites: [{ id: h.server.botUser.id, type: 'member', deny: ['EmbedLinks'] }],
    }).id;
    await h.server.waitFor(() => h.bot.client.channels.cache.has(noEmbeds), 5000, 'the new channel to reach the bot');
    const reply = await quiz('setup', { channel: noEmbeds, time: '09:00', timezone: NY });
    expect(reply.content).toContain('Quiz diário configurado');
    expect(reply.content).toContain('⚠️ Faltam permissões no canal: **Inserir links**.');
  });

  it('in a server that is not set up, every subcommand says so', async () => {
    const other = h.server.createGuild({ name: 'Outro grupo', preferredLocale: 'pt-BR' });
    h.server.registerCommands(other.id, allCommands.map((c) => c.data));
    h.server.addMember(other.id, h.admin.id, { permissions: ['ManageGuild'] });
    await h.server.waitFor(() => h.bot.client.guilds.cache.has(other.id));
    for (const subcommand of ['pause', 'resume', 'skip', 'now', 'status']) {
      const reply = await h.server.runSlashCommand({ channelId: other.defaultChannelId, user: h.admin, name: 'quiz', subcommand }).waitForReply();
      expect(reply.content).toContain('ainda não foi configurado');
    }
  });
});
