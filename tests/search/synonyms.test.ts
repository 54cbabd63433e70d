import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fold, stem } from '../../src/search/normalize.ts';
import { loadSynonyms, parseSynonyms, SynonymsError } from '../../src/search/synonyms.ts';

const dir = await mkdtemp(join(tmpdir(), 'synonyms-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('synonym table', () => {
  it('loads the shipped, reviewed table', async () => {
    const table = await loadSynonyms('data/synonyms.json');
    expect(table.groups.length).toBeGreaterThan(30);
    // The pairs the issue asks for resolve to one group each.
    const key = (form: string) => stem(fold(form));
    for (const [a, b] of [
      ['paravirtualization', 'pv'],
      ['migration', 'migrate'],
      ['storage', 'armazenamento'],
      ['bridge', 'ponte'],
      ['network', 'rede'],
      ['list', 'lista'],
      ['memory', 'memória'],
      ['start', 'iniciar'],
      ['snapshot', 'instantâneo'],
    ] as const) {
      expect(table.byKey.get(key(a)), a).toBeDefined();
      expect(table.byKey.get(key(a)), `${a} = ${b}`).toBe(table.byKey.get(key(b)));
    }
    expect(table.byKey.get(`${key('máquina')} ${key('virtual')}`)).toBe(table.byKey.get('vm'));
  });

  it('rejects malformed data with the offending path', () => {
    expect(() => parseSynonyms({ groups: [] })).toThrow(/version/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'x', forms: ['only-one'] }] })).toThrow(/groups\.0\.forms/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'x', forms: ['ok', 42] }] })).toThrow(/groups\.0\.forms\.1/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'x', forms: ['o que', 'xen'] }] })).toThrow(/stopwords/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'x', forms: ['xen kvm qemu lxc', 'xen'] }] })).toThrow(/1 to 3 words/);
  });

  it('rejects a form that belongs to two groups (accents and case ignored)', () => {
    const data = {
      version: 1,
      groups: [
        { concept: 'migration', forms: ['migration', 'transferência'] },
        { concept: 'move', forms: ['move', 'MIGRACAO'] },
      ],
    };
    expect(() => parseSynonyms(data)).toThrow(/groups\.1\.forms\.1.*also in group "migration"/);
  });

  it('reports unreadable JSON files as errors', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{ "version": 1, ');
    await expect(loadSynonyms(path)).rejects.toThrow(/invalid synonyms table/);
    await expect(loadSynonyms(path)).rejects.toBeInstanceOf(SynonymsError);
  });

  it('names the line and column of a JSON syntax error, and a missing file plainly', async () => {
    const path = join(dir, 'comma.json');
    await writeFile(path, '{\n  "version": 1,\n  "groups": [],\n}\n');
    await expect(loadSynonyms(path)).rejects.toThrow(`invalid synonyms table ${path}:4:1:`);
    await expect(loadSynonyms(join(dir, 'absent.json'))).rejects.toThrow(`synonyms table ${join(dir, 'absent.json')} cannot be read: no such file`);
  });

  it('says "missing" for an absent key and rejects keys it does not know', () => {
    expect(() => parseSynonyms({ version: 1, groups: [{ forms: ['kvm', 'qemu'] }] })).toThrow(/groups\.0\.concept: missing/);
    expect(() => parseSynonyms({ version: 1 })).toThrow(/at groups: missing/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'kvm', forms: ['kvm', 'qemu'], notes: 'typo' }] })).toThrow(
      /groups\.0\.notes: unknown key/,
    );
    expect(() => parseSynonyms({ version: 1, group: [] })).toThrow(/at group: unknown key/);
  });

  it('rejects a group whose forms all read the same (case, accents and stopwords ignored)', () => {
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'xen', forms: ['Xen', 'xen'] }] })).toThrow(/groups\.0\.forms: the forms all read as "xen"/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'xen', forms: ['o xen', 'de xen'] }] })).toThrow(/at least 2 different forms/);
  });

  it('names the file, the path and the problem of a malformed table', async () => {
    const path = join(dir, 'bad-shape.json');
    await writeFile(path, JSON.stringify({ version: 1, groups: [{ concept: 'xen', forms: ['xen', 'x'] }] }));
    await expect(loadSynonyms(path)).rejects.toThrow(`invalid synonyms table ${path} at groups.0.forms.1: too short`);
    expect(() => parseSynonyms([])).toThrow(/at \(root\): expected an object, got an array/);
    expect(() => parseSynonyms({ version: 1, groups: [{ concept: 'a', forms: ['kvm', 'qemu'] }, { concept: 'a', forms: ['xen', 'xl'] }] })).toThrow(
      /groups\.1\.concept: duplicate concept "a"/,
    );
  });
});
