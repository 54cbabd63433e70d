/** Any mix of the shapes the parser knows must parse without crashing and keep every invariant. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotesError, parseNotes } from '../../src/notes/index.ts';
import { overlaps, uncoveredLines } from './helpers.ts';

const word = fc.constantFrom('xl', 'list', 'Xen', 'Hypervisor', 'configuração', 'é', 'o', 'a', '/etc/xen/xl.conf', 'vm-list', 'disk', 'Exemplo', 'Onde');
const phrase = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));

const wikiLine = fc.oneof(
  fc.constant(''),
  fc.constant(''),
  phrase,
  phrase.map((p) => `${p}.`),
  phrase.map((p) => `${p}:`),
  phrase.map((p) => `  • ${p}`),
  phrase.map((p) => `    • ${p}: ${p}`),
  phrase.map((p) => `* ${p}`),
  phrase.map((p) => `* key_${p.length}: ${p}`),
  phrase.map((p) => `# xl ${p}`),
  phrase.map((p) => `#(qemu) ${p}`),
  phrase.map((p) => `$ ${p}`),
  fc.constant('---'),
  fc.constant('----------'),
  phrase.map((p) => `name = "${p}"`),
  phrase.map((p) => `# ${p}`),
  phrase.map((p) => `r - ${p}: ${p}`),
  phrase.map((p) => `mem: ${p}`),
  phrase.map((p) => `opt\t${p}`),
  phrase.map((p) => `    VMDK – ${p}`),
  phrase.map((p) => `  <pool type="dir">${p}</pool>`),
  fc.constant('{'),
  fc.constant('}'),
  fc.constant('** Grupo'),
  fc.constant('Onde:'),
  fc.constant('ou'),
  fc.constant('Arquitetura.png'),
  fc.constant('330.7_Outro-Peso3'),
  fc.constant('Key Knowledge Areas:'),
  fc.constant('Terms and Utilities:'),
  fc.constant('   item'),
  fc.string({ maxLength: 30 }),
);

const mdLine = fc.oneof(
  fc.constant(''),
  phrase,
  phrase.map((p) => `# 330.${p.length % 9} ${p}`),
  phrase.map((p) => `## ${p}`),
  phrase.map((p) => `- ${p}`),
  phrase.map((p) => `- **${p}**: ${p}`),
  phrase.map((p) => `- \`xl ${p}\` — ${p}`),
  phrase.map((p) => `  - ${p}`),
  fc.constant('```'),
  phrase.map((p) => `| ${p} | ${p} |`),
  fc.constant('|---|---|'),
  phrase.map((p) => `${p}:`),
  fc.string({ maxLength: 30 }),
);

function check(text: string, source: string): void {
  let kb;
  try {
    kb = parseNotes(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(NotesError);
    expect((error as NotesError).line).toBeGreaterThanOrEqual(1);
    return;
  }
  const ids = kb.entries.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const entry of kb.entries) {
    expect(entry.id).toMatch(/^[a-z0-9.-]{1,64}$/);
    expect(entry.title.length).toBeGreaterThan(0);
    expect(entry.title.length).toBeLessThanOrEqual(100);
    expect(entry.lineStart).toBeLessThanOrEqual(entry.lineEnd);
  }
  expect(uncoveredLines(kb, text, source)).toEqual([]);
  expect(overlaps(kb)).toEqual([]);
  expect(parseNotes(text, source)).toEqual(kb);
}

describe('parser properties', () => {
  it('wiki text: never crashes, loses no line, keeps ids unique and stable', () => {
    fc.assert(
      fc.property(fc.array(wikiLine, { maxLength: 60 }), (lines) => check(['330.9_Topico-Peso2', '', ...lines].join('\n'), 'gen.txt')),
      { numRuns: 300 },
    );
  });

  it('Markdown: never crashes, loses no line, keeps ids unique and stable', () => {
    fc.assert(
      fc.property(fc.array(mdLine, { maxLength: 60 }), (lines) => check(lines.join('\n'), 'gen.md')),
      { numRuns: 300 },
    );
  });
});
