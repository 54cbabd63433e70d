import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cli questions / quiz', () => {
  it('questions check passes on the shipped bank and prints counts per topic and kind', async () => {
    const { code, stdout } = await cli('questions', 'check', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; perTopic: Record<string, { total: number; single: number }> };
    expect(report.ok).toBe(true);
    expect(Object.keys(report.perTopic)).toContain('330.2');
  });

  it('questions check fails with a clear message on a broken bank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-'));
    try {
      writeFileSync(
        join(dir, '330.2.json'),
        JSON.stringify({
          topic: '330.2',
          questions: [{ id: '330.2-broken-01', kind: 'fill-in', prompt: 'p', answers: [], explanation: 'e', source: 'nope' }],
        }),
      );
      const { code, stdout, stderr } = await cli('questions', 'check', '--dir', dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${dir}/330.2.json [330.2-broken-01]: fill-in question has no accepted answers`);
      expect(stderr).toContain(`${dir}/330.2.json [330.2-broken-01]: unknown source entry "nope"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quiz sample --json prints exactly one question as JSON', async () => {
    const { code, stdout } = await cli('quiz', 'sample', '--json', '--topic', '330.2', '--seed', 'a');
    expect(code).toBe(0);
    const question = JSON.parse(stdout) as { id: string; topic: string; kind: string };
    expect(question.topic).toBe('330.2');
    expect(question.id.startsWith('330.2-')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });
});
