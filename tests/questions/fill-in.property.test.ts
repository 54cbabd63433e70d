/**
 * Fill-in grading over the whole shipped bank: every accepted answer passes in any harmless dress, no other
 * question's answer passes unless it really is the same answer, and flipping the case of an option fails.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/notes/index.ts';
import { checkAnswer, loadQuestionBank, type FillInQuestion } from '../../src/questions/index.ts';

let fillIns: FillInQuestion[];
beforeAll(async () => {
  const kb = await loadKnowledgeBase('data/notes');
  fillIns = loadQuestionBank('data/questions', kb).bank.questions.filter((q): q is FillInQuestion => q.kind === 'fill-in');
});

const graded = (question: FillInQuestion, text: string) => checkAnswer(question, { kind: 'fill-in', text }).correct;

/** Every (question, accepted answer) pair of the bank. */
const answerOf = () =>
  fc.constantFrom(...fillIns.flatMap((question) => question.answers.map((answer) => ({ question, answer }))));

interface Dress {
  program: 'keep' | 'drop' | 'add';
  toggleSlash: boolean;
  quoteLastWord: boolean;
  capitalize: boolean;
  doubleSpaces: boolean;
  period: '' | '.' | ';';
  periodOutside: boolean;
  wrap: readonly [string, string] | null;
  prompt: string;
  virshPrompt: boolean;
  outer: readonly [string, string];
}

const dress: fc.Arbitrary<Dress> = fc.record({
  program: fc.constantFrom('keep', 'drop', 'add'),
  toggleSlash: fc.boolean(),
  quoteLastWord: fc.boolean(),
  capitalize: fc.boolean(),
  doubleSpaces: fc.boolean(),
  period: fc.constantFrom('', '.', ';'),
  periodOutside: fc.boolean(),
  wrap: fc.constantFrom(null, ['`', '`'], ['```', '```'], ['"', '"'], ["'", "'"], ['“', '”']),
  prompt: fc.constantFrom('', '# ', '$ ', '#  ', 'user@host:~$ ', '[root@host ~]# ', 'root@xen01:/etc/xen# ', '(qemu) '),
  virshPrompt: fc.boolean(),
  outer: fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ', '\n')),
});

/** The answer as a member might type it, changed only in ways that must not matter for this question. */
function dressed(question: FillInQuestion, answer: string, d: Dress): string {
  let text = answer;
  const program = question.optionalProgram;
  if (program !== undefined) {
    if (d.program === 'drop' && text.startsWith(`${program} `)) text = text.slice(program.length + 1);
    if (d.program === 'add' && !text.startsWith(`${program} `)) text = `${program} ${text}`;
  }
  const words = text.split(' ');
  const last = words.at(-1)!;
  if (d.toggleSlash && /^\/.*[^/]$/.test(last)) words[words.length - 1] = `${last}/`;
  if (d.toggleSlash && /^\/.+\/$/.test(last)) words[words.length - 1] = last.slice(0, -1);
  if (d.quoteLastWord && words.length > 1) words[words.length - 1] = `'${words.at(-1)!}'`;
  text = words.join(d.doubleSpaces ? '  ' : ' ');
  if (d.capitalize) text = text.charAt(0).toUpperCase() + text.slice(1);
  if (d.virshPrompt && text.startsWith('virsh ')) text = `virsh # ${text.slice('virsh '.length)}`;
  if (!d.periodOutside) text += d.period;
  if (d.wrap) text = `${d.wrap[0]}${text}${d.wrap[1]}`;
  if (d.periodOutside) text += d.period;
  return `${d.outer[0]}${d.prompt}${text}${d.outer[1]}`;
}

/** An independent, plain notion of "the same answer": equal ignoring case, outer spaces, a path's final slash and the optional program. */
function sameAnswer(question: FillInQuestion, a: string, b: string): boolean {
  const plain = (text: string) => {
    let folded = text.trim().toLowerCase().replace(/(.)\/$/u, '$1');
    const program = question.optionalProgram?.toLowerCase();
    if (program !== undefined && folded.startsWith(`${program} `)) folded = folded.slice(program.length + 1);
    return folded;
  };
  return plain(a) === plain(b);
}

const OPTION_TOKENS = /(?<=^| )--?\p{L}\S*/gu;
const HAS_OPTION_TOKEN = new RegExp(OPTION_TOKENS.source, 'u');

describe('fill-in grading of the shipped bank', () => {
  it('has the fill-in questions it is about', () => {
    expect(fillIns.length).toBeGreaterThan(90);
  });

  it('accepts every listed answer in any harmless dress', () => {
    fc.assert(
      fc.property(answerOf(), dress, ({ question, answer }, d) => {
        expect(graded(question, dressed(question, answer, d)), `${question.id}: ${JSON.stringify(dressed(question, answer, d))}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses every other question's answers unless they are really the same answer", () => {
    const surprises: string[] = [];
    for (const question of fillIns) {
      for (const other of fillIns) {
        if (other === question) continue;
        for (const answer of other.answers) {
          const expected = question.answers.some((accepted) => sameAnswer(question, accepted, answer));
          if (graded(question, answer) !== expected) surprises.push(`${question.id} graded "${answer}" (${other.id}) ${!expected}`);
        }
      }
    }
    expect(surprises).toEqual([]);
  });

  it('refuses an option whose letters changed case', () => {
    const withOptions = fillIns.flatMap((question) =>
      question.answers.filter((answer) => HAS_OPTION_TOKEN.test(answer)).map((answer) => ({ question, answer })),
    );
    expect(withOptions.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.constantFrom(...withOptions), fc.nat(), fc.array(fc.boolean()), ({ question, answer }, pick, extra) => {
        // Letters that sit in option tokens, by position in the answer.
        const positions = [...answer.matchAll(OPTION_TOKENS)].flatMap((match) =>
          [...match[0]].flatMap((char, i) => (/\p{L}/u.test(char) && char.toLowerCase() !== char.toUpperCase() ? [match.index + i] : [])),
        );
        const flip = new Set([positions[pick % positions.length]!, ...positions.filter((_, i) => extra[i])]);
        const changed = [...answer]
          .map((char, i) => (flip.has(i) ? (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) : char))
          .join('');
        const listed = question.answers.includes(changed);
        expect(graded(question, changed), `${question.id}: ${changed}`).toBe(listed);
      }),
      { numRuns: 500 },
    );
  });
});
