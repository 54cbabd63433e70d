import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  EmbedBuilder,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
} from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { InteractionTimeoutError, UserActionError } from '../../localdiscord/index.ts';
import { ONE_PIXEL_PNG, startHarness, startServer, type HarnessOptions, type LocalDiscordHarness } from '../support/localdiscord-harness.ts';

let h: LocalDiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const COMMANDS = [
  { name: 'ping', description: 'Ping' },
  {
    name: 'term',
    description: 'Look up a term',
    options: [{ type: 3, name: 'query', description: 'Term', required: true, autocomplete: true }],
  },
  {
    name: 'quiz',
    description: 'Quiz settings',
    options: [
      {
        type: 1,
        name: 'schedule',
        description: 'Schedule the quiz',
        options: [
          { type: 7, name: 'channel', description: 'Where', required: true, channel_types: [0] },
          { type: 4, name: 'hour', description: 'Hour', min_value: 0, max_value: 23 },
        ],
      },
    ],
  },
];

async function start(options: HarnessOptions = {}): Promise<LocalDiscordHarness> {
  h = await startHarness({
    ...options,
    setup: async (server, guild) => {
      server.registerCommands(guild.id, COMMANDS);
      await options.setup?.(server, guild);
    },
  });
  return h;
}

/** Runs `handler` on the next interaction and resolves with what it returned or threw. */
function onNextInteraction<T>(harness: LocalDiscordHarness, handler: (i: Interaction) => Promise<T>): Promise<T | unknown> {
  return new Promise((resolve) => {
    harness.client.once('interactionCreate', (i) => {
      handler(i).then(resolve, resolve);
    });
  });
}

describe('slash commands', () => {
  test('interaction carries the documented fields and reply() lands as a recorded callback', async () => {
    const hh = await start();
    const seen = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply({ content: 'pong', allowedMentions: { parse: [] } });
      return i;
    });
    const handle = hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    const response = await handle;
    expect(response.type).toBe(4);
    if (response.type !== 4) return;
    expect(response.message.content).toBe('pong');
    expect(response.message.local.allowedMentions).toEqual({ parse: [] });
    expect(response.message.interaction_metadata?.id).toBe(handle.id);

    const i = (await seen) as Interaction;
    expect(i.guildId).toBe(hh.guild.id);
    expect(i.channelId).toBe(hh.channelId);
    expect(i.locale).toBe('pt-BR');
    expect(i.guildLocale).toBe('pt-BR');
    expect(i.appPermissions?.has('SendMessages')).toBe(true);
    expect(i.memberPermissions?.has('ViewChannel')).toBe(true);
    expect(i.createdTimestamp).toBeGreaterThan(Date.now() - 10_000);

    const payload = handle.payload as unknown as Record<string, unknown>;
    expect(payload.version).toBe(1);
    expect(payload.entitlements).toEqual([]);
    expect(payload.application_id).toBe(hh.server.applicationId);
    expect(typeof (payload.member as { permissions: unknown }).permissions).toBe('string');
    expect(typeof payload.app_permissions).toBe('string');

    const callback = hh.server.requests().find((r) => r.path === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(callback?.status).toBe(204);
    expect(callback?.body).toMatchObject({ type: 4, data: { content: 'pong' } });
    expect(hh.server.messages(hh.channelId).map((m) => m.content)).toEqual(['pong']);
  });

  test('subcommands and channel options arrive typed, with resolved channels', async () => {
    const hh = await start();
    const seen = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      const channel = i.options.getChannel('channel', true);
      const result = { sub: i.options.getSubcommand(), channel: channel.id, type: channel.type, hour: i.options.getInteger('hour') };
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      return result;
    });
    const handle = hh.server.runSlashCommand({
      channelId: hh.channelId,
      user: hh.user.id,
      name: 'quiz',
      subcommand: 'schedule',
      options: { channel: hh.channelId, hour: 9 },
    });
    const response = await handle;
    expect(await seen).toEqual({ sub: 'schedule', channel: hh.channelId, type: ChannelType.GuildText, hour: 9 });
    expect(response.type === 4 && response.ephemeral).toBe(true);
    // Ephemeral replies are not part of the channel's visible history.
    expect(hh.server.messages(hh.channelId, { ephemeral: false })).toEqual([]);
  });

  test('users cannot run unregistered commands or omit required options', async () => {
    const hh = await start();
    expect(() => hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'nope' })).toThrow(UserActionError);
    expect(() => hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'term' })).toThrow(/required/);
    expect(() =>
      hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'quiz', subcommand: 'schedule', options: { channel: hh.channelId, hour: 30 } }),
    ).toThrow(/greater than 23/);
  });

  test('a second reply fails with 40060 Interaction has already been acknowledged', async () => {
    const hh = await start();
    const outcome = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      await i.reply('first');
      // Bypass discord.js's own "already replied" guard to reach the API, as a second process would.
      return i.client.rest.post(`/interactions/${i.id}/${i.token}/callback`, { body: { type: 4, data: { content: 'second' } }, auth: false });
    });
    await hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    const error = await outcome;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
    expect((error as DiscordAPIError).status).toBe(400);
    expect((error as DiscordAPIError).message).toBe('Interaction has already been acknowledged.');
    expect(hh.server.messages(hh.channelId).map((m) => m.content)).toEqual(['first']);
  });

  test('a reply after the acknowledgement window fails with 10062 Unknown interaction', async () => {
    const hh = await start({ server: { interactionTimeoutMs: 150 } });
    const outcome = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      await new Promise((r) => setTimeout(r, 300));
      await i.reply('too late');
    });
    const handle = hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    await expect(handle.response).rejects.toBeInstanceOf(InteractionTimeoutError);
    const error = await outcome;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(hh.server.messages(hh.channelId)).toEqual([]);
  });

  test('deferReply then editReply and followUp; withResponse gets the callback response object', async () => {
    const hh = await start();
    const outcome = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      const deferred = await i.deferReply({ withResponse: true });
      await new Promise((r) => setTimeout(r, 50));
      await i.editReply({ embeds: [new EmbedBuilder().setTitle('Result').setDescription('done')] });
      const follow = await i.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
      const fetched = await i.fetchReply();
      return { loading: deferred.interaction.responseMessageLoading, followEphemeral: follow.flags.has('Ephemeral'), fetchedTitle: fetched.embeds[0]?.title };
    });
    const handle = hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    expect((await handle).type).toBe(5);
    const reply = await handle.waitForReply();
    expect(reply.embeds[0]).toMatchObject({ title: 'Result', description: 'done', type: 'rich' });
    expect(await outcome).toEqual({ loading: true, followEphemeral: true, fetchedTitle: 'Result' });
    expect(handle.followUps().map((m) => m.content)).toEqual(['more']);
  });
});

describe('interaction webhook', () => {
  test('a PNG sent with editReply after deferReply is kept byte for byte', async () => {
    const hh = await start();
    hh.client.on('interactionCreate', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'Your heatmap', files: [{ attachment: ONE_PIXEL_PNG, name: 'heatmap.png' }] });
    });
    const handle = hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    const reply = await handle.waitForReply();
    expect(reply.content).toBe('Your heatmap');
    expect(reply.attachments[0]).toMatchObject({ filename: 'heatmap.png', content_type: 'image/png', width: 1, height: 1 });
    expect(reply.local.files[0]!.bytes.equals(ONE_PIXEL_PNG)).toBe(true);
    expect((reply.flags ?? 0) & MessageFlags.Loading).toBe(0);
  });

  test('follow-ups need an acknowledged interaction; tokens expire', async () => {
    // Long enough for the calls below on a loaded CI machine, short enough to wait out.
    const lifetimeMs = 2_000;
    const server = await startServer({ interactionTokenLifetimeMs: lifetimeMs });
    const cleanup = () => server.close();
    try {
      const guild = server.createGuild({ name: 'G' });
      const user = server.addMember(guild.id, { username: 'u' });
      server.registerCommands(null, [{ name: 'ping', description: 'Ping' }]);
      // No bot is connected: this is the raw protocol.
      const handle = server.runSlashCommand({ channelId: guild.defaultChannelId, user: user.id, name: 'ping' });
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${server.restUrl}/v10${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as any };
      };
      const hook = `/webhooks/${server.applicationId}/${handle.token}`;
      expect(await post(hook, { content: 'early' })).toEqual({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
      expect((await post(`/interactions/${handle.id}/${handle.token}/callback`, { type: 5 })).status).toBe(204);
      // A follow-up while the deferred reply is loading edits it (documented backwards compatibility).
      const first = await post(hook, { content: 'done' });
      expect(first.body.id).toBe(handle.original()!.id);
      const second = await post(hook, { content: 'extra' });
      expect(second.body.id).not.toBe(first.body.id);
      expect(handle.followUps().map((m) => m.content)).toEqual(['extra']);
      await new Promise((r) => setTimeout(r, lifetimeMs + 50));
      expect(await post(hook, { content: 'late' })).toEqual({ status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } });
      expect((await post(`/interactions/${handle.id}/${handle.token}/callback?with_response=true`, { type: 4, data: { content: 'x' } })).body.code).toBe(10062);
    } finally {
      await cleanup();
    }
  });
});

describe('autocomplete', () => {
  test('choices reach the user; 26 choices are rejected with 50035', async () => {
    const hh = await start();
    let reportFailure: (e: unknown) => void = () => undefined;
    const failure = new Promise<unknown>((resolve) => (reportFailure = resolve));
    hh.client.on('interactionCreate', (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      const n = typed === 'many' ? 26 : 3;
      i.respond(Array.from({ length: n }, (_, k) => ({ name: `${typed} ${k}`, value: `${typed}-${k}` }))).catch(reportFailure);
    });
    const choices = await hh.server.autocomplete({ channelId: hh.channelId, user: hh.user.id, name: 'term', options: { query: 'kvm' }, focused: 'query' });
    expect(choices.map((c) => c.value)).toEqual(['kvm-0', 'kvm-1', 'kvm-2']);

    const handle = hh.server.startAutocomplete({
      channelId: hh.channelId,
      user: hh.user.id,
      name: 'term',
      options: { query: 'many' },
      focused: 'query',
    });
    const error = (await failure) as DiscordAPIError;
    expect(error.code).toBe(50035);
    expect(error.rawError).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } },
    });
    expect(handle.payload.type).toBe(4);
  });

  test('an empty choice name is rejected', async () => {
    const hh = await start();
    const outcome = onNextInteraction(hh, async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      await i.respond([{ name: '', value: 'x' }]);
    });
    hh.server.startAutocomplete({ channelId: hh.channelId, user: hh.user.id, name: 'term', focused: 'query' });
    const error = (await outcome) as DiscordAPIError;
    expect(error.code).toBe(50035);
    expect(error.message).toContain('data.choices[0].name[BASE_TYPE_BAD_LENGTH]: Must be between 1 and 100 in length.');
  });
});

describe('components and modals', () => {
  test('button click round trip: update() edits the message, message.edit() works too', async () => {
    const hh = await start();
    hh.client.on('interactionCreate', async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('answer:a').setLabel('A').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId('answer:b').setLabel('B').setStyle(ButtonStyle.Secondary),
        );
        await i.reply({ content: 'Question?', components: [row] });
      } else if (i.isButton()) {
        await i.update({ content: `You chose ${i.customId.split(':')[1]}`, components: [] });
        // i.message is the message as it was when clicked; edit it through the channel route.
        await i.message.edit({ content: `${i.message.content} -> ${i.customId}` });
      }
    });
    const first = await hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    if (first.type !== 4) throw new Error('expected a message');
    const messageId = first.message.id;
    expect(first.message.components?.[0]).toMatchObject({ type: 1, components: [{ custom_id: 'answer:a' }, { custom_id: 'answer:b' }] });

    const click = hh.server.clickButton({ messageId, customId: 'answer:b', user: hh.user.id });
    expect(click.payload.type).toBe(3);
    expect((click.payload as unknown as { message: { id: string } }).message.id).toBe(messageId);
    const updated = await click;
    expect(updated.type).toBe(7);
    expect(updated.type === 7 && updated.message.content).toBe('You chose b');
    const edit = await hh.server.waitForRequest((r) => r.method === 'PATCH' && r.path === `/channels/${hh!.channelId}/messages/${messageId}`);
    expect(edit.status).toBe(200);
    const message = hh.server.message(messageId)!;
    expect(message.content).toBe('Question? -> answer:b');
    expect(message.components).toEqual([]);
    expect(message.local.editCount).toBe(2);
    expect(() => hh!.server.clickButton({ messageId, customId: 'answer:a', user: hh!.user.id })).toThrow(/no component/);
  });

  test('select menus and modals: deferUpdate + editReply, showModal + submit', async () => {
    const hh = await start();
    hh.client.on('interactionCreate', async (i) => {
      if (i.isChatInputCommand()) {
        const select = new StringSelectMenuBuilder()
          .setCustomId('topic')
          .addOptions({ label: 'KVM', value: 'kvm' }, { label: 'Xen', value: 'xen' });
        const button = new ButtonBuilder().setCustomId('feedback').setLabel('Feedback').setStyle(ButtonStyle.Secondary);
        await i.reply({
          content: 'Pick',
          components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select), new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
        });
      } else if (i.isStringSelectMenu()) {
        await i.deferUpdate();
        await i.editReply({ content: `Topic: ${i.values.join(',')}` });
      } else if (i.isButton()) {
        const modal = new ModalBuilder()
          .setCustomId('fb')
          .setTitle('Feedback')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('text').setLabel('Your feedback').setStyle(TextInputStyle.Paragraph).setMaxLength(50),
            ),
          );
        await i.showModal(modal);
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `Thanks: ${i.fields.getTextInputValue('text')}`, flags: MessageFlags.Ephemeral });
      }
    });
    const first = await hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    if (first.type !== 4) throw new Error('expected a message');
    const select = hh.server.selectOptions({ messageId: first.message.id, customId: 'topic', values: ['xen'], user: hh.user.id });
    expect((await select).type).toBe(6);
    expect((await select.waitForReply()).content).toBe('Topic: xen');

    const opened = hh.server.clickButton({ messageId: first.message.id, customId: 'feedback', user: hh.user.id });
    const modal = await opened;
    expect(modal.type).toBe(9);
    if (modal.type !== 9) return;
    expect(modal.modal.title).toBe('Feedback');
    expect(() => hh!.server.submitModal({ interaction: opened, values: { text: 'x'.repeat(51) } })).toThrow(/at most 50/);
    const submitted = hh.server.submitModal({ interaction: opened, values: { text: 'great' } });
    const reply = await submitted.waitForReply();
    expect(reply.content).toBe('Thanks: great');
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.local.visibleTo).toBe(hh.user.id);
  });

  test('invalid components and modal titles are rejected like Discord does', async () => {
    const hh = await start();
    const outcome = onNextInteraction(hh, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not a command');
      const errors: unknown[] = [];
      const buttons = Array.from({ length: 6 }, (_, k) => ({ type: 2, style: 1, custom_id: `b${k}`, label: 'x' }));
      await i.client.rest
        .post(`/interactions/${i.id}/${i.token}/callback`, { body: { type: 4, data: { content: 'x', components: [{ type: 1, components: buttons }] } }, auth: false })
        .catch((e: unknown) => errors.push(e));
      await i.client.rest
        .post(`/interactions/${i.id}/${i.token}/callback`, {
          body: { type: 9, data: { custom_id: 'm', title: 't'.repeat(46), components: [{ type: 1, components: [{ type: 4, custom_id: 'a', label: 'A', style: 1 }] }] } },
          auth: false,
        })
        .catch((e: unknown) => errors.push(e));
      await i.reply('valid at last');
      return errors;
    });
    await hh.server.runSlashCommand({ channelId: hh.channelId, user: hh.user.id, name: 'ping' });
    const [rows, modal] = (await outcome) as DiscordAPIError[];
    expect(rows?.rawError).toMatchObject({
      code: 50035,
      errors: { data: { components: { 0: { components: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' }] } } } } },
    });
    expect(modal?.message).toContain('data.title[BASE_TYPE_MAX_LENGTH]: Must be 45 or fewer in length.');
  });
});
