/** The structured model of a group's notes: what the parser produces and everything else reads. */

export type EntryKind =
  | 'term' // a term and its definition ("• Hypervisor" bullets)
  | 'command' // a command with the sentence that describes it ("* Listar VM" + "# xe vm-list")
  | 'path' // a configuration file or path and what it holds
  | 'table-row' // one row of a table (xl list states, cache policies, OpenStack services...)
  | 'code' // a code or configuration block with its caption
  | 'list' // a list of items under a caption (objectives, pros and cons...)
  | 'paragraph'; // prose that fits none of the above

export interface Topic {
  /** "330.1" … "330.6" for the LPI notes; another group's notes may use any short code. */
  id: string;
  title: string;
  weight: number | null;
  /** Key Knowledge Areas, as listed in the notes. */
  objectives: string[];
  /** "Terms and Utilities" / "partial list of the used files, terms and utilities". */
  terms: string[];
  source: string;
  lineStart: number;
  lineEnd: number;
}

export interface Section {
  id: string;
  topicId: string;
  /** Headings from the topic down to this section, topic title excluded. */
  path: string[];
  title: string;
  source: string;
  lineStart: number;
  lineEnd: number;
}

export interface Entry {
  /** Stable across re-parsing the same file: derived from topic, section and title, never from position alone. */
  id: string;
  topicId: string;
  sectionId: string;
  sectionPath: string[];
  title: string;
  kind: EntryKind;
  /** The full text the bot shows, as in the notes (commands and config kept verbatim). */
  text: string;
  /** Commands, paths and options the entry names verbatim, for exact matching. */
  identifiers: string[];
  source: string;
  /** 1-based, inclusive line range in the source file. */
  lineStart: number;
  lineEnd: number;
}

/** The lines of a file before its first topic: page title and export chrome ("Jump to: navigation, search"). */
export interface TitleBlock {
  source: string;
  title: string;
  lineStart: number;
  lineEnd: number;
}

export interface KnowledgeBase {
  sources: string[];
  topics: Topic[];
  sections: Section[];
  entries: Entry[];
  /** Optional: one per file that has lines before its first topic heading. */
  titleBlocks?: TitleBlock[];
}
