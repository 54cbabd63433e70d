/**
 * `cli notes stats [--json] [--dir data/notes]`   counts of topics, sections and entries (by kind, per topic)
 * `cli notes list [--topic 330.2] [--kind command] [--json] [--dir …]`   entry ids and titles
 * `cli notes show <entry-id> [--json] [--dir …]`   one entry in full
 */
import { flagString, writeJson, type CliArgs, type CliCommand } from '../args.ts';
import { entryById, loadKnowledgeBase, NotesError, notesStats, topicLabel, type KnowledgeBase } from '../../notes/index.ts';

const USAGE = 'usage: cli notes <stats|list|show <id>> [--json] [--dir <notes folder>] [--topic <id>] [--kind <kind>]\n';

const notes: CliCommand = async (args) => {
  const [sub, ...rest] = args.positional;
  if (args.flags.has('help') || !sub || !['stats', 'list', 'show'].includes(sub)) {
    process.stderr.write(USAGE);
    return args.flags.has('help') ? 0 : 2;
  }
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledgeBase(flagString(args, 'dir') ?? 'data/notes');
  } catch (error) {
    if (error instanceof NotesError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (sub === 'stats') return stats(kb, args);
  if (sub === 'list') return list(kb, args);
  return show(kb, args, rest[0]);
};

function stats(kb: KnowledgeBase, args: CliArgs): number {
  const result = notesStats(kb);
  if (args.flags.has('json')) {
    writeJson(result);
    return 0;
  }
  const kinds = (byKind: Record<string, number>): string =>
    Object.entries(byKind)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
  const out = [
    `Notes: ${result.sources.join(', ')}`,
    `${result.topics} topics, ${result.sections} sections, ${result.entries} entries (${kinds(result.byKind)})`,
    ...result.perTopic.map(
      (topic) =>
        `  ${topicLabel(topic)}${topic.weight === null ? '' : ` (weight ${topic.weight})`}: ${topic.sections} sections, ${topic.entries} entries (${kinds(topic.byKind)})`,
    ),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function list(kb: KnowledgeBase, args: CliArgs): number {
  const topic = flagString(args, 'topic');
  const kind = flagString(args, 'kind');
  const entries = kb.entries.filter((entry) => (!topic || entry.topicId === topic) && (!kind || entry.kind === kind));
  if (args.flags.has('json')) {
    writeJson(entries.map(({ id, topicId, kind: k, title, identifiers }) => ({ id, topicId, kind: k, title, identifiers })));
    return 0;
  }
  process.stdout.write(entries.map((entry) => `${entry.id}\t${entry.kind}\t${entry.title}`).join('\n') + '\n');
  return 0;
}

function show(kb: KnowledgeBase, args: CliArgs, id: string | undefined): number {
  const entry = id ? entryById(kb).get(id) : undefined;
  if (!entry) {
    process.stderr.write(id ? `error: no entry with id '${id}'\n` : USAGE);
    return id ? 1 : 2;
  }
  if (args.flags.has('json')) {
    writeJson(entry);
    return 0;
  }
  process.stdout.write(
    `${entry.title}\n[${entry.kind}] ${entry.id} — ${entry.topicId} › ${entry.sectionPath.join(' › ')} (${entry.source}:${entry.lineStart}-${entry.lineEnd})\n` +
      (entry.identifiers.length ? `identifiers: ${entry.identifiers.join(', ')}\n` : '') +
      `\n${entry.text}\n`,
  );
  return 0;
}

export default notes;
