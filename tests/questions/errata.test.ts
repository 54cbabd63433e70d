import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { correctTypos, ErrataError, errataPathFor, loadNotesErrata, parseNotesErrata, repeatsErratum, type Erratum } from '../../src/questions/index.ts';

const lines = ['330.2 Xen', '* Restaurar um Guest pausado', '# xl restore domain-id', '* Resummir Máquina virtual'];
const linesOf = (file: string) => (file === 'notes.txt' ? lines : null);
const item = (over: Partial<Erratum> = {}) => ({
  file: 'notes.txt',
  line: 2,
  kind: 'fact',
  says: 'Restaurar um Guest pausado',
  right: 'xl unpause retoma um guest pausado',
  source: 'xl usage',
  ...over,
});

function problems(json: unknown): string[] {
  try {
    parseNotesErrata(json, linesOf, 'errata.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ErrataError);
    return (error as ErrataError).problems;
  }
  throw new Error('expected an ErrataError');
}

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('notes errata', () => {
  it('accepts items whose line exists and contains the quoted text', () => {
    expect(parseNotesErrata({ errata: [item(), item({ line: 4, kind: 'typo', says: 'Resummir', right: 'Retomar' })] }, linesOf)).toHaveLength(2);
  });

  it('names each bad item: missing file, line out of range, text not on the line, bad fields', () => {
    expect(problems({ errata: [item({ file: 'other.txt' })] })).toEqual(['errata.json: errata[0]: notes file "other.txt" does not exist']);
    expect(problems({ errata: [item({ line: 9 })] })).toEqual(['errata.json: errata[0]: notes.txt has 4 lines, not 9']);
    expect(problems({ errata: [item(), item({ line: 3 })] })).toEqual(['errata.json: errata[1]: notes.txt:3 does not contain "Restaurar um Guest pausado"']);
    expect(problems({ errata: [item({ kind: 'opinion' as never })] })[0]).toMatch(/^errata\.json: errata\[0\]: kind: /);
    expect(problems({ items: [] })[0]).toMatch(/^errata\.json: /);
    const one = new ErrataError(['errata.json: errata[0]: x']);
    expect(one.message).toBe('errata.json: errata[0]: x');
  });

  it('lives beside the notes folder; a folder without one has none; the shipped one is valid', () => {
    expect(errataPathFor('data/notes/')).toBe('data/notes-errata.json');
    dir = mkdtempSync(join(tmpdir(), 'errata-'));
    const notes = join(dir, 'notes');
    expect(loadNotesErrata(notes)).toEqual([]);
    writeFileSync(`${notes}-errata.json`, '{ not json');
    expect(() => loadNotesErrata(notes)).toThrow(/notes-errata\.json: invalid JSON/);
    const shipped = loadNotesErrata('data/notes');
    expect(shipped.length).toBeGreaterThan(20);
    expect(shipped.some((e) => e.kind === 'fact' && e.says === 'Restaurar um Guest pausado')).toBe(true);
  });

  it('corrects typos as whole words keeping the first letter case, and spots repetitions folded', () => {
    const typo = item({ kind: 'typo', says: 'Resummir', right: 'Retomar' }) as Erratum;
    expect(correctTypos('Qual comando usar para resummir Máquina virtual? Resummir!', [typo])).toBe('Qual comando usar para retomar Máquina virtual? Retomar!');
    expect(correctTypos('Resummirá', [typo])).toBe('Resummirá');
    expect(repeatsErratum('restaurar um guest PAUSADO com xl restore', item() as Erratum)).toBe(true);
    expect(repeatsErratum('xl unpause', item() as Erratum)).toBe(false);
  });
});
