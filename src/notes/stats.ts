/** Counts over a KnowledgeBase, for the CLI and for quick checks. */
import type { EntryKind, KnowledgeBase } from './types.ts';

export interface NotesStats {
  sources: string[];
  topics: number;
  sections: number;
  entries: number;
  byKind: Record<EntryKind, number>;
  perTopic: { id: string; title: string; weight: number | null; sections: number; entries: number; byKind: Record<EntryKind, number> }[];
}

const KINDS: EntryKind[] = ['term', 'command', 'path', 'table-row', 'code', 'list', 'paragraph'];

function emptyKinds(): Record<EntryKind, number> {
  return Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<EntryKind, number>;
}

export function notesStats(kb: KnowledgeBase): NotesStats {
  const byKind = emptyKinds();
  for (const entry of kb.entries) byKind[entry.kind]++;
  return {
    sources: kb.sources,
    topics: kb.topics.length,
    sections: kb.sections.length,
    entries: kb.entries.length,
    byKind,
    perTopic: kb.topics.map((topic) => {
      const entries = kb.entries.filter((entry) => entry.topicId === topic.id);
      const kinds = emptyKinds();
      for (const entry of entries) kinds[entry.kind]++;
      return {
        id: topic.id,
        title: topic.title,
        weight: topic.weight,
        sections: kb.sections.filter((section) => section.topicId === topic.id).length,
        entries: entries.length,
        byKind: kinds,
      };
    }),
  };
}
