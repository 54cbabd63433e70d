import { describe, expect, it } from 'vitest';
import { boundedDistance, boundedPrefixDistance, editBudget } from '../../src/search/distance.ts';
import { analyze, cleanQuery, fold, MAX_QUERY_CHARS, stem, stripMarkup, tokens } from '../../src/search/normalize.ts';
import { isStopword } from '../../src/search/stopwords.ts';

describe('fold', () => {
  it('removes case and accents', () => {
    expect(fold('Paravirtualização')).toBe('paravirtualizacao');
    expect(fold('MEMÓRIA')).toBe('memoria');
    expect(fold('Conexão Contêiner Índice')).toBe('conexao conteiner indice');
  });
  it('normalises compatibility forms (full-width letters, ligatures)', () => {
    expect(fold('ＸＥＮ')).toBe('xen');
    expect(fold('ﬁle')).toBe('file');
  });
});

describe('stripMarkup and cleanQuery', () => {
  it('drops Discord mentions, emoji, timestamps and Markdown but keeps the words', () => {
    expect(cleanQuery('**xl** <@123> <@!456> <#789> <@&1> @everyone @here __list__')).toBe('xl list');
    expect(cleanQuery('<:kvm:112233> `qemu-img` ~~convert~~ ||spoiler|| <t:1700000000:R>')).toBe('qemu-img convert spoiler');
    expect(cleanQuery('[o manual](https://example.com/x) do xen')).toBe('o manual do xen');
  });
  it('keeps single underscores and paths', () => {
    expect(cleanQuery('kvm_stat /etc/xen/xl.conf')).toBe('kvm_stat /etc/xen/xl.conf');
  });
  it('caps the length at a word boundary and never throws on odd input', () => {
    const long = 'hypervisor '.repeat(600);
    const cleaned = cleanQuery(long);
    expect(cleaned.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(cleaned.endsWith('hypervisor')).toBe(true);
    expect(cleanQuery('a'.repeat(6000)).length).toBe(MAX_QUERY_CHARS);
    expect(cleanQuery('\u0000\u200b\u202e  ')).toBe('');
    expect(cleanQuery(undefined as unknown as string)).toBe('');
    expect(cleanQuery('🙂🙂🙂')).toBe('🙂🙂🙂');
  });
  it('strips quote and heading markers only at line starts', () => {
    expect(stripMarkup('> xl list').trim()).toBe('xl list');
    expect(stripMarkup('a > b')).toBe('a > b');
  });
});

describe('analyze and tokens', () => {
  it('finds words, glued compounds and verbatim compounds in one pass', () => {
    const a = analyze(fold('Edite /etc/xen/xl.conf e rode qemu-img convert; kvm_stat --all para-virtualização'));
    expect(a.words).toEqual([
      'edite', 'etc', 'xen', 'xl', 'conf', 'e', 'rode', 'qemu', 'img', 'convert', 'kvm', 'stat', 'all', 'para', 'virtualizacao',
    ]);
    expect(a.compounds).toEqual(['/etc/xen/xl.conf', 'xl.conf', 'qemu-img', 'kvm_stat', '--all', 'para-virtualizacao']);
    expect(a.glued).toEqual(['qemuimg', 'kvmstat', 'paravirtualizacao']);
  });
  it('keeps hyphenated query words together with their parts', () => {
    expect(tokens('para-virtualizacao xl')).toEqual([
      { text: 'paravirtualizacao', parts: ['para', 'virtualizacao'] },
      { text: 'xl', parts: ['xl'] },
    ]);
  });
});

describe('stem', () => {
  it('conflates Portuguese plurals', () => {
    expect(stem('maquinas')).toBe(stem('maquina'));
    expect(stem('imagens')).toBe(stem('imagem'));
    expect(stem('virtuais')).toBe(stem('virtual'));
    expect(stem('servidores')).toBe(stem('servidor'));
    expect(stem('migracoes')).toBe(stem('migracao'));
  });
  it('conflates nouns, verbs and participles, across Portuguese and English', () => {
    expect(stem('configuracao')).toBe(stem('configurar'));
    expect(stem('configuration')).toBe(stem('configurado'));
    expect(stem('paravirtualization')).toBe(stem('paravirtualizacao'));
    expect(stem('gerenciamento')).toBe(stem('gerenciar'));
    expect(stem('networking')).toBe(stem('network'));
  });
  it('leaves identifiers, short words and protected endings alone', () => {
    expect(stem('kvm_stat')).toBe('kvm_stat');
    expect(stem('xl')).toBe('xl');
    expect(stem('status')).toBe('status');
    expect(stem('comando')).toBe('comando');
    // Never strips down to fewer than four letters ("parar" must not become "par", a pair).
    expect(stem('parar')).toBe('parar');
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit', () => {
    expect(boundedDistance('hypervisr', 'hypervisor', 2)).toBe(1);
    expect(boundedDistance('hyprevisor', 'hypervisor', 2)).toBe(1);
    expect(boundedDistance('xentopp', 'xentop', 2)).toBe(1);
    expect(boundedDistance('xentop', 'xentop', 0)).toBe(0);
  });
  it('gives up beyond the bound', () => {
    expect(boundedDistance('bolo', 'virtualizacao', 2)).toBe(3);
    expect(boundedDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  it('measures a prefix against the closest prefix of a word', () => {
    expect(boundedPrefixDistance('hiperv', 'hypervisor', 1)).toBe(1);
    expect(boundedPrefixDistance('qemu-i', 'qemu-img', 0)).toBe(0);
    expect(boundedPrefixDistance('zzz', 'qemu', 1)).toBe(2);
  });
  it('allows more edits for longer words, none for short ones', () => {
    expect(editBudget(3)).toBe(0);
    expect(editBudget(4)).toBe(0);
    expect(editBudget(5)).toBe(1);
    expect(editBudget(7)).toBe(1);
    expect(editBudget(8)).toBe(2);
  });
});

describe('stopwords', () => {
  it('covers Portuguese and English function words and question filler', () => {
    for (const w of ['como', 'o', 'que', 'no', 'das', 'para', 'the', 'how', 'what', 'is', 'explique', 'please']) {
      expect(isStopword(w), w).toBe(true);
    }
  });
  it('does not swallow domain words', () => {
    for (const w of ['rede', 'lista', 'xen', 'kvm', 'list', 'storage', 'tipo', 'modo', 'memoria']) {
      expect(isStopword(w), w).toBe(false);
    }
  });
});
