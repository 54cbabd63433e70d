import { beforeAll, describe, expect, it } from 'vitest';
import { createSearchEngine, DISCORD_MAX_CHOICE_CHARS, DISCORD_MAX_CHOICES, type SearchEngine } from '../../src/search/engine.ts';
import { loadSynonyms } from '../../src/search/synonyms.ts';
import { fixtureKnowledgeBase } from '../support/search/fixtures.ts';

const kb = fixtureKnowledgeBase();
const ids = new Set(kb.entries.map((e) => e.id));
let engine: SearchEngine;
let bare: SearchEngine;

beforeAll(async () => {
  engine = createSearchEngine(kb, { synonyms: await loadSynonyms('data/synonyms.json') });
  bare = createSearchEngine(kb);
});

function top(query: string, e: SearchEngine = engine): string | undefined {
  return e.search(query).results[0]?.entry.id;
}

describe('folding', () => {
  it('ignores case and accents on both sides', () => {
    for (const q of ['paravirtualização', 'paravirtualizacao', 'PARAVIRTUALIZACAO', 'ParaVirtualizaÇão']) {
      expect(top(q), q).toBe('330.1/terminology/paravirtualizacao');
    }
    expect(top('memoria')).toBe('330.3/kvm-configuration/memoria');
    expect(top('MEMÓRIA')).toBe('330.3/kvm-configuration/memoria');
  });
});

describe('typo tolerance', () => {
  it('corrects a word within its edit budget', () => {
    expect(top('hypervisr')).toBe('330.1/terminology/hypervisor');
    expect(top('hyprevisor')).toBe('330.1/terminology/hypervisor'); // swapped letters
    expect(top('xentopp')).toBe('330.2/xen-utilities/xentop');
    expect(top('paravirtualizaçao')).toBe('330.1/terminology/paravirtualizacao');
  });
  it('does not correct short words (too many neighbours)', () => {
    expect(engine.search('xenn').results).toEqual([]);
  });
});

describe('synonyms', () => {
  it('finds Portuguese entries from English words', () => {
    expect(top('paravirtualization')).toBe('330.1/terminology/paravirtualizacao');
    expect(top('migration')).toBe('330.1/migration/v2v');
    expect(top('memory')).toBe('330.3/kvm-configuration/memoria');
    expect(top('network bridge')).toBe('330.2/xen-networking/ponte');
  });
  it('needs the table for that: without it the English word is unknown', () => {
    expect(bare.search('network bridge').results).toEqual([]);
    expect(top('memory', bare)).toBeUndefined();
    expect(top('memory')).toBe('330.3/kvm-configuration/memoria');
  });
  it('recognises multi-word forms', () => {
    expect(top('virtual machine monitor')).toBe('330.1/terminology/hypervisor');
  });
});

describe('identifiers', () => {
  it('ranks the entry of an exactly typed command or path first', () => {
    expect(top('xl list')).toBe('330.2/xen-configuration/xl-list');
    expect(top('xe vm-list')).toBe('330.2/xapi/xe-vm-list');
    expect(top('/etc/xen/xl.conf')).toBe('330.2/xen-configuration/xl-conf');
    expect(top('xl.conf')).toBe('330.2/xen-configuration/xl-conf');
    expect(top('qemu-img convert')).toBe('330.3/kvm-storage/qemu-img-convert');
  });
  it('treats spaces and hyphens alike in command names', () => {
    expect(top('qemu img convert')).toBe('330.3/kvm-storage/qemu-img-convert');
    expect(top('qemu img create')).toBe('330.3/kvm-storage/qemu-img-create');
  });
  it('separates commands that share a program', () => {
    expect(top('xl pause')).toBe('330.2/xen-configuration/xl-pause');
    expect(top('xl destroy')).toBe('330.2/xen-configuration/xl-destroy');
    expect(top('xl create')).toBe('330.2/xen-configuration/xl-create');
  });
});

describe('ranking', () => {
  it('puts the focused entry above a long section that mentions the word more often', () => {
    const results = engine.search('hypervisor', { limit: 5 }).results.map((r) => r.entry.id);
    expect(results[0]).toBe('330.1/terminology/hypervisor');
    expect(results).toContain('330.1/variations/monitors');
  });
  it('does the same without any exact-title help (a typo and no synonyms)', () => {
    const results = bare.search('hypervisr', { limit: 5 }).results.map((r) => r.entry.id);
    expect(results.indexOf('330.1/terminology/hypervisor')).toBe(0);
  });
  it('answers natural Portuguese questions', () => {
    expect(['330.2/xen-configuration/xl-list', '330.2/xapi/xe-vm-list']).toContain(top('como listar as VMs no xen'));
    expect(top('como criar uma imagem de disco no qemu')).toBe('330.3/kvm-storage/qemu-img-create');
    expect(top('como pausar um guest')).toBe('330.2/xen-configuration/xl-pause');
  });
  it('returns scores in decreasing order and respects the limit', () => {
    const { results } = engine.search('xl', { limit: 7 });
    expect(results.length).toBe(7);
    for (let i = 1; i < results.length; i++) expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    expect(engine.search('xl', { limit: 0 }).results).toEqual([]);
    expect(engine.search('xl', { limit: 1000 }).results.length).toBeLessThanOrEqual(50);
  });
  it('returns exactly the entry whose id is the query (autocomplete values)', () => {
    const { results } = engine.search('330.2/xen-utilities/xentop');
    expect(results.map((r) => r.entry.id)).toEqual(['330.2/xen-utilities/xentop']);
  });
});

describe('nothing found', () => {
  it.each(['receita de bolo', 'asdfgh qwerty', 'zzzz', 'futebol ontem', 'xen receita bolo', 'python tutorial', 'o que é isso'])(
    'returns no results for %j',
    (q) => {
      const response = engine.search(q);
      expect(response.results).toEqual([]);
      expect(response.suggestions.length).toBeLessThanOrEqual(3);
    },
  );
  it('suggests a correction that finds something, apart from the results', () => {
    const response = engine.search('hypervisorxyz'); // three edits away: beyond the budget
    expect(response.results).toEqual([]);
    expect(response.suggestions).toContain('hypervisor');
    expect(response.suggestions.length).toBeLessThanOrEqual(3);
    for (const s of response.suggestions) expect(engine.search(s).results.length).toBeGreaterThan(0);
  });
  it('offers no suggestion for gibberish', () => {
    expect(engine.search('qwxzkj').suggestions).toEqual([]);
  });
});

describe('autocomplete', () => {
  it('completes the last word and ranks title matches first', () => {
    const choices = engine.autocomplete('hyperv');
    expect(choices[0]!.value).toBe('330.1/terminology/hypervisor');
    expect(engine.autocomplete('qemu-img conv')[0]!.value).toBe('330.3/kvm-storage/qemu-img-convert');
    expect(engine.autocomplete('paravirt')[0]!.value).toBe('330.1/terminology/paravirtualizacao');
  });
  it('tolerates a typo in the prefix', () => {
    expect(engine.autocomplete('hipervi').map((c) => c.value)).toContain('330.1/terminology/hypervisor');
  });
  it('respects Discord limits: at most 25 choices, names ≤ 100 chars, values valid ids ≤ 100 chars', () => {
    for (const partial of ['', 'x', 'xl', 'xl sub', 'kvm', 'k', 'a'.repeat(300), '<@1> **xl**', 'estatísticas']) {
      const choices = engine.autocomplete(partial);
      expect(choices.length).toBeLessThanOrEqual(DISCORD_MAX_CHOICES);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(DISCORD_MAX_CHOICE_CHARS);
        expect(c.value.length).toBeLessThanOrEqual(DISCORD_MAX_CHOICE_CHARS);
        expect(ids.has(c.value)).toBe(true);
      }
      expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
    }
    expect(engine.autocomplete('xl').length).toBe(25);
    expect(engine.autocomplete('xl', { limit: 5 }).length).toBe(5);
    expect(engine.autocomplete('xl', { limit: 99 }).length).toBe(25);
  });
  it('never offers an entry whose id is too long to be a choice value', () => {
    const long = kb.entries.find((e) => e.id.length > 100)!;
    expect(engine.search('kvm_stat').results[0]!.entry.id).toBe(long.id);
    expect(engine.autocomplete('kvm_st').some((c) => c.value === long.id)).toBe(false);
  });
  it('offers a default list for an empty partial, terms first', () => {
    const choices = engine.autocomplete('');
    expect(choices.length).toBe(25);
    expect(kb.entries.find((e) => e.id === choices[0]!.value)!.kind).toBe('term');
  });
  it('returns nothing for gibberish', () => {
    expect(engine.autocomplete('qwxzkj')).toEqual([]);
  });
});

describe('related', () => {
  it('returns other entries, sharing vocabulary, same section first', () => {
    const related = engine.related('330.2/xen-configuration/xl-pause', 3);
    expect(related.length).toBe(3);
    expect(related.map((e) => e.id)).not.toContain('330.2/xen-configuration/xl-pause');
    expect(related[0]!.sectionPath).toEqual(['Xen configuration']);
  });
  it('is empty for an unknown id', () => {
    expect(engine.related('nope', 3)).toEqual([]);
  });
});

describe('hostile input', () => {
  const inputs: unknown[] = [
    '',
    '   ',
    'a'.repeat(6000),
    'hypervisor '.repeat(600),
    '🙂🔥💻',
    '@everyone <@123> <@&456> <#789>',
    '**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block```',
    '\u0000\u0007\u202e\u200b',
    '((((((((((((((((((((',
    '.*+?^${}()|[]\\',
    '-- --- ---- / // ///',
    'ｘｌ ｌｉｓｔ',
    'x'.repeat(200) + ' xl list',
    null,
    undefined,
    42,
  ];
  it.each(inputs.map((input, i) => ({ input, label: JSON.stringify(input)?.slice(0, 40) ?? String(input), i })))(
    'answers $label with a well-formed response',
    ({ input }) => {
    const response = engine.search(input as string);
    expect(typeof response.query).toBe('string');
    expect(response.query.length).toBeLessThanOrEqual(200);
    expect(Array.isArray(response.results)).toBe(true);
    expect(Array.isArray(response.suggestions)).toBe(true);
    for (const r of response.results) {
      expect(ids.has(r.entry.id)).toBe(true);
      expect(Number.isFinite(r.score)).toBe(true);
    }
    const choices = engine.autocomplete(input as string);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(Array.isArray(engine.related(input as string))).toBe(true);
    },
  );
  it('still finds what a mention-laden message asks for', () => {
    expect(top('<@123> **xl list** @everyone')).toBe('330.2/xen-configuration/xl-list');
    expect(top('ｘｌ ｌｉｓｔ')).toBe('330.2/xen-configuration/xl-list');
  });
  it('answers a 6,000-character query (its speed is measured by npm run bench, not here)', () => {
    const response = engine.search('hypervisor xen kvm qemu '.repeat(250));
    expect(response.query.length).toBeLessThanOrEqual(200); // capped before any work is done
    expect(Array.isArray(response.results) && Array.isArray(response.suggestions)).toBe(true);
  });
});
