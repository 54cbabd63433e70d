/**
 * `cli quiz sample [--json] [--count N] [--topic 330.2] [--kind single|multiple|fill-in] [--seed <text>] [--dir …] [--notes …]`
 *   N questions (default 1) drawn like /practice (topics by exam weight, then a question inside the topic), each
 *   with a fresh option order, as a member would see it. With --json stdout is N lines, one JSON object each:
 *   { id, topic, kind, prompt, options (texts in shown order; [] for fill-in), answer (0-based shown positions of
 *   the right options; for fill-in the accepted answers), cites (the notes entry id the question cites) }.
 *   --seed makes the questions and their orders reproducible.
 */
import { flagString, type CliArgs, type CliCommand } from '../args.ts';
import { loadKnowledgeBase, NotesError } from '../../notes/index.ts';
import {
  correctAnswers,
  correctPositions,
  createQuestionBank,
  drawOrder,
  ErrataError,
  formatProblem,
  loadNotesErrata,
  loadQuestionBank,
  pickPracticeQuestion,
  present,
  QuestionBankError,
  type PresentedQuestion,
  type QuestionBank,
} from '../../questions/index.ts';
import { hash32, seededRandom } from '../../questions/random.ts';

const USAGE =
  'usage: cli quiz sample [--json] [--count <n>] [--topic <id>] [--kind single|multiple|fill-in] [--seed <text>] [--dir <questions>] [--notes <notes>]\n';
const MAX_COUNT = 100_000;

/** One sampled question as a member sees it (the JSON line). */
export interface SampledQuestion {
  id: string;
  topic: string;
  kind: string;
  prompt: string;
  options: string[];
  answer: number[] | string[];
  cites: string;
}

function asSeen(presented: PresentedQuestion): SampledQuestion {
  const { question } = presented;
  return {
    id: question.id,
    topic: question.topic,
    kind: question.kind,
    prompt: question.prompt,
    options: question.kind === 'fill-in' ? [] : question.options.map((option) => option.text),
    answer: question.kind === 'fill-in' ? [...question.answers] : correctPositions(presented),
    cites: question.source,
  };
}

function render(presented: PresentedQuestion): string {
  const { question } = presented;
  const letter = (shown: number) => String.fromCharCode(65 + shown);
  const lines = [`[${question.id}] ${question.topic} · ${question.kind}${question.generated ? ' · gerada' : ''}`, '', question.prompt, ''];
  if (question.kind === 'fill-in') lines.push('(resposta escrita)');
  else question.options.forEach((option, i) => lines.push(`  ${letter(i)}) ${option.text}`));
  const right = question.kind === 'fill-in' ? correctAnswers(question) : correctPositions(presented).map((shown) => `${letter(shown)}) ${question.options[shown]!.text}`);
  lines.push('', `Resposta: ${right.join(' · ')}`, `Explicação: ${question.explanation}`, `Fonte: ${question.source}`);
  return `${lines.join('\n')}\n`;
}

function loadBank(args: CliArgs): QuestionBank | null {
  try {
    const notesDir = flagString(args, 'notes') ?? 'data/notes';
    const kb = loadKnowledgeBase(notesDir);
    return loadQuestionBank(flagString(args, 'dir') ?? 'data/questions', kb, { errata: loadNotesErrata(notesDir) }).bank;
  } catch (error) {
    if (error instanceof QuestionBankError) {
      process.stderr.write(`question bank is broken; run \`cli questions check\`:\n${error.problems.map(formatProblem).join('\n')}\n`);
      return null;
    }
    if (error instanceof NotesError) {
      process.stderr.write(`error: cannot read the notes: ${error.message}\n`);
      return null;
    }
    if (error instanceof ErrataError) {
      process.stderr.write(`error: ${error.message}\n`);
      return null;
    }
    throw error;
  }
}

async function sample(args: CliArgs): Promise<number> {
  const topic = flagString(args, 'topic');
  const kind = flagString(args, 'kind');
  const seed = flagString(args, 'seed');
  const countFlag = args.flags.get('count');
  const count = countFlag === undefined ? 1 : typeof countFlag === 'string' && /^\d+$/.test(countFlag) ? Number(countFlag) : NaN;
  if (!(count >= 1 && count <= MAX_COUNT)) {
    process.stderr.write(`--count needs a whole number from 1 to ${MAX_COUNT}\n${USAGE}`);
    return 2;
  }
  const full = loadBank(args);
  if (!full) return 1;
  // --kind narrows the bank; the topics keep their exam weights.
  const bank = kind ? createQuestionBank(full.questions.filter((q) => q.kind === kind), { weights: Object.fromEntries(full.weights) }) : full;
  const random = seed === undefined ? Math.random : seededRandom(hash32(seed));
  const json = args.flags.has('json');
  let out = '';
  for (let i = 0; i < count; i++) {
    const question = pickPracticeQuestion(bank, { topic, random });
    if (!question) {
      const topics = [...new Set(full.questions.map((q) => q.topic))].sort().join(', ');
      process.stderr.write(`no question matches${topic ? ` topic ${topic}` : ''}${kind ? ` kind ${kind}` : ''} (topics: ${topics})\n`);
      return 1;
    }
    // Crypto randomness for the order, as the bot draws it, unless the run is seeded.
    const presented = present(question, seed === undefined ? drawOrder(question) : drawOrder(question, random));
    out += json ? `${JSON.stringify(asSeen(presented))}\n` : `${i > 0 ? '\n' : ''}${render(presented)}`;
    if (out.length > 1 << 16) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
  return 0;
}

const quiz: CliCommand = async (args) => {
  const [sub] = args.positional;
  if (args.flags.has('help') || sub !== 'sample') {
    process.stderr.write(USAGE);
    return args.flags.has('help') ? 0 : 2;
  }
  return sample(args);
};

export default quiz;
