import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatEntryText, splitMarkdown } from '../../src/format/markdown.ts';

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
});
