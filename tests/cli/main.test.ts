import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';

describe('cli', () => {
  it('stops quietly with exit 0 when its reader closes the pipe early (`… | head -1`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'quiz', 'sample', '--json', '--count', '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const firstLine = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) {
          child.stdout.destroy(); // the reader is gone, as after `head -1`
          resolve(out.split('\n')[0]!);
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(JSON.parse(firstLine)).toHaveProperty('id');
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 30_000);
});
