/** Markdown notes: topics from the top-level headings, sections below, entries from lists, code and tables. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotes, topicLabel } from '../../src/notes/index.ts';
import { overlaps, uncoveredLines } from './helpers.ts';

const SOURCE = 'mini.md';
const text = readFileSync('tests/support/notes/mini.md', 'utf8');
const kb = parseNotes(text, SOURCE);

describe('Markdown notes', () => {
  it('takes topics from the top-level headings, with code, title and weight', () => {
    expect(kb.topics.map((t) => [t.id, t.title, t.weight])).toEqual([
      ['999.3', 'Markdown Topic', 7],
      ['another-topic-without', 'Another topic without code', null],
    ]);
    expect(kb.topics.map(topicLabel)).toEqual(['999.3 Markdown Topic', 'Another topic without code']);
    expect(kb.topics[0]!.objectives).toEqual(['First area', 'Second area']);
    expect(kb.topics[0]!.terms).toEqual(['mdtool', '/etc/mdtool.conf']);
  });

  it('turns list items, code blocks and table rows into entries', () => {
    const byTitle = new Map(kb.entries.map((e) => [e.title, e]));
    expect(byTitle.get('Gadget')).toMatchObject({ kind: 'term', sectionPath: ['Commands'] });
    expect(byTitle.get('mdtool list — Lista os gadgets')).toMatchObject({ kind: 'command', identifiers: ['mdtool list'] });
    expect(byTitle.get('Exemplo de configuração')).toMatchObject({ kind: 'code', identifiers: ['mode'], lineStart: 20, lineEnd: 25 });
    expect(byTitle.get('mdtool remove')).toMatchObject({ kind: 'command', identifiers: ['mdtool remove'] });
    const rows = kb.entries.filter((e) => e.kind === 'table-row');
    expect(rows.map((e) => e.title)).toEqual(['-a: all gadgets', '-q: quiet']);
    expect(rows[1]!.text).toBe('| Option | Meaning |\n|--------|---------|\n| -q | quiet |');
  });

  it('loses no line and keeps ids unique and safe', () => {
    expect(uncoveredLines(kb, text, SOURCE)).toEqual([]);
    expect(overlaps(kb)).toEqual([]);
    const ids = kb.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9.-]{1,64}$/);
    expect(parseNotes(text, SOURCE)).toEqual(kb);
  });

  it('accepts a file whose only headings are deeper than #', () => {
    const deep = parseNotes('## 330.9 Só um tópico\n\n### Seção\n\n- **Termo**: definição curta.\n', 'deep.md');
    expect(deep.topics.map((t) => [t.id, t.title])).toEqual([['330.9', 'Só um tópico']]);
    expect(deep.entries).toMatchObject([{ kind: 'term', title: 'Termo', sectionPath: ['Seção'] }]);
  });
});
