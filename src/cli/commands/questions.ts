/**
 * `cli questions check [--json] [--dir data/questions] [--notes data/notes]`
 *   Validates the question bank against the notes (format, rules, sources, grounding) and prints counts per
 *   topic and kind, then its quality (coverage per exam-weight point, longest-is-right bias, errata hits, with the
 *   thresholds). Exit 1 with one line per problem (file, question id, what is wrong) when the bank is broken or
 *   its quality fails.
 */
import { flagString, writeJson, type CliArgs, type CliCommand } from '../args.ts';
import { loadKnowledgeBase, NotesError } from '../../notes/index.ts';
import {
  checkBankQuality,
  ErrataError,
  formatProblem,
  loadNotesErrata,
  loadQuestionBank,
  QuestionBankError,
  type BankQualityReport,
  type LengthBias,
  type Question,
  type QuestionBank,
  type QuestionKind,
} from '../../questions/index.ts';

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

function align(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

function table(counts: Record<string, TopicCounts>): string {
  const rows = Object.entries(counts).map(([topic, c]) => [topic, ...KINDS.map((k) => c[k]), c.generated, c.total].map(String));
  const sum = (key: keyof TopicCounts) => String(Object.values(counts).reduce((n, c) => n + c[key], 0));
  rows.push(['all', ...KINDS.map((k) => sum(k)), sum('generated'), sum('total')]);
  return align(['topic', ...KINDS, 'generated', 'total'], rows);
}

const share = (part: number, whole: number) => (whole === 0 ? '-' : `${part}/${whole} ${Math.round((100 * part) / whole)}%`);

function biasCells(bias: LengthBias): string[] {
  return [
    share(bias.longestRight, bias.questions),
    bias.questions === 0 ? '-' : `${Math.round(100 * bias.chance)}%`,
    bias.z === null ? '-' : bias.z.toFixed(2),
    share(bias.muchLonger, bias.questions),
  ];
}

function qualityText(report: BankQualityReport, bank: QuestionBank): string {
  const t = report.thresholds;
  const hitsOf = (topic: string | null, severity: 'error' | 'review') =>
    report.errataHits.filter((hit) => hit.severity === severity && (topic === null || bank.byId.get(hit.questionId)?.topic === topic)).length;
  const rows = report.topics.map((row) => [
    row.topic,
    String(row.weight),
    String(row.curated),
    String(row.generated),
    row.perWeightPoint.toFixed(1),
    String(row.needed),
    ...biasCells(row.lengthBias),
    `${hitsOf(row.topic, 'error')}/${hitsOf(row.topic, 'review')}`,
  ]);
  const curated = report.topics.reduce((n, row) => n + row.curated, 0);
  const generated = report.topics.reduce((n, row) => n + row.generated, 0);
  rows.push(['all', '', String(curated), String(generated), '', '', ...biasCells(report.overall), `${hitsOf(null, 'error')}/${hitsOf(null, 'review')}`]);
  const header = ['topic', 'weight', 'curated', 'generated', 'per point', 'needed', 'longest right', 'chance', 'z', '>30% longer', 'errata err/review'];
  const lines = [
    `quality thresholds: at least ${t.perWeightPointFloor} questions per exam-weight point; "longest right" (curated single choice, correct option`,
    `at least as long as every other, ties count, code points) fails when z > ${t.zCritical} (one-sided 5 %, Poisson-binomial mean Σ1/k,`,
    `variance Σ(1/k)(1-1/k), per topic and overall); ">30% longer": the correct option is longer than ${t.muchLongerRatio}× every other; any errata error fails.`,
    align(header, rows),
  ];
  if (report.errataHits.length > 0) {
    lines.push('errata hits:');
    for (const hit of report.errataHits) lines.push(`  ${hit.severity === 'error' ? 'error ' : 'review'} [${hit.questionId}] ${hit.message}`);
  }
  return `${lines.join('\n')}\n`;
}

async function check(args: CliArgs): Promise<number> {
  const dir = flagString(args, 'dir') ?? 'data/questions';
  const notesDir = flagString(args, 'notes') ?? 'data/notes';
  const json = args.flags.has('json');
  try {
    const kb = loadKnowledgeBase(notesDir);
    const errata = loadNotesErrata(notesDir);
    const { bank, curated, generated } = loadQuestionBank(dir, kb, { errata });
    const perTopic = countByTopic(bank.questions);
    const quality = checkBankQuality(bank, kb, { errata });
    const failed = quality.problems.length > 0;
    if (json) {
      const errataHits = quality.errataHits.map(({ erratum, ...hit }) => ({ ...hit, file: erratum.file, line: erratum.line }));
      writeJson({ ok: !failed, valid: true, curated, generated, total: bank.questions.length, perTopic, quality: { ...quality, errataHits } });
    } else {
      process.stdout.write(`question bank valid: ${bank.questions.length} questions (${curated} curated in ${dir}, ${generated} generated from ${notesDir})\n${table(perTopic)}\n\n`);
      process.stdout.write(qualityText(quality, bank));
    }
    if (failed) process.stderr.write(`question bank quality fails (${quality.problems.length} problem(s)):\n${quality.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof QuestionBankError) {
      if (json) writeJson({ ok: false, problems: error.problems });
      process.stderr.write(`question bank is broken (${error.problems.length} problem(s)):\n${error.problems.map(formatProblem).join('\n')}\n`);
      return 1;
    }
    if (error instanceof ErrataError) {
      if (json) writeJson({ ok: false, problems: error.problems.map((message) => ({ file: notesDir, questionId: null, message })) });
      process.stderr.write(`error: ${error.message}\n`);
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
