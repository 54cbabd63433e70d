/**
 * The engine on the real notes and the hand-written query set (tests/search/queries.json): prints
 * precision@1, recall@3 and MRR, and fails below 0.9 / 0.97, or if a must-find-nothing query finds anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearchEngine, type SearchEngine } from '../../src/search/index.ts';
import { evaluate, loadQuerySet, QUERY_TYPES, type QualityReport } from '../support/search/quality.ts';

const queries = loadQuerySet();
let engine: SearchEngine;
let report: QualityReport;

beforeAll(async () => {
  engine = await loadSearchEngine();
  report = evaluate(queries, (q) => engine.search(q, { limit: 10 }).results.map((r) => r.entry.id));
  const lines = [
    `query set: ${report.positives} queries with an answer, ${report.negatives} that must find nothing`,
    `precision@1 ${report.precisionAt1.toFixed(3)}   recall@3 ${report.recallAt3.toFixed(3)}   MRR ${report.mrr.toFixed(3)}   ` +
      `must-find-nothing answered: ${report.falsePositives}`,
  ];
  for (const type of QUERY_TYPES) {
    const outcomes = report.outcomes.filter((o) => o.query.type === type);
    if (outcomes.length > 0) lines.push(`  ${type.padEnd(11)} ${outcomes.filter((o) => o.ok).length}/${outcomes.length}`);
  }
  for (const miss of report.outcomes.filter((o) => !o.ok)) {
    lines.push(`  miss: ${JSON.stringify(miss.query.q)} rank ${miss.rank || '-'} → got ${miss.returned.slice(0, 3).join(', ') || 'nothing'}`);
  }
  console.log(lines.join('\n'));
});

describe('search quality on the shipped notes', () => {
  it('has a query set of the required shape', () => {
    expect(queries.length).toBeGreaterThanOrEqual(100);
    expect(queries.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(10);
    for (const type of QUERY_TYPES) expect(queries.some((q) => q.type === type), type).toBe(true);
  });

  it('expects only entries that exist', () => {
    const missing = queries.flatMap((q) => q.expect.filter((id) => engine.get(id) === undefined).map((id) => `${q.q} → ${id}`));
    expect(missing).toEqual([]);
  });

  it('reaches precision@1 ≥ 0.9, recall@3 ≥ 0.97', () => {
    expect(report.precisionAt1).toBeGreaterThanOrEqual(0.9);
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.97);
  });

  it('returns nothing for every query the notes do not cover', () => {
    const answered = report.outcomes.filter((o) => o.query.expect.length === 0 && o.returned.length > 0);
    expect(answered.map((o) => `${o.query.q} → ${o.returned[0]}`)).toEqual([]);
  });
});
