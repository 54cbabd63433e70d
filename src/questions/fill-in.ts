/**
 * Fill-in grading: a typed answer and an accepted one are equal when their keys are (see FORMAT.md).
 * The key forgives what does not change the answer (accents, spaces, wrapping quotes, a pasted prompt, a trailing
 * period, a trailing "/" on a path, shell quotes around one word, the case of words) and keeps what does: the case of option tokens
 * (`-O` and `-o` are different qemu-img options).
 */
import type { FillInQuestion } from './types.ts';

/** The per-question fields that change how answers compare. */
export type FillInRules = Pick<FillInQuestion, 'matchCase' | 'optionalProgram'>;

const WRAPPING_QUOTES = /^["'`“‘«](.*)["'`”’»]$/su;

/** Prompts pasted with a command: "# ", "$ ", "user@host:~$ ", "[root@host ~]# ", the QEMU monitor's "(qemu) ". */
const PROMPTS: readonly RegExp[] = [
  /^[#$]\s+/u,
  /^\[[\w.-]+@[^\]]*\][#$]\s*/u,
  /^[\w.-]+@[\w.-]+(?::[^\s#$]*)?[#$]\s*/u,
  /^\(qemu\)\s*/u,
];

/** virsh's interactive prompt: "virsh # list" is the command "virsh list". */
const VIRSH_PROMPT = /^virsh\s*#\s*/u;

const TRAILING_PUNCTUATION = /[.;]+$/u;

/** A path with a trailing slash ("/etc/xen/", "~/vms/"): the slash does not change which directory it names. */
const PATH_WITH_TRAILING_SLASH = /^(?:~|\.{1,2})?\/.*[^/]\/+$/u;

/** A word the shell would unquote: `-device '?'` is `-device ?`. */
const QUOTED_WORD = /^(["'])(.+)\1$/u;

/** "-O", "-xf", "-smp", "--all", "--nameserver=…": real tools read options case-sensitively. */
const OPTION_TOKEN = /^--?\p{L}/u;

/** Accents, spaces, wrapping quotes, prompts and trailing punctuation removed; case untouched. */
function stripDecorations(text: string): string {
  let stripped = text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/\s+/gu, ' ').trim();
  for (let previous = ''; previous !== stripped; ) {
    previous = stripped;
    stripped = stripped.replace(WRAPPING_QUOTES, '$1').trim();
    for (const prompt of PROMPTS) stripped = stripped.replace(prompt, '');
    stripped = stripped.replace(VIRSH_PROMPT, 'virsh ').replace(TRAILING_PUNCTUATION, '').trim();
  }
  return stripped;
}

function foldCase(tokens: string[], matchCase: FillInRules['matchCase']): string[] {
  if (matchCase === 'exact') {
    // Phones capitalize the first letter of what is typed.
    return tokens.map((token, i) => (i === 0 ? token.charAt(0).toLowerCase() + token.slice(1) : token));
  }
  return tokens.map((token) => (OPTION_TOKEN.test(token) ? token : token.toLowerCase()));
}

/** The comparison key of a fill-in answer under a question's rules ("" when nothing is left). */
export function fillInKey(text: string, rules: FillInRules = {}): string {
  const stripped = stripDecorations(text);
  if (!stripped) return '';
  const tokens = foldCase(
    stripped
      .split(' ')
      .map((token) => token.replace(QUOTED_WORD, '$2'))
      .map((token) => (PATH_WITH_TRAILING_SLASH.test(token) ? token.replace(/\/+$/u, '') : token)),
    rules.matchCase,
  );
  const program = rules.optionalProgram?.toLowerCase();
  if (program !== undefined && tokens.length > 1 && tokens[0]!.toLowerCase() === program) tokens.shift();
  return tokens.join(' ');
}

/** Whether a typed text is one of the question's accepted answers; null when nothing gradable was typed. */
export function matchesFillIn(question: FillInQuestion, typed: string): boolean | null {
  const given = fillInKey(typed, question);
  if (!given) return null;
  return question.answers.some((answer) => fillInKey(answer, question) === given);
}
