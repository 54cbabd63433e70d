import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAM_TOPIC_WEIGHTS, ExamDataError, loadExam, parseExam } from '../../src/exam/index.ts';

const shipped = JSON.parse(readFileSync('data/exam.json', 'utf8')) as Record<string, unknown>;

function problem(json: unknown): string {
  try {
    parseExam(json, 'exam.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ExamDataError);
    return (error as Error).message;
  }
  throw new Error('expected an ExamDataError');
}

describe('exam data', () => {
  it('is the LPI 304 exam of data/exam.json, weights included', () => {
    const EXAM = loadExam();
    expect(EXAM).toMatchObject({ name: 'LPI 304', questionCount: 60, minutes: 90, passingScore: 500, scale: { min: 200, max: 800 } });
    expect({ ...EXAM_TOPIC_WEIGHTS }).toEqual({ '330.1': 8, '330.2': 9, '330.3': 9, '330.4': 3, '330.5': 5, '330.6': 2 });
    expect(Object.entries(EXAM_TOPIC_WEIGHTS)).toHaveLength(6);
    expect(EXAM_TOPIC_WEIGHTS['330.3']).toBe(9);
    expect('330.7' in EXAM_TOPIC_WEIGHTS).toBe(false);
    expect(EXAM.topics.find((t) => t.id === '330.5')?.name).toBe('Libvirt and Related Tools');
  });

  it('another exam is only other data', () => {
    const other = parseExam({ ...shipped, name: 'LPI 305-300', topics: [{ id: '351.1', name: 'Virtualization Concepts', weight: 6 }] });
    expect(other.name).toBe('LPI 305-300');
    expect(other.topics).toEqual([{ id: '351.1', name: 'Virtualization Concepts', weight: 6 }]);
  });

  it('a broken file gives one line naming the file and the field', () => {
    const topics = shipped.topics as object[];
    const messages = [
      problem({ ...shipped, topics: [{ id: '330.1', name: 'x', weight: 'eight' }] }),
      problem({ ...shipped, passingScore: 900 }),
      problem({ ...shipped, topics: [...topics, topics[0]] }),
      problem({ ...shipped, extra: 1 }),
      problem(null),
    ];
    for (const message of messages) {
      expect(message).not.toContain('\n');
      expect(message.startsWith('exam.json: ')).toBe(true);
    }
    expect(messages[0]).toMatch(/^exam\.json: topics\.0\.weight: /);
    expect(messages[1]).toMatch(/passingScore: must lie on the scale 200–800/);
    expect(messages[2]).toMatch(/topic "330.1" is listed twice/);
  });

  it('limits that Discord imposes are checked, not left to today\'s data', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ id: `330.${i + 1}`, name: `Topic ${i + 1}`, weight: 1 }));
    const messages = [
      problem({ ...shipped, topics: many }),
      problem({ ...shipped, topics: [{ id: '330.1', name: 'x'.repeat(91), weight: 1 }] }),
      problem({ ...shipped, questionCount: 76 }),
    ];
    for (const message of messages) expect(message).not.toContain('\n');
    expect(messages[0]).toMatch(/^exam\.json: topics: must list at most 25 topics/);
    expect(messages[1]).toMatch(/^exam\.json: topics\.0\.name: must be at most 90 characters/);
    expect(messages[2]).toMatch(/^exam\.json: questionCount: must be at most 75/);
    expect(parseExam({ ...shipped, questionCount: 75, topics: many.slice(0, 25) }).questionCount).toBe(75);
  });
});
