/** The shipped bank (data/questions + questions generated from data/notes) is valid and grounded. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/notes/index.ts';
import type { KnowledgeBase } from '../../src/notes/types.ts';
import { checkGrounding, GENERATED_FILE, generateQuestions, loadNotesErrata, loadQuestionBank, type LoadedBank } from '../../src/questions/index.ts';

let kb: KnowledgeBase;
let loaded: LoadedBank;
beforeAll(async () => {
  kb = await loadKnowledgeBase('data/notes');
  loaded = loadQuestionBank('data/questions', kb, { errata: loadNotesErrata('data/notes') });
});

describe('shipped question bank', () => {
  it('loads without problems and covers every kind', () => {
    expect(loaded.curated).toBeGreaterThan(0);
    expect(loaded.generated).toBeGreaterThan(0);
    const kinds = new Set(loaded.bank.questions.filter((q) => !q.generated).map((q) => q.kind));
    expect([...kinds].sort()).toEqual(['fill-in', 'multiple', 'single']);
  });

  it('every question is grounded in the entry it cites', () => {
    expect(checkGrounding(loaded.bank.questions, kb)).toEqual([]);
  });

  it('generated questions are deterministic, marked and kept apart from the files', () => {
    const generated = loaded.bank.questions.filter((q) => q.generated);
    expect(generated.length).toBe(loaded.generated);
    for (const q of generated) expect(loaded.bank.fileOf.get(q.id)).toBe(GENERATED_FILE);
    expect(generateQuestions(kb)).toEqual(generateQuestions(kb));
  });

  it('has questions for every topic of the notes', () => {
    expect([...loaded.bank.byTopic.keys()].sort()).toEqual(kb.topics.map((t) => t.id).sort());
  });
});
