/**
 * The chat session against the local Discord, for flows /term does not have yet: select menus, modals, deferred
 * replies with attachments, messages the bot posts and edits on its own, and an interaction nobody answers.
 * The other side is a small responder speaking Discord's REST (interaction callbacks, webhooks, channel messages),
 * so these tests exercise the playground's handling, not a command.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { ApplicationCommandType, ButtonStyle, ComponentType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../localdiscord/index.ts';
import { Console } from '../../playground/io.ts';
import { Session } from '../../playground/session.ts';
import { createWorld, type PlaygroundWorld } from '../../playground/world.ts';

const TOKEN = 'LOCAL.session-test.not-a-secret';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const definitions = ['ask', 'stats', 'slow', 'post'].map((name) => ({ name, description: `test ${name}`, type: ApplicationCommandType.ChatInput }));

let server: LocalDiscord;
let world: PlaygroundWorld;
let folder: string;
const warnings: string[] = [];

async function call(method: string, path: string, body?: unknown, file?: { name: string; bytes: Buffer }): Promise<unknown> {
  let init: RequestInit;
  if (file) {
    const form = new FormData();
    form.set('payload_json', JSON.stringify(body));
    form.set('files[0]', new Blob([file.bytes], { type: 'image/png' }), file.name);
    init = { method, body: form };
  } else init = { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const response = await fetch(`${server.restUrl}/v10${path}`, { ...init, headers: { ...init.headers, authorization: `Bot ${TOKEN}` } });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Answers interactions the way a bot would, over REST. */
async function respond(p: Record<string, any>): Promise<void> {
  const callback = (body: unknown) => call('POST', `/interactions/${p.id}/${p.token}/callback`, body);
  const app = server.applicationId;
  if (p.type === InteractionType.ApplicationCommand) {
    switch (p.data.name) {
      case 'ask':
        return void (await callback({
          type: 4,
          data: {
            content: 'Qual comando lista as VMs?',
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.StringSelect,
                    custom_id: 'ask:pick',
                    placeholder: 'Marque as corretas',
                    min_values: 1,
                    max_values: 2,
                    options: [
                      { label: 'xl list', value: 'x1' },
                      { label: 'virsh list', value: 'v1' },
                      { label: 'kvm', value: 'k1' },
                    ],
                  },
                ],
              },
              { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'ask:answer', label: 'Responder' }] },
            ],
          },
        }));
      case 'stats': {
        await callback({ type: 5 });
        await new Promise((r) => setTimeout(r, 30));
        await call(
          'PATCH',
          `/webhooks/${app}/${p.token}/messages/@original`,
          { embeds: [{ title: '📊 Estatísticas de Você', image: { url: 'attachment://heatmap.png' } }], attachments: [{ id: 0, filename: 'heatmap.png' }] },
          { name: 'heatmap.png', bytes: PNG },
        );
        return;
      }
      case 'post': {
        await callback({ type: 4, data: { content: '📮 Pergunta postada', flags: MessageFlags.Ephemeral } });
        const posted = (await call('POST', `/channels/${world.channels.quiz}/messages`, { content: '❓ **Pergunta do dia**: o que é um hypervisor?' })) as { id: string };
        await new Promise((r) => setTimeout(r, 30));
        await call('PATCH', `/channels/${world.channels.quiz}/messages/${posted.id}`, { content: '✅ Resposta: um monitor de máquinas virtuais.' });
        return;
      }
      default:
        return; // "slow": never answers
    }
  }
  if (p.type === InteractionType.MessageComponent && p.data.custom_id === 'ask:pick') {
    return void (await callback({ type: 7, data: { content: `Escolhido: ${p.data.values.join(',')}`, components: [] } }));
  }
  if (p.type === InteractionType.MessageComponent && p.data.custom_id === 'ask:answer') {
    return void (await callback({
      type: 9,
      data: {
        custom_id: 'ask:modal',
        title: 'Sua resposta',
        components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'answer', label: 'Comando', style: 1, required: true }] }],
      },
    }));
  }
  if (p.type === InteractionType.ModalSubmit) {
    const value = p.data.components[0].components[0].value as string;
    return void (await callback({ type: 4, data: { content: `Você respondeu: ${value}`, flags: MessageFlags.Ephemeral } }));
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'study-tutor-session-'));
  server = await startLocalDiscord({ token: TOKEN, interactionTimeoutMs: 1500, botUsername: 'Study Tutor' });
  world = createWorld(server, definitions, (m) => warnings.push(m));
  server.on('interactionCreate', (payload) => void respond(payload).catch((error: unknown) => warnings.push(String(error))));
});

afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs a session over piped `lines`; returns everything it printed. */
async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  let out = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  const io = new Console({ interactive: false, input, output });
  const session = new Session({ server, world, console: io, width: 80, color: false, filesDir: join(folder, 'files'), echo: true, replyTimeoutMs: 3000 });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await session.run();
  await session.quiet(200, 2000);
  session.close();
  io.close();
  return out;
}

describe('playground session', () => {
  it('registers the commands it is given', () => {
    expect(warnings).toEqual([]);
    expect(world.commands().map((c) => c.name)).toEqual(['ask', 'stats', 'slow', 'post']);
  });

  it('selects options of a menu by number and letters; the updated message shows as edited', async () => {
    const out = await chat(['/ask', '1 a,b']);
    expect(out).toContain('  [1] Marque as corretas (escolha de 1 a 2): a) xl list  b) virsh list  c) kvm');
    expect(out).toContain('  [2] Responder');
    const after = out.split('#geral › 1 a,b\n')[1]!;
    expect(after).toContain('Study Tutor em #geral · /ask (editada)');
    expect(after).toContain('  Escolhido: x1,v1');
    expect(warnings).toEqual([]);
  });

  it('a number whose control an edit removed is explained, not sent as a raw click', async () => {
    const out = await chat(['/ask', '1 a', '2']);
    expect(out.split('#geral › 2\n')[1]).toContain('O [2] não está mais na mensagem (ela foi editada).');
    expect(out).not.toContain('custom_id');
    expect(out).not.toContain('O Discord não deixaria');
  });

  it('a button that opens a modal asks for each field on the next line, then submits it', async () => {
    const out = await chat(['/ask', '2', 'xl list']);
    expect(out).toContain('📝 Formulário: Sua resposta');
    expect(out).toContain('  Comando\n');
    expect(out).toContain('    › xl list');
    expect(out).toContain('Study Tutor em #geral (só você vê)\n  Você respondeu: xl list');
  });

  it(':cancelar closes a modal without sending; a wrong number or kind is explained', async () => {
    const out = await chat(['/ask', '2', ':cancelar', '1', '1 z', '99']);
    expect(out).toContain('Formulário fechado sem enviar.');
    expect(out).not.toContain('Você respondeu');
    expect(out).toContain('[1] é um menu: digite 1 seguido das letras');
    expect(out).toContain('Opção "z" não existe neste menu.');
    expect(out).toContain('Não há botão ou menu número 99.');
  });

  it('a deferred reply with an attachment: shown once ready, the file saved and its path printed', async () => {
    const out = await chat(['/stats']);
    expect(out).not.toContain('…\n');
    const path = /📎 heatmap\.png \(\d+ B\): (.+)\n/.exec(out)?.[1];
    expect(path, out).toBeTruthy();
    expect(out).toContain(`  ┃ 🖼 ${path}`);
    expect(existsSync(path!)).toBe(true);
    expect(readFileSync(path!).equals(PNG)).toBe(true);
    expect(path!.startsWith(join(folder, 'files'))).toBe(true);
  });

  it('messages the bot posts and edits on its own are shown as they arrive', async () => {
    const out = await chat(['/post']);
    expect(out).toContain('Study Tutor em #geral · /post (só você vê)');
    expect(out).toContain('Study Tutor em #quiz\n  ❓ Pergunta do dia: o que é um hypervisor?');
    expect(out).toContain('Study Tutor em #quiz (editada)\n  ✅ Resposta: um monitor de máquinas virtuais.');
  });

  it('an interaction nobody answers is an error line, and the next line still runs', async () => {
    // No hang: the session moves on after the server's acknowledgement window (vitest's timeout guards the rest).
    const out = await chat(['/slow', '/ask']);
    expect(out).toContain('⚠️ O bot não respondeu a tempo (2 s)');
    expect(out.split('#geral › /ask\n')[1]).toContain('Qual comando lista as VMs?');
  });

  it('meta commands switch channel, member and language', async () => {
    const out = await chat([':canal #quiz', '/ask', ':como @aluna', '2', 'xl', ':lang en', '/nothing', ':canal #nada']);
    expect(out).toContain('Agora você escreve em #quiz.');
    expect(out).toContain('Study Tutor em #quiz · /ask');
    expect(out).toContain('Agora você é Aluna.');
    // Aluna clicks on the message anyone can see; the modal and its private reply are hers.
    expect(out).toContain('Aluna #quiz › 2');
    expect(out).toContain('Study Tutor em #quiz (só você vê)\n  Você respondeu: xl');
    expect(out).toContain('Language: English.');
    expect(out).toContain('❌ Unknown command /nothing.');
    expect(out).toContain('No channel #nada. Channels: #geral, #quiz.');
  });
});
