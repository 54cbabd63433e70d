/** Minimal, predictable argument parsing shared by the CLI commands. */
export interface CliArgs {
  /** Words that are not flags, in order. */
  positional: string[];
  /** `--name value` and `--flag` (true). */
  flags: Map<string, string | true>;
}

export type CliCommand = (args: CliArgs) => Promise<number>;

const BOOLEAN_FLAGS = new Set(['json', 'stdin', 'help']);

export function parseCliArgs(argv: string[]): CliArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const name = word.slice(2);
    const next = argv[i + 1];
    if (BOOLEAN_FLAGS.has(name) || next === undefined || next.startsWith('--')) {
      flags.set(name, true);
    } else {
      flags.set(name, next);
      i++;
    }
  }
  return { positional, flags };
}

export function flagString(args: CliArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
