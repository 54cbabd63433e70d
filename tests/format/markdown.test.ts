import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatEntryText, splitMarkdown } from '../../src/format/markdown.ts';
import { markdownBlocks, type MarkdownContext } from '../../playground/markdown.ts';

describe('formatEntryText', () => {
  it('fences a shell prompt and its tabular output, keeps the description as prose', () => {
    const text = '* Listar VMs em execução\n# xl list\nName                ID   Mem VCPUs\tState\nDomain-0   \nOnde a saída mostra os domínios';
    const out = formatEntryText({ kind: 'command', text });
    expect(out).toBe('\\* Listar VMs em execução\n```\n# xl list\nName                ID   Mem VCPUs    State\nDomain-0\n```\nOnde a saída mostra os domínios');
  });

  it('fences a whole code entry after its caption', () => {
    const out = formatEntryText({ kind: 'code', text: 'Exemplo de configuração:\nbuilder = "hvm"\nmemory = 512' });
    expect(out).toBe('Exemplo de configuração:\n```\nbuilder = "hvm"\nmemory = 512\n```');
  });

  it('cannot be broken out of by backticks in the notes', () => {
    const out = formatEntryText({ kind: 'code', text: 'x = ```oops```' });
    expect(out.match(/```/g)).toHaveLength(2);
  });

  it('escapes markdown in prose so Discord shows the notes literally', () => {
    expect(escapeMarkdown('# não é título\n> nem citação\n*negrito* _it_ ~~x~~ `c` ||s||')).toBe(
      '\\# não é título\n\\> nem citação\n\\*negrito\\* \\_it\\_ \\~\\~x\\~\\~ \\`c\\` \\|\\|s\\|\\|',
    );
  });
});

describe('splitMarkdown', () => {
  it('keeps every piece within the limit and code blocks balanced', () => {
    const code = Array.from({ length: 200 }, (_, i) => `linha de configuração número ${i} = valor`).join('\n');
    const markdown = `Texto antes\n\`\`\`\n${code}\n\`\`\`\nTexto depois`;
    const pieces = splitMarkdown(markdown, 1000);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(1000);
      expect((piece.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const rejoined = pieces.join('\n').replace(/```\n```\n/g, '');
    for (let i = 0; i < 200; i++) expect(rejoined).toContain(`número ${i} = valor`);
  });

  it('cuts a single over-long line hard instead of failing', () => {
    const pieces = splitMarkdown('a'.repeat(5000), 1000);
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
    expect(pieces.join('')).toBe('a'.repeat(5000));
  });

  it('cuts an over-long line between characters, never inside an emoji or before its accent', () => {
    for (const line of ['a' + '🐧'.repeat(3000), 'a' + '👩‍💻'.repeat(1000), 'a' + 'e\u0301'.repeat(3000)]) {
      const pieces = splitMarkdown(line, 1000);
      expect(pieces.join('')).toBe(line);
      for (const piece of pieces) {
        expect(piece.length).toBeLessThanOrEqual(1000);
        expect(piece).not.toMatch(/^[\uDC00-\uDFFF\u200d\u0301]|[\uD800-\uDBFF\u200d]$/);
      }
    }
  });
});

describe('escapeMarkdown (every echo of user text)', () => {
  const ctx: MarkdownContext = { names: { user: () => 'someone', channel: () => 'geral', role: () => 'admins' }, language: 'pt-BR', now: 0 };
  /** Discord drops a backslash before any character that is not a letter, a digit or a space. */
  const unescape = (text: string) => text.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');
  /** What a user could type to get markdown out of an echo. */
  const markdownish = fc
    .array(fc.constantFrom('*', '_', '~', '`', '|', '[', ']', '(', ')', '<', '>', '#', '-', ':', '/', '\\', '@', '.', '1', ' ', '\n', 'https://x.io', '<@123>', 'a', 'é', '🐧'), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('shows any text literally: Discord’s unescape gives it back', () => {
    fc.assert(fc.property(fc.oneof(markdownish, fc.string({ maxLength: 60 })), (text) => void expect(unescape(escapeMarkdown(text))).toBe(text)), { numRuns: 500 });
  });

  it('renders as plain text: no bold, italics, code, spoiler, link, mention, heading, quote or list', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const blocks = markdownBlocks(escapeMarkdown(text), ctx);
        for (const block of blocks) {
          expect(block.kind).toBe('text');
          if (block.kind !== 'text') return;
          expect(block.quote).toBe(false);
          expect(block.indent).toBe(0);
          for (const { text: _shown, ...style } of block.spans) expect(style).toEqual({});
        }
        const shown = blocks.map((block) => (block.kind === 'text' ? block.spans.map((s) => s.text).join('') : '')).join('\n');
        expect(shown).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a masked link', '[clique](https://evil.example)', '\\[clique\\](https\\://evil.example)'],
    ['bold, italics, strike, code, spoiler', '*a* _b_ ~~c~~ `d` ||e||', '\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\|'],
    ['a quote', '> citação', '\\> citação'],
    ['a heading', '# título', '\\# título'],
    ['subtext', '-# pequeno', '\\-# pequeno'],
    ['a numbered list', '1. um', '1\\. um'],
    ['a mention', '<@123456789012345678>', '\\<@123456789012345678\\>'],
    ['@everyone (left to allowedMentions)', '@everyone', '@everyone'],
  ])('escapes %s', (_, text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });

  it('keeps the notes’ own links clickable when asked', () => {
    expect(escapeMarkdown('veja https://xenproject.org', { keepLinks: true })).toBe('veja https://xenproject.org');
    expect(escapeMarkdown('veja https://xenproject.org')).toBe('veja https\\://xenproject.org');
  });
});
