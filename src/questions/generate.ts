/**
 * Questions generated from the knowledge base, deterministically (same notes → same questions and ids),
 * marked `generated: true`. Two families, each kept only when clean:
 *
 * - command: "Qual comando usar para listar VM?" from a command entry ("* Listar VM" + "# xe vm-list").
 *   The answer is the entry's "program subcommand" identifier; distractors are sibling subcommands of the same
 *   program whose descriptions differ (never one whose description equals, contains or is contained in the
 *   asked one, never the same identifier), so no distractor is also right.
 * - term: "Qual termo corresponde a: “Um protocolo extremamente simples…”?" from "• nbd: Um protocolo…"
 *   bullets; distractors are the other terms defined the same way in the same section. Skipped when the
 *   definition gives the term away (it contains the term or a word of it).
 */
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { checkGrounding } from './grounding.ts';
import { foldForSearch } from './normalize.ts';
import { hash32, slug } from './random.ts';
import type { ChoiceOption, Question, SingleChoiceQuestion } from './types.ts';
import { questionRuleProblems, sourceProblems } from './validate.ts';

const MAX_OPTIONS = 4;
const STOPWORDS = new Set(['para', 'como', 'com', 'uma', 'umas', 'dos', 'das', 'que', 'por', 'sem', 'pelo', 'pela', 'seu', 'sua', 'the']);
const THIRD_PERSON = new Set(['lista', 'adiciona', 'mostra', 'exibe', 'remove', 'finaliza', 'cria', 'inicia', 'altera', 'define']);

function contentWords(text: string): Set<string> {
  return new Set(
    foldForSearch(text)
      .split(/[^a-z0-9_-]+/)
      .filter((word) => word.length >= 3 && !STOPWORDS.has(word)),
  );
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const word of a) if (!b.has(word)) return false;
  return true;
}

/** Crude plural folding so "cluster" and "clusters" count as one word. */
function stems(text: string): Set<string> {
  return new Set([...contentWords(text)].map((word) => word.replace(/(?:es|s)$/, '')));
}

/** Definitions sharing half of the shorter one's content words (or two words) could describe either term. */
function definitionsClose(a: string, b: string): boolean {
  const sa = stems(a);
  const sb = stems(b);
  let shared = 0;
  for (const word of sa) if (sb.has(word)) shared++;
  return shared >= 2 || shared * 2 >= Math.min(sa.size, sb.size);
}

/** Descriptions too close to tell apart: equal, one containing the other, or same content words one way. */
function overlaps(asked: string, other: string): boolean {
  const a = foldForSearch(asked);
  const b = foldForSearch(other);
  if (a === b || a.includes(b) || b.includes(a)) return true;
  const wa = contentWords(asked);
  const wb = contentWords(other);
  return wa.size > 0 && wb.size > 0 && (isSubset(wa, wb) || isSubset(wb, wa));
}

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Deterministic order: by hash of (key, text). */
function hashOrder<T>(items: T[], key: string, text: (item: T) => string): T[] {
  return [...items].sort((a, b) => hash32(`${key}|${text(a)}`) - hash32(`${key}|${text(b)}`) || text(a).localeCompare(text(b)));
}

/** The correct option goes to a position derived from the id, the rest keep their order. */
function placeCorrect(id: string, correct: string, distractors: string[]): ChoiceOption[] {
  const options = distractors.map((text) => ({ text, correct: false }));
  options.splice(hash32(id) % (distractors.length + 1), 0, { text: correct, correct: true });
  return options;
}

interface CommandFact {
  entry: Entry;
  identifier: string;
  program: string;
  description: string;
  commandLine: string;
}

const PROMPT_LINE = /^\s*(?:#\s*\(qemu\)\s*|#\s*\$\s+|[#$]\s*)(\S.*)$/;

/** "* Listar VM" directly followed by "# xe vm-list" → the description and the command line. */
function commandFact(entry: Entry): CommandFact | null {
  const identifier = entry.identifiers.find((id) => /^[a-z][\w.+-]*\s[a-z][a-z_-]*[a-z]$/.test(id));
  if (!identifier) return null;
  const lines = entry.text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const star = /^\*\s+(\S.*?)[\s:]*$/.exec(lines[i]!);
    const command = PROMPT_LINE.exec(lines[i + 1]!);
    if (!star || !command) continue;
    const commandLine = command[1]!.trim();
    const words = commandLine.split(/\s+/);
    const [program, sub] = identifier.split(' ') as [string, string];
    if (words[0] !== program || !words.includes(sub)) continue;
    const description = star[1]!
      .replace(/^(?:o|este) comando (?:abaixo|a seguir)\s+/i, '')
      .replace(/\s*;.*$/, '')
      .replace(/,?\s*(?:executar|digitar|utilizar|usar)\s+o\s+comando$/i, '')
      .replace(/[\s.:,;]+$/, '');
    return { entry, identifier, program, description, commandLine };
  }
  return null;
}

/** "Qual comando…" for full commands, "Qual subcomando do virsh…" when the notes spell it with options in between. */
function commandPrompt(description: string, subcommandOf: string | null): string | null {
  const question = commandQuestion(description);
  return question && subcommandOf ? question.replace(/^Qual comando/, `Qual subcomando do ${subcommandOf}`) : question;
}

function commandQuestion(description: string): string | null {
  if (description.length > 110 || description.split(/\s+/).length < 2) return null;
  const first = foldForSearch(description.split(/\s+/)[0]!);
  if (/^para$/.test(first)) return `Qual comando usar ${lowerFirst(description)}?`;
  if (/^[a-z]{3,}(?:ar|er|ir)$/.test(first)) return `Qual comando usar para ${lowerFirst(description)}?`;
  if (THIRD_PERSON.has(first)) return `Qual comando ${lowerFirst(description)}?`;
  // Noun phrases: "Criação de uma VM", "Informação de um Pool", "Dump das configurações XML de um volume".
  if (/^(?:[a-z]+(?:cao|coes)|dump)$/.test(first) && description.split(/\s+/).length >= 3 && !/[,.!?]/.test(description)) {
    return `Qual comando corresponde a: “${description}”?`;
  }
  return null;
}

export function generateCommandQuestions(kb: KnowledgeBase): SingleChoiceQuestion[] {
  const facts = kb.entries.filter((entry) => entry.kind === 'command').map(commandFact).filter((fact) => fact !== null);
  const questions: SingleChoiceQuestion[] = [];
  for (const fact of facts) {
    const sub = fact.identifier.split(' ')[1]!;
    if (contentWords(fact.description).has(sub)) continue; // the description names the answer
    // Options must be quoted from the notes: "virsh -c qemu:///system list" gives "list", not "virsh list".
    const verbatim = foldForSearch(fact.entry.text).includes(foldForSearch(fact.identifier));
    const prompt = commandPrompt(fact.description, verbatim ? null : fact.program);
    if (!prompt) continue;
    const optionText = (identifier: string) => (verbatim ? identifier : identifier.split(' ')[1]!);
    const id = `${fact.entry.topicId}-gen-cmd-${slug(fact.identifier)}-${hash32(fact.entry.id).toString(36)}`;
    const siblings = new Map<string, CommandFact>();
    for (const other of facts) {
      if (other.program !== fact.program || other.identifier === fact.identifier || siblings.has(other.identifier)) continue;
      // A sibling is out if any of its descriptions could also answer the question.
      const clash = facts.some((f) => f.identifier === other.identifier && overlaps(fact.description, f.description));
      if (!clash) siblings.set(other.identifier, other);
    }
    const distractors = hashOrder([...siblings.keys()], id, (text) => text).slice(0, MAX_OPTIONS - 1).map(optionText);
    if (distractors.length < 2) continue;
    questions.push({
      id,
      topic: fact.entry.topicId,
      kind: 'single',
      prompt,
      options: placeCorrect(id, optionText(fact.identifier), distractors),
      explanation: `Nas notas (${fact.entry.sectionPath.join(' › ') || fact.entry.topicId}): “${fact.description}” → ${fact.commandLine}`,
      source: fact.entry.id,
      sourceQuote: fact.commandLine,
      generated: true,
    });
  }
  return questions;
}

interface TermFact {
  entry: Entry;
  term: string;
  definition: string;
}

function termFact(entry: Entry): TermFact | null {
  if (entry.title.length > 40 || entry.title.split(/\s+/).length > 4) return null;
  for (const line of entry.text.split('\n')) {
    const match = /^\s*•\s*(.+?):\s+(\S.*)$/u.exec(line);
    if (!match || match[1]!.trim() !== entry.title) continue;
    const sentence = /^(.{20,}?[.!?])(?:\s|$)/.exec(match[2]!.trim())?.[1] ?? match[2]!.trim();
    const definition = sentence.replace(/\s+/g, ' ');
    if (definition.length < 25 || definition.length > 160 || definition.split(' ').length < 5) return null;
    return { entry, term: entry.title, definition };
  }
  return null;
}

/**
 * The definition names the term or a word of it (short words exactly, longer ones inside another word, or
 * sharing a 6-letter stem across languages, "instances"/"instância"): it would give the answer away.
 */
function givesAway(fact: TermFact): boolean {
  const split = (text: string) => foldForSearch(text).split(/[^a-z0-9_]+/).filter((word) => word.length >= 2);
  const termWords = split(fact.term).filter((word) => !STOPWORDS.has(word) && word !== 'de' && word !== 'e');
  return split(fact.definition).some((word) =>
    termWords.some((term) => {
      if (term.length < 4 || word.length < 4) return word === term;
      return word.includes(term) || term.includes(word) || (term.length >= 6 && word.length >= 6 && term.slice(0, 6) === word.slice(0, 6));
    }),
  );
}

export function generateTermQuestions(kb: KnowledgeBase): SingleChoiceQuestion[] {
  const facts = kb.entries.filter((entry) => entry.kind === 'term').map(termFact).filter((fact) => fact !== null);
  const questions: SingleChoiceQuestion[] = [];
  for (const fact of facts) {
    if (givesAway(fact)) continue;
    const id = `${fact.entry.topicId}-gen-term-${slug(fact.term)}-${hash32(fact.entry.id).toString(36)}`;
    const siblings = facts.filter(
      (other) =>
        other.entry.sectionId === fact.entry.sectionId &&
        foldForSearch(other.term) !== foldForSearch(fact.term) &&
        !overlaps(other.definition, fact.definition) &&
        !definitionsClose(other.definition, fact.definition),
    );
    const names = [...new Set(siblings.map((other) => other.term))];
    const distractors = hashOrder(names, id, (text) => text).slice(0, MAX_OPTIONS - 1);
    if (distractors.length < 2) continue;
    questions.push({
      id,
      topic: fact.entry.topicId,
      kind: 'single',
      prompt: `Segundo as notas, qual termo corresponde a: “${fact.definition}”?`,
      options: placeCorrect(id, fact.term, distractors),
      explanation: `${fact.term}: ${fact.definition}`,
      source: fact.entry.id,
      sourceQuote: fact.definition,
      generated: true,
    });
  }
  return questions;
}

/** All generated questions, each passing the same rules and grounding as curated ones. */
export function generateQuestions(kb: KnowledgeBase): Question[] {
  const entries = new Map(kb.entries.map((entry) => [entry.id, entry]));
  const all: Question[] = [...generateCommandQuestions(kb), ...generateTermQuestions(kb)];
  const seen = new Set<string>();
  const clean = all.filter((question) => {
    if (seen.has(question.id)) return false;
    seen.add(question.id);
    return questionRuleProblems(question).length === 0 && sourceProblems(question, entries).length === 0;
  });
  const ungrounded = new Set(checkGrounding(clean, kb).map((problem) => problem.questionId));
  return clean.filter((question) => !ungrounded.has(question.id));
}
