/** The notes entry embed stays within Discord's 6000-character total, whatever the entry's title and path. */
import { describe, expect, it } from 'vitest';
import { entryEmbed } from '../../../bot/render/entry.ts';
import { messages } from '../../../src/i18n/index.ts';
import type { Entry, Topic } from '../../../src/notes/types.ts';

describe('entry embed', () => {
  it('a long title, topic, text and section path still add up to at most 6000 characters', () => {
    const topic = { id: '330.1', title: 'T'.repeat(300), weight: 8, objectives: [], terms: [], source: 'notes.md', lineStart: 1 } as unknown as Topic;
    const entry: Entry = {
      id: 'e',
      topicId: '330.1',
      sectionId: 's',
      sectionPath: Array.from({ length: 30 }, (_, i) => `Section ${i} ${'s'.repeat(80)}`),
      title: 'Title '.repeat(60),
      kind: 'term',
      text: '',
      identifiers: [],
      source: 'notes.md',
      lineStart: 1,
      lineEnd: 2,
    };
    const embed = entryEmbed(entry, ['d'.repeat(3500)], topic, 0, messages('pt-BR')).toJSON();
    const total = (embed.author?.name.length ?? 0) + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.footer?.text.length).toBeGreaterThan(0);
  });
});
