/**
 * `cli term "<query>" [--json] [--limit N]` — search the notes like the bot's /term does.
 * `cli term --json --stdin [--limit N]` — one query per input line, one JSON object per output line, in order,
 * each written as soon as its line arrives.
 * Options: --notes <dir> (default data/notes), --synonyms <file> (default data/synonyms.json).
 *
 * JSON (stdout carries nothing else): {"query", "results": [{"id", "title", "topic", "section", "kind", "text", "score"}],
 * "suggestions": [string]} — results best first, `text` the full text the bot shows, `section` the section path
 * joined with " > ", `query` the query as given.
 */
import { createInterface } from 'node:readline';
import { flagString, writeJson, type CliArgs } from '../args.ts';
import { clip } from '../../format/text.ts';
import { loadSearchEngine, type SearchEngine, type SearchResponse } from '../../search/index.ts';

const USAGE = 'usage: cli term "<query>" [--json] [--limit N] | cli term --stdin [--json] [--limit N]  [--notes <dir>] [--synonyms <file>]';
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;

export interface TermJson {
  query: string;
  results: Array<{ id: string; title: string; topic: string; section: string; kind: string; text: string; score: number }>;
  suggestions: string[];
}

export function toJson(query: string, response: SearchResponse): TermJson {
  return {
    query,
    results: response.results.map(({ entry, score }) => ({
      id: entry.id,
      title: entry.title,
      topic: entry.topicId,
      section: entry.sectionPath.join(' > '),
      kind: entry.kind,
      text: entry.text,
      score,
    })),
    suggestions: response.suggestions,
  };
}

function indent(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `   ${clip(flat, max)}`;
}

export function toHuman(query: string, response: SearchResponse): string {
  const lines: string[] = [];
  if (response.results.length === 0) {
    lines.push(`Nothing in the notes for "${query.trim()}".`);
    if (response.suggestions.length > 0) lines.push(`Did you mean: ${response.suggestions.join(', ')}?`);
    return lines.join('\n');
  }
  lines.push(`"${response.query}" — ${response.results.length} result${response.results.length === 1 ? '' : 's'}`);
  response.results.forEach(({ entry, score }, i) => {
    const where = [entry.topicId, entry.sectionPath.join(' > ')].filter(Boolean).join(' · ');
    lines.push('', `${i + 1}. ${entry.title}  [${entry.kind} · ${where}]  score ${score}`);
    lines.push(i === 0 ? entry.text.split('\n').map((l) => `   ${l}`).join('\n') : indent(entry.text, 160));
  });
  return lines.join('\n');
}

function answer(engine: SearchEngine, query: string, limit: number, json: boolean): void {
  const response = engine.search(query, { limit });
  if (json) writeJson(toJson(query, response));
  else process.stdout.write(`${toHuman(query, response)}\n${'-'.repeat(60)}\n`);
}

export default async function term(args: CliArgs): Promise<number> {
  const json = args.flags.has('json');
  const stdin = args.flags.has('stdin');
  const limitFlag = args.flags.get('limit');
  const limit = limitFlag === undefined ? DEFAULT_LIMIT : Number(limitFlag);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    process.stderr.write(`--limit must be an integer from 1 to ${MAX_LIMIT}\n${USAGE}\n`);
    return 2;
  }
  const query = args.positional.join(' ');
  if (!stdin && query.trim() === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const engine = await loadSearchEngine(flagString(args, 'notes'), { synonymsPath: flagString(args, 'synonyms') });
  if (!stdin) {
    answer(engine, query, limit, json);
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) answer(engine, line, limit, json);
  return 0;
}
