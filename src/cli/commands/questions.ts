/**
 * `cli questions check [--json] [--dir data/questions] [--notes data/notes]`
 *   Validates the question bank against the notes (format, rules, sources, grounding) and prints counts per
 *   topic and kind. Exit 1 with one line per problem (file, question id, what is wrong) when the bank is broken.
 */
import { flagString, writeJson, type CliArgs, type CliCommand } from '../args.ts';
import { loadKnowledgeBase, NotesError } from '../../notes/index.ts';
import { formatProblem, loadQuestionBank, QuestionBankError, type Question, type QuestionKind } from '../../questions/index.ts';

const USAGE = 'usage: cli questions check [--json] [--dir <questions folder>] [--notes <notes folder>]\n';
const KINDS: QuestionKind[] = ['single', 'multiple', 'fill-in'];

interface TopicCounts {
  single: number;
  multiple: number;
  'fill-in': number;
  generated: number;
  total: number;
}

function countByTopic(questions: readonly Question[]): Record<string, TopicCounts> {
  const counts: Record<string, TopicCounts> = {};
  for (const q of [...questions].sort((a, b) => a.topic.localeCompare(b.topic))) {
    const row = (counts[q.topic] ??= { single: 0, multiple: 0, 'fill-in': 0, generated: 0, total: 0 });
    row[q.kind]++;
    if (q.generated) row.generated++;
    row.total++;
  }
  return counts;
}

function table(counts: Record<string, TopicCounts>): string {
  const header = ['topic', ...KINDS, 'generated', 'total'];
  const rows = Object.entries(counts).map(([topic, c]) => [topic, ...KINDS.map((k) => c[k]), c.generated, c.total].map(String));
  const sum = (key: keyof TopicCounts) => String(Object.values(counts).reduce((n, c) => n + c[key], 0));
  rows.push(['all', ...KINDS.map((k) => sum(k)), sum('generated'), sum('total')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

async function check(args: CliArgs): Promise<number> {
  const dir = flagString(args, 'dir') ?? 'data/questions';
  const notesDir = flagString(args, 'notes') ?? 'data/notes';
  const json = args.flags.has('json');
  try {
    const kb = loadKnowledgeBase(notesDir);
    const { bank, curated, generated } = loadQuestionBank(dir, kb);
    const perTopic = countByTopic(bank.questions);
    if (json) writeJson({ ok: true, curated, generated, total: bank.questions.length, perTopic });
    else process.stdout.write(`question bank OK: ${bank.questions.length} questions (${curated} curated in ${dir}, ${generated} generated from ${notesDir})\n${table(perTopic)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof QuestionBankError) {
      if (json) writeJson({ ok: false, problems: error.problems });
      process.stderr.write(`question bank is broken (${error.problems.length} problem(s)):\n${error.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    if (error instanceof NotesError) {
      if (json) writeJson({ ok: false, problems: [{ file: notesDir, questionId: null, message: error.message }] });
      process.stderr.write(`error: cannot read the notes: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      if (json) writeJson({ ok: false, problems: [{ file: dir, questionId: null, message: error.message }] });
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const questions: CliCommand = async (args) => {
  const [sub] = args.positional;
  if (args.flags.has('help') || sub !== 'check') {
    process.stderr.write(USAGE);
    return args.flags.has('help') ? 0 : 2;
  }
  return check(args);
};

export default questions;
