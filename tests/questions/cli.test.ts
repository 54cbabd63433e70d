import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadKnowledgeBase } from '../../src/notes/index.ts';
import { loadQuestionBank } from '../../src/questions/index.ts';

const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cli questions / quiz', () => {
  it('questions check validates the shipped bank, prints counts per topic and kind, and exits by its quality report', async () => {
    const { code, stdout, stderr } = await cli('questions', 'check', '--json');
    const report = JSON.parse(stdout) as {
      ok: boolean;
      valid: boolean;
      perTopic: Record<string, { total: number; single: number }>;
      quality: { problems: string[]; thresholds: { perWeightPointFloor: number; zCritical: number }; topics: Array<{ topic: string }> };
    };
    expect(report.valid).toBe(true);
    expect(Object.keys(report.perTopic)).toContain('330.2');
    expect(report.quality.thresholds).toMatchObject({ perWeightPointFloor: 12, zCritical: 1.645 });
    expect(report.quality.topics.map((t) => t.topic)).toEqual(['330.1', '330.2', '330.3', '330.4', '330.5', '330.6']);
    // The shipped bank's quality is tests/questions/bank-quality.test.ts's business; here: exit and report agree.
    expect(report.ok).toBe(report.quality.problems.length === 0);
    expect(code).toBe(report.ok ? 0 : 1);
    for (const problem of report.quality.problems) expect(stderr).toContain(problem);
  });

  it('questions check fails, one line per problem, on a valid bank too small for the exam weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-'));
    try {
      writeFileSync(
        join(dir, '330.2.json'),
        JSON.stringify({
          topic: '330.2',
          questions: [
            {
              id: '330.2-xe-vm-list-01',
              kind: 'fill-in',
              prompt: 'Qual comando do XAPI lista as VMs?',
              answers: ['xe vm-list'],
              explanation: 'e',
              source: '330.2-basic-knowledge-of-xe-vm-list-listar-vm',
            },
          ],
        }),
      );
      const { code, stdout, stderr } = await cli('questions', 'check', '--dir', dir);
      expect(code).toBe(1);
      expect(stdout).toContain('quality thresholds: at least 12 questions per exam-weight point');
      expect(stdout).toMatch(/fails when z > 1\.645/);
      expect(stderr).toMatch(/^question bank quality fails \(\d+ problem\(s\)\):$/m);
      expect(stderr).toMatch(/^ {2}330\.1: 0 questions for exam weight 8 = 0\.0 per weight point, below the floor of 12 \(needs 96\)$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  describe('quiz sample --json --count N: questions as a member sees them, options in a fresh order', () => {
    interface Sampled { id: string; topic: string; kind: string; prompt: string; options: string[]; answer: Array<number | string>; cites: string }
    const parse = (stdout: string): Sampled[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as Sampled);
    const kb = loadKnowledgeBase('data/notes');
    const { bank } = loadQuestionBank('data/questions', kb);
    const entries = new Set(kb.entries.map((e) => e.id));

    it('prints N lines; each shows the bank\'s options reordered, its right ones at `answer`, and the entry it cites', async () => {
      const { code, stdout } = await cli('quiz', 'sample', '--json', '--count', '40', '--seed', 'lines');
      expect(code).toBe(0);
      const lines = parse(stdout);
      expect(lines).toHaveLength(40);
      for (const line of lines) {
        const question = bank.byId.get(line.id)!;
        expect(Object.keys(line).sort()).toEqual(['answer', 'cites', 'id', 'kind', 'options', 'prompt', 'topic']);
        expect([line.topic, line.kind, line.prompt, line.cites]).toEqual([question.topic, question.kind, question.prompt, question.source]);
        expect(entries.has(line.cites)).toBe(true);
        if (question.kind === 'fill-in') {
          expect(line).toMatchObject({ options: [], answer: question.answers });
          continue;
        }
        expect([...line.options].sort()).toEqual(question.options.map((o) => o.text).sort());
        const rightTexts = question.options.filter((o) => o.correct).map((o) => o.text).sort();
        expect(line.answer.map((shown) => line.options[shown as number]).sort()).toEqual(rightTexts);
      }
      // --seed reproduces; another seed draws other orders; --topic and --kind still narrow.
      expect((await cli('quiz', 'sample', '--json', '--count', '40', '--seed', 'lines')).stdout).toBe(stdout);
      expect((await cli('quiz', 'sample', '--json', '--count', '40', '--seed', 'other')).stdout).not.toBe(stdout);
      const narrowed = parse((await cli('quiz', 'sample', '--json', '--count', '20', '--topic', '330.3', '--kind', 'multiple', '--seed', 'n')).stdout);
      expect(narrowed.map((q) => [q.topic, q.kind])).toEqual(Array(20).fill(['330.3', 'multiple']));
      expect((await cli('quiz', 'sample', '--json', '--count', 'many')).code).toBe(2);
    });

    it('over 3,000 samples the right option sits at each position in its share (singles: A right in at most 30%)', async () => {
      const { code, stdout } = await cli('quiz', 'sample', '--json', '--count', '3000', '--seed', 'uniform');
      expect(code).toBe(0);
      const choice = parse(stdout).filter((q) => q.kind !== 'fill-in');
      expect(choice.length).toBeGreaterThan(1500);
      // For each position: how often a right option is there, against what a uniform order gives
      // (a question with k right of n options puts a right one at any position with probability k/n).
      for (let position = 0; position < 4; position++) {
        const holding = choice.filter((q) => q.options.length > position);
        const observed = holding.filter((q) => q.answer.includes(position)).length / holding.length;
        const expected = holding.reduce((sum, q) => sum + q.answer.length / q.options.length, 0) / holding.length;
        expect(Math.abs(observed - expected), `position ${position}: ${observed} vs ${expected}`).toBeLessThan(0.04);
      }
      const singles = choice.filter((q) => q.kind === 'single');
      const shareAtA = singles.filter((q) => q.answer[0] === 0).length / singles.length;
      expect(shareAtA).toBeLessThanOrEqual(0.3);
      for (let position = 0; position < 4; position++) {
        const fours = singles.filter((q) => q.options.length === 4);
        expect(Math.abs(fours.filter((q) => q.answer[0] === position).length / fours.length - 0.25)).toBeLessThan(0.04);
      }
    });
  });
});
