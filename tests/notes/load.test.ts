/** Loading a folder: name order, both formats, merged topics, ids made unique across files deterministically. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase, notesStats } from '../../src/notes/index.ts';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notes-load-'));
  copyFileSync('tests/support/notes/mini-wiki.txt', join(dir, '20-wiki.txt'));
  copyFileSync('tests/support/notes/mini-wiki.txt', join(dir, '30-copy.txt'));
  copyFileSync('tests/support/notes/mini.md', join(dir, '10-md.md'));
  writeFileSync(join(dir, 'ignored.json'), '{}');
  return dir;
}

describe('loadKnowledgeBase', () => {
  it('reads .txt and .md files in name order and merges topics', () => {
    const kb = loadKnowledgeBase(folder());
    expect(kb.sources).toEqual(['10-md.md', '20-wiki.txt', '30-copy.txt']);
    expect(kb.topics.map((t) => t.id)).toEqual(['999.3', 'another-topic-without', '999.1', '999.2']);
    expect(kb.topics.find((t) => t.id === '999.1')!.source).toBe('20-wiki.txt');
  });

  it('keeps the first file ids and suffixes the duplicates of later files, the same way every time', () => {
    const dir = folder();
    const kb = loadKnowledgeBase(dir);
    const ids = kb.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(kb.sections.map((s) => s.id)).size).toBe(kb.sections.length);
    const widget = kb.entries.filter((e) => e.title === 'Widget');
    expect(widget.map((e) => e.source)).toEqual(['20-wiki.txt', '30-copy.txt']);
    expect(widget[0]!.id).toBe('999.1-sample-area-one-widget');
    expect(widget[1]!.id).toMatch(/^999\.1-sample-area-one-widget-[a-z0-9]{4}$/);
    for (const entry of kb.entries) expect(kb.sections.some((s) => s.id === entry.sectionId && s.source === entry.source)).toBe(true);
    expect(loadKnowledgeBase(dir).entries.map((e) => e.id)).toEqual(ids);
  });
});

describe('cli notes stats', () => {
  it('prints pure JSON with --json', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'notes', 'stats', '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const stats = JSON.parse(result.stdout) as ReturnType<typeof notesStats>;
    expect(stats.topics).toBe(6);
    expect(stats.perTopic.map((t) => t.id)).toEqual(['330.1', '330.2', '330.3', '330.4', '330.5', '330.6']);
    expect(Object.values(stats.byKind).reduce((a, b) => a + b, 0)).toBe(stats.entries);
    expect(stats.byKind['table-row']).toBeGreaterThan(50);
  });

  it('prints a readable summary without --json, and takes --dir', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'notes', 'stats', '--dir', folder()], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Notes: 10-md\.md, 20-wiki\.txt, 30-copy\.txt\n4 topics, \d+ sections, \d+ entries/);
    expect(result.stdout).toContain('999.3 Markdown Topic (weight 7)');
  });
});
