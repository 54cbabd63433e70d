/** Entry ids are a contract: the question bank and the search tests cite them. Re-parsing must keep them. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryById, loadKnowledgeBase } from '../../src/notes/index.ts';

const ENTRY_ID = /"(330\.[1-6]-[a-z0-9.-]+)"/g;
/** Question ids look like entry ids but end in a counter ("330.2-xl-list-states-01"). */
const QUESTION_ID = /-\d{2,}$/;

function citedIds(): Map<string, string> {
  const files = [
    ...(existsSync('data/questions') ? readdirSync('data/questions').filter((f) => f.endsWith('.json')).map((f) => join('data/questions', f)) : []),
    ...(existsSync('tests/search/queries.json') ? ['tests/search/queries.json'] : []),
  ];
  const cited = new Map<string, string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(ENTRY_ID)) {
      if (!QUESTION_ID.test(match[1]!)) cited.set(match[1]!, file);
    }
  }
  return cited;
}

describe('cited entry ids', () => {
  it('resolves every entry id that the question bank and the search tests cite', () => {
    const ids = entryById(loadKnowledgeBase('data/notes'));
    const missing = [...citedIds()].filter(([id]) => !ids.has(id)).map(([id, file]) => `${file}: ${id}`);
    expect(missing).toEqual([]);
  });
});
