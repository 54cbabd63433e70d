/**
 * `cli quiz sample [--json] [--topic 330.2] [--kind single|multiple|fill-in] [--seed <text>] [--dir …] [--notes …]`
 *   One question from the bank (curated + generated). With --json stdout is exactly one JSON object:
 *   the question as stored ({ id, topic, kind, prompt, options|answers, explanation, source, … }).
 */
import { flagString, writeJson, type CliArgs, type CliCommand } from '../args.ts';
import { loadKnowledgeBase, NotesError } from '../../notes/index.ts';
import { correctAnswers, ErrataError, formatProblem, loadNotesErrata, loadQuestionBank, QuestionBankError, type Question } from '../../questions/index.ts';
import { hash32, seededRandom } from '../../questions/random.ts';

const USAGE = 'usage: cli quiz sample [--json] [--topic <id>] [--kind single|multiple|fill-in] [--seed <text>] [--dir <questions>] [--notes <notes>]\n';

function render(question: Question): string {
  const lines = [`[${question.id}] ${question.topic} · ${question.kind}${question.generated ? ' · gerada' : ''}`, '', question.prompt, ''];
  if (question.kind === 'fill-in') lines.push('(resposta escrita)');
  else question.options.forEach((option, i) => lines.push(`  ${String.fromCharCode(65 + i)}) ${option.text}`));
  lines.push('', `Resposta: ${correctAnswers(question).join(' · ')}`, `Explicação: ${question.explanation}`, `Fonte: ${question.source}`);
  return `${lines.join('\n')}\n`;
}

async function sample(args: CliArgs): Promise<number> {
  const topic = flagString(args, 'topic');
  const kind = flagString(args, 'kind');
  const seed = flagString(args, 'seed');
  let questions: readonly Question[];
  try {
    const notesDir = flagString(args, 'notes') ?? 'data/notes';
    const kb = loadKnowledgeBase(notesDir);
    questions = loadQuestionBank(flagString(args, 'dir') ?? 'data/questions', kb, { errata: loadNotesErrata(notesDir) }).bank.questions;
  } catch (error) {
    if (error instanceof QuestionBankError) {
      process.stderr.write(`question bank is broken; run \`cli questions check\`:\n${error.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    if (error instanceof NotesError) {
      process.stderr.write(`error: cannot read the notes: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ErrataError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const matching = questions.filter((q) => (!topic || q.topic === topic) && (!kind || q.kind === kind));
  if (matching.length === 0) {
    const topics = [...new Set(questions.map((q) => q.topic))].sort().join(', ');
    process.stderr.write(`no question matches${topic ? ` topic ${topic}` : ''}${kind ? ` kind ${kind}` : ''} (topics: ${topics})\n`);
    return 1;
  }
  const random = seed === undefined ? Math.random : seededRandom(hash32(seed));
  const question = matching[Math.floor(random() * matching.length)]!;
  if (args.flags.has('json')) writeJson(question);
  else process.stdout.write(render(question));
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
