/**
 * `npm run --silent cli -- <command> [...args]`.
 * With --json, stdout carries JSON only; human messages and errors go to stderr.
 * Each command lives in its own file under src/cli/commands/ and registers itself in the table below.
 */
import { parseCliArgs, type CliCommand } from './args.ts';

const commands: Record<string, () => Promise<{ default: CliCommand }>> = {
  notes: () => import('./commands/notes.ts'),
  term: () => import('./commands/term.ts'),
  questions: () => import('./commands/questions.ts'),
  quiz: () => import('./commands/quiz.ts'),
  db: () => import('./commands/db.ts'),
};

// A reader that stops early (`cli quiz sample --count 1000 | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: cli <${Object.keys(commands).join('|')}> ...\n`);
    return 2;
  }
  const command = (await load()).default;
  return command(parseCliArgs(rest));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
