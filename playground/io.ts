/**
 * Terminal input and output. Input is one queue of lines, from readline with a prompt and history when stdin is a
 * terminal, or from a pipe (then lines are taken strictly in order; end of input ends the session). Output
 * written while the prompt is showing (a message the bot posted on its own) clears the prompt line, prints,
 * and redraws the prompt with what was being typed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';

export interface ConsoleOptions {
  interactive: boolean;
  input: NodeJS.ReadableStream;
  output: NodeJS.WriteStream;
  /** Interactive only: where the history is kept between runs. */
  historyFile?: string;
  completer?: (line: string) => [string[], string];
}

export class Console {
  readonly interactive: boolean;
  readonly #rl: Interface;
  readonly #out: NodeJS.WriteStream;
  readonly #buffer: string[] = [];
  #waiter: ((line: string | null) => void) | null = null;
  #ended = false;
  #prompting = false;
  #history: string[] = [];
  readonly #historyFile: string | undefined;
  /** Called on Ctrl+C at the prompt (interactive). */
  onInterrupt: () => void = () => undefined;

  constructor(options: ConsoleOptions) {
    this.interactive = options.interactive;
    this.#out = options.output;
    this.#historyFile = options.interactive ? options.historyFile : undefined;
    const history = this.#historyFile ? readHistory(this.#historyFile) : [];
    this.#rl = createInterface({
      input: options.input,
      output: options.interactive ? options.output : undefined,
      terminal: options.interactive,
      history,
      historySize: 500,
      removeHistoryDuplicates: true,
      ...(options.interactive && options.completer ? { completer: options.completer } : {}),
    });
    this.#history = history;
    this.#rl.on('history', (h: string[]) => {
      this.#history = h;
    });
    this.#rl.on('line', (line) => {
      this.#prompting = false;
      if (this.#waiter) {
        const resolve = this.#waiter;
        this.#waiter = null;
        resolve(line);
      } else this.#buffer.push(line);
    });
    this.#rl.on('close', () => {
      this.#ended = true;
      this.#prompting = false;
      const resolve = this.#waiter;
      this.#waiter = null;
      resolve?.(null);
    });
    this.#rl.on('SIGINT', () => this.onInterrupt());
  }

  /** The next line, or null at the end of input. Shows `prompt` when interactive and nothing is typed ahead. */
  next(prompt: string): Promise<string | null> {
    if (this.#buffer.length > 0) return Promise.resolve(this.#buffer.shift()!);
    if (this.#ended) return Promise.resolve(null);
    if (this.interactive) {
      this.#rl.setPrompt(prompt);
      this.#prompting = true;
      this.#rl.prompt();
    }
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Prints a block of text, keeping the prompt (and what is being typed) intact. */
  print(text: string): void {
    if (this.#out.destroyed || !this.#out.writable) return;
    if (this.#prompting) {
      clearLine(this.#out, 0);
      cursorTo(this.#out, 0);
      this.#out.write(`${text}\n`);
      this.#rl.prompt(true);
    } else this.#out.write(`${text}\n`);
  }

  close(): void {
    if (this.#historyFile && this.#history.length > 0) {
      try {
        mkdirSync(dirname(this.#historyFile), { recursive: true });
        writeFileSync(this.#historyFile, `${this.#history.join('\n')}\n`);
      } catch {
        // History is a convenience; a read-only folder must not break the exit.
      }
    }
    if (this.#prompting) this.#out.write('\n');
    this.#prompting = false;
    this.#rl.close();
  }
}

function readHistory(file: string): string[] {
  if (!existsSync(file)) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, 500);
  } catch {
    return [];
  }
}
