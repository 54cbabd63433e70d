import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  modalFields,
  modalValue,
  playgroundText,
  renderChoices,
  renderMessage,
  resolvePicks,
  stripAnsi,
  type Control,
  type RenderableMessage,
  type RenderOptions,
} from '../../playground/index.ts';
import { directory } from './commands.fixture.ts';

const names = {
  user: (id: string) => ({ '400000000000000002': 'Aluna' })[id],
  channel: (id: string) => ({ '100000000000000002': 'quiz' })[id],
  role: () => undefined,
};

function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return {
    width: 60,
    color: false,
    language: 'pt-BR',
    text: playgroundText('pt-BR'),
    names,
    now: Date.UTC(2025, 0, 1, 12),
    timeZone: 'America/Sao_Paulo',
    channelName: 'geral',
    firstNumber: 1,
    ...overrides,
  };
}

function message(overrides: Partial<RenderableMessage> = {}): RenderableMessage {
  return { id: '900', author: { username: 'study-tutor', global_name: 'Study Tutor' }, content: '', embeds: [], attachments: [], ...overrides };
}

const long =
  'Hypervisor, também chamado de Virtual Machine Manager (VMM), é uma de muitas técnicas de virtualização por hardware, ' +
  'permitindo múltiplos sistemas operacionais rodarem concorrentemente em um mesmo computador host.';

describe('renderMessage', () => {
  it('shows who and where, then an embed: author, title, description, fields, footer, wrapped to the width', () => {
    const { text } = renderMessage(
      message({
        interaction: { name: 'term' },
        embeds: [
          {
            color: 0x2b7de9,
            author: { name: '330.1 Conceitos · Termo' },
            title: 'Hypervisor',
            description: long,
            fields: [{ name: 'Seção', value: 'Terminology' }],
            footer: { text: 'Fonte: notas.txt, linhas 37–39' },
          },
        ],
      }),
      options(),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Study Tutor em #geral · /term');
    expect(lines[1]).toBe('  ┃ 330.1 Conceitos · Termo');
    expect(lines[2]).toBe('  ┃ Hypervisor');
    expect(text).toContain('  ┃ Seção\n  ┃ Terminology');
    expect(lines.at(-1)).toBe('  ┃ Fonte: notas.txt, linhas 37–39');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    // Wrapping loses no words.
    const description = lines.filter((l) => l.startsWith('  ┃ ')).map((l) => l.slice(4)).join(' ');
    expect(description.replace(/\s+/g, ' ')).toContain(long);
  });

  it('marks ephemeral and edited messages', () => {
    const flags = MessageFlags.Ephemeral;
    expect(renderMessage(message({ content: 'oi', flags }), options({ edited: true })).text.split('\n')[0]).toBe(
      'Study Tutor em #geral (só você vê) (editada)',
    );
    expect(renderMessage(message({ content: 'oi', flags }), options({ visibleToName: 'Aluna' })).text).toContain('(só Aluna vê)');
    expect(renderMessage(message({ content: 'hi', flags }), options({ language: 'en', text: playgroundText('en') })).text).toContain(
      'Study Tutor in #geral (only you can see this)',
    );
  });

  it('renders Discord markdown lightly: bold and escapes stripped, code blocks indented and verbatim, mentions named', () => {
    const content = [
      '🔎 Não encontrei nada sobre **receita de bolo** nas anotações.',
      'Use `xl list` ou \\*asteriscos\\*; 5 * 3 = 15; snake_case fica.',
      '```',
      '# xl create /etc/xen/vm.cfg   --with  spaces',
      '```',
      '> citação',
      '- item um',
      'Oi <@400000000000000002>, veja <#100000000000000002> <t:1735732800:t>.',
    ].join('\n');
    const { text } = renderMessage(message({ content }), options({ width: 80 }));
    expect(text).toContain('  🔎 Não encontrei nada sobre receita de bolo nas anotações.');
    expect(text).toContain('  Use `xl list` ou *asteriscos*; 5 * 3 = 15; snake_case fica.');
    expect(text).toContain('\n      # xl create /etc/xen/vm.cfg   --with  spaces\n');
    expect(text).toContain('  │ citação');
    expect(text).toContain('  • item um');
    expect(text).toContain('Oi @Aluna, veja #quiz 09:00.');
  });

  it('paints with ANSI only when colours are on; inline code keeps backticks only in plain text', () => {
    const msg = message({ content: '**Correto!** `xl list`', embeds: [{ title: 'T', color: 0xff0000 }] });
    const plain = renderMessage(msg, options()).text;
    const painted = renderMessage(msg, options({ color: true })).text;
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).toContain('  Correto! `xl list`');
    expect(painted).toMatch(/\u001b\[1[;m]/);
    expect(painted).toContain('\u001b[36mxl list\u001b[0m');
    expect(painted).toContain('\u001b[38;2;255;0;0m┃');
    expect(stripAnsi(painted)).toBe(plain.replace('`xl list`', 'xl list'));
  });

  it('numbers buttons and select menus from firstNumber; link and disabled buttons get no number', () => {
    const { text, controls } = renderMessage(
      message({
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Continuar lendo', custom_id: 'term:show:a:1:u' },
              { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'xl list', custom_id: 'term:show:b:0:u' },
              { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Velho', custom_id: 'term:old', disabled: true },
              { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Docs', url: 'https://xenproject.org' },
            ],
          },
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.StringSelect,
                custom_id: 'quiz:answer:1',
                placeholder: 'Marque todas as corretas',
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
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.ChannelSelect, custom_id: 'quiz:channel', placeholder: 'Canal' }] },
        ],
      }),
      options({ firstNumber: 7, width: 100 }),
    );
    expect(text).toContain('  [7] Continuar lendo   [8] xl list   [–] Velho (desativado)   🔗 Docs https://xenproject.org');
    expect(text).toContain('  [9] Marque todas as corretas (escolha de 1 a 2): a) xl list  b) virsh list  c) kvm');
    expect(text).toContain('  [10] Canal (digite o número e #canal)');
    expect(controls.map((c) => [c.number, c.kind, c.customId])).toEqual([
      [7, 'button', 'term:show:a:1:u'],
      [8, 'button', 'term:show:b:0:u'],
      [9, 'select', 'quiz:answer:1'],
      [10, 'select', 'quiz:channel'],
    ]);
  });

  it('long select options go one per line; a long button label wraps under itself', () => {
    const sentence = 'Um hypervisor tipo 1 roda diretamente no hardware do servidor, sem sistema hospedeiro';
    const { text } = renderMessage(
      message({
        components: [
          { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: 2, label: sentence, custom_id: 'b' }] },
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.StringSelect, custom_id: 's', options: [{ label: sentence, value: '1' }, { label: 'Tipo 2', value: '2' }] }],
          },
        ],
      }),
      options({ width: 50 }),
    );
    const lines = text.split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    expect(lines[1]).toMatch(/^ {2}\[1\] Um hypervisor/);
    expect(lines[2]).toMatch(/^ {6}\S/);
    expect(text).toContain('\n      a) Um hypervisor');
    expect(text).toContain('\n      b) Tipo 2');
  });

  it('lists attachments with the path where they were saved', () => {
    const { text } = renderMessage(
      message({
        attachments: [{ id: '55', filename: 'heatmap.png', size: 23_456 }],
        embeds: [{ title: 'Estatísticas', image: { url: 'attachment://heatmap.png' } }],
      }),
      options({ savedFiles: { '55': 'var/playground/900-heatmap.png' } }),
    );
    expect(text).toContain('  ┃ 🖼 var/playground/900-heatmap.png');
    expect(text).toContain('  📎 heatmap.png (23 KB): var/playground/900-heatmap.png');
  });

  it('links to messages of this server read as the channel; other URLs are never cut', () => {
    const url = 'https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/forty/columns';
    const { text } = renderMessage(
      message({ content: `📮 Pergunta postada: https://discord.com/channels/1/100000000000000002/123456789012345678\nVeja ${url}` }),
      options({ width: 40 }),
    );
    expect(text).toContain('  📮 Pergunta postada: #quiz › mensagem');
    expect(text).toContain(url);
  });

  it('select options already lettered ("A) nbd") are not lettered twice', () => {
    const { text, controls } = renderMessage(
      message({
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.StringSelect, custom_id: 'p', options: [{ label: 'A) nbd', value: '0' }, { label: 'B) gnbd', value: '1' }] }],
          },
        ],
      }),
      options(),
    );
    expect(text).toContain('[1] … (escolha 1): A) nbd  B) gnbd');
    expect(resolvePicks(controls[0] as Extract<Control, { kind: 'select' }>, ['b'], directory)).toEqual({ values: ['1'] });
  });

  it('renders Components V2 text displays and containers', () => {
    const { text, controls } = renderMessage(
      message({
        flags: MessageFlags.IsComponentsV2,
        components: [
          {
            type: ComponentType.Container,
            components: [
              { type: ComponentType.TextDisplay, content: '## Pergunta do dia' },
              {
                type: ComponentType.Section,
                components: [{ type: ComponentType.TextDisplay, content: 'O que faz `xl list`?' }],
                accessory: { type: ComponentType.Button, style: 1, label: 'Responder', custom_id: 'quiz:open' },
              },
            ],
          },
        ],
      }),
      options(),
    );
    expect(text).toContain('  ┃ Pergunta do dia');
    expect(text).toContain('  ┃ O que faz `xl list`?');
    expect(text).toContain('  ┃ [1] Responder');
    expect(controls).toHaveLength(1);
  });
});

describe('controls', () => {
  const select: Extract<Control, { kind: 'select' }> = {
    number: 2,
    kind: 'select',
    messageId: '1',
    customId: 'quiz:answer',
    selectKind: 'string',
    placeholder: '',
    min: 1,
    max: 3,
    options: [
      { letter: 'a', value: 'v-a', label: 'xl list' },
      { letter: 'b', value: 'v-b', label: 'virsh list' },
      { letter: 'c', value: 'v-c', label: 'kvm' },
    ],
  };

  it('letters, values or labels pick options; unknown picks are named', () => {
    expect(resolvePicks(select, ['a', 'C'], directory)).toEqual({ values: ['v-a', 'v-c'] });
    expect(resolvePicks(select, ['virsh list'], directory)).toEqual({ values: ['v-b'] });
    expect(resolvePicks(select, ['a', 'z'], directory)).toEqual({ bad: 'z' });
    expect(resolvePicks({ ...select, selectKind: 'channel', options: [] }, ['#quiz'], directory)).toEqual({ values: ['100000000000000002'] });
    expect(resolvePicks({ ...select, selectKind: 'user', options: [] }, ['@aluna'], directory)).toEqual({ values: ['400000000000000002'] });
  });

  it('reads modal fields in both layouts and turns typed answers into values', () => {
    const fields = modalFields({
      components: [
        { type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'answer', label: 'Comando', style: 1, max_length: 100 }] },
        {
          type: ComponentType.Label,
          label: 'Explique',
          description: 'Com suas palavras',
          component: { type: ComponentType.TextInput, custom_id: 'why', style: 2, required: false, value: 'porque' },
        },
        {
          type: ComponentType.Label,
          label: 'Tópico',
          component: { type: ComponentType.StringSelect, custom_id: 'topic', options: [{ label: '330.1', value: 't1' }, { label: '330.2', value: 't2' }] },
        },
      ],
    });
    expect(fields.map((f) => [f.customId, f.label, f.required, f.paragraph])).toEqual([
      ['answer', 'Comando', true, false],
      ['why', 'Explique', false, true],
      ['topic', 'Tópico', true, false],
    ]);
    expect(fields[1]).toMatchObject({ description: 'Com suas palavras', value: 'porque' });
    expect(modalValue(fields[0]!, 'xl list')).toBe('xl list');
    expect(modalValue(fields[1]!, 'linha 1\\nlinha 2')).toBe('linha 1\nlinha 2');
    expect(modalValue(fields[2]!, 'b')).toEqual(['t2']);
    expect(modalValue(fields[2]!, 'q')).toEqual({ bad: 'q' });
  });
});

describe('renderChoices', () => {
  it('letters each suggestion and shows only names, as Discord does', () => {
    const text = renderChoices('Sugestões para query:', [{ name: 'Hypervisor · 330.1', value: 'id-1' }, { name: 'xl list', value: 'id-2' }], {
      width: 80,
      color: false,
      empty: 'Nenhuma',
      hint: 'Digite a letra',
    });
    expect(text).toBe('Sugestões para query:\n  a) Hypervisor · 330.1\n  b) xl list\nDigite a letra');
    expect(renderChoices('T', [], { width: 80, color: false, empty: 'Nenhuma' })).toBe('T\n  Nenhuma');
  });
});
