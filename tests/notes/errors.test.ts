/** Unusable notes give a NotesError naming the file and line, never a crash. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase, NotesError, parseNotes, readNotesFile } from '../../src/notes/index.ts';

function fixture(name: string): string {
  return readNotesFile(join('tests/support/notes', name));
}

function notesError(run: () => unknown): NotesError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NotesError);
    return error as NotesError;
  }
  throw new Error('expected a NotesError');
}

describe('NotesError', () => {
  it('reports an empty file', () => {
    const error = notesError(() => parseNotes(fixture('empty.txt'), 'empty.txt'));
    expect([error.file, error.line, error.message]).toEqual(['empty.txt', 1, 'empty.txt:1: the notes file is empty']);
  });

  it('reports Markdown without any heading, at its first line of text', () => {
    const error = notesError(() => parseNotes(fixture('no-heading.md'), 'no-heading.md'));
    expect(error.line).toBe(1);
    expect(error.detail).toMatch(/no heading found/);
  });

  it('reports wiki text without a topic heading', () => {
    const error = notesError(() => parseNotes(fixture('no-topic.txt'), 'no-topic.txt'));
    expect([error.file, error.line]).toEqual(['no-topic.txt', 1]);
    expect(error.detail).toMatch(/no topic heading found/);
  });

  it('reports an unclosed code block where it opens', () => {
    const error = notesError(() => parseNotes(fixture('unclosed-fence.md'), 'unclosed-fence.md'));
    expect(error.line).toBe(5);
    expect(error.detail).toMatch(/never closed/);
  });

  it('reports binary and non-UTF-8 files with the line of the bad byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-bad-'));
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x33, 0x33, 0x30, 0x0a, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.concat([Buffer.from('330.1 Topic\n\nok line\n'), Buffer.from([0x4e, 0xe3, 0x6f, 0x0a])]));
    const binary = notesError(() => readNotesFile(join(dir, 'binary.txt')));
    expect([binary.file, binary.line]).toEqual([join(dir, 'binary.txt'), 3]);
    expect(binary.detail).toMatch(/binary/);
    const latin1 = notesError(() => readNotesFile(join(dir, 'latin1.txt')));
    expect(latin1.line).toBe(4);
    expect(latin1.detail).toMatch(/UTF-8/);
  });

  it('names the file inside the folder when loading a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-dir-'));
    writeFileSync(join(dir, 'a.md'), '# 330.1 Ok\n\nSome prose here that is fine.\n');
    writeFileSync(join(dir, 'b.md'), 'no heading at all\n');
    const error = notesError(() => loadKnowledgeBase(dir));
    expect([error.file, error.line]).toEqual([join(dir, 'b.md'), 1]);
    const empty = mkdtempSync(join(tmpdir(), 'notes-empty-'));
    expect(notesError(() => loadKnowledgeBase(empty)).detail).toMatch(/no notes files/);
  });

  it('makes the CLI print one clear line and exit 1, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-cli-'));
    writeFileSync(join(dir, 'broken.md'), '\n\nplain text\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'notes', 'stats', '--dir', dir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(`error: ${join(dir, 'broken.md')}:3: no heading found: Markdown notes need a '#' heading for each topic (e.g. '# 330.2 Xen')`);
  });
});
