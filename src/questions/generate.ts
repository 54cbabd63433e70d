/**
 * Questions generated from the knowledge base, deterministically (same notes → same questions and ids),
 * marked `generated: true`. Two families, each kept only when it makes a fair exam question:
 *
 * - command: "Qual comando do `xe` usar para listar VM?" from a command entry ("* Listar VM" + "# xe vm-list").
 *   The prompt names the program; the description names an object ("Lista as opções atuais" does not) and has
 *   at least MIN_COMMAND_WORDS content words counting the program; no word of the answer's subcommand shares a
 *   stem with it ("Listar …" → "vm-list" is given away). Distractors are subcommands of the same program and
 *   family (virsh net-* against net-*, plain domain commands against plain ones) whose descriptions differ.
 * - term: "Qual termo corresponde a: “Um protocolo extremamente simples…”?" from "• nbd: Um protocolo…"
 *   bullets: the term is no heading or common word ("Algumas limitações", "Arquivos"), the definition has at
 *   least MIN_DEFINITION_WORDS content words and shares no stem with the term; distractors are the other terms
 *   of the section.
 *
 * Then: nothing is built from an entry holding a `fact` erratum; no two generated questions, and no generated and
 * curated question of the same topic, share a correct answer (the first in the notes' order stays); `typo` errata
 * are corrected in what is shown (prompt, options, explanation; sourceQuote stays a verbatim quote).
 */
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { correctTypos, errataInEntry, type Erratum } from './errata.ts';
import { contentWords, isHeadingLike, isVague, sharesStem } from './fairness.ts';
import { checkGrounding } from './grounding.ts';
import { foldForSearch, normalizeFillIn } from './normalize.ts';
import { hash32, slug } from './random.ts';
import type { ChoiceOption, Question, SingleChoiceQuestion } from './types.ts';
import { questionRuleProblems, sourceProblems } from './validate.ts';

const MAX_OPTIONS = 4;
/** Content words of a command question's description, the program included: "xl" + "pausar" + "guest". */
export const MIN_COMMAND_WORDS = 3;
/** Content words of a term's definition. */
export const MIN_DEFINITION_WORDS = 4;
const THIRD_PERSON = new Set(['lista', 'adiciona', 'mostra', 'exibe', 'remove', 'finaliza', 'cria', 'inicia', 'altera', 'define']);

export interface GenerateOptions {
  /** Errata of the notes: entries holding a `fact` erratum are skipped, `typo` errata are corrected. */
  errata?: readonly Erratum[];
  /** Curated questions: a generated question asking for an answer one of them (same topic) asks for is dropped. */
  curated?: readonly Question[];
}

function wordSet(text: string): Set<string> {
  return new Set(contentWords(text).filter((word) => word.length >= 3));
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const word of a) if (!b.has(word)) return false;
  return true;
}

/** Crude plural folding so "cluster" and "clusters" count as one word. */
function stems(text: string): Set<string> {
  return new Set([...wordSet(text)].map((word) => word.replace(/(?:es|s)$/, '')));
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
  const wa = wordSet(asked);
  const wb = wordSet(other);
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

/**
 * The question for a description, naming the program: "Qual comando do `xl` usar para pausar Guest?", or
 * "Qual subcomando do `virsh`…" when the notes spell the command with options in between.
 */
function commandPrompt(description: string, program: string, subcommand: boolean): string | null {
  const question = commandQuestion(description);
  if (!question) return null;
  return question.replace(/^Qual comando/, subcommand ? `Qual subcomando do \`${program}\`` : `Qual comando do \`${program}\``);
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

/**
 * Each command's family: "virsh|net" for net-list when at least MAX_OPTIONS - 1 subcommands of the program share
 * the prefix (so a question can offer two distractors of its family), else the program's plain commands ("virsh|").
 */
function familiesOf(facts: readonly CommandFact[]): (fact: CommandFact) => string {
  const prefixOf = (fact: CommandFact) => {
    const sub = fact.identifier.split(' ')[1]!;
    return `${fact.program}|${sub.includes('-') ? sub.slice(0, sub.indexOf('-')) : ''}`;
  };
  const members = new Map<string, Set<string>>();
  for (const fact of facts) members.set(prefixOf(fact), (members.get(prefixOf(fact)) ?? new Set()).add(fact.identifier));
  return (fact) => (members.get(prefixOf(fact))!.size >= MAX_OPTIONS - 1 ? prefixOf(fact) : `${fact.program}|`);
}

function commandFacts(kb: KnowledgeBase): CommandFact[] {
  return kb.entries.filter((entry) => entry.kind === 'command').map(commandFact).filter((fact) => fact !== null);
}

export function generateCommandQuestions(kb: KnowledgeBase): SingleChoiceQuestion[] {
  const facts = commandFacts(kb);
  const familyOf = familiesOf(facts);
  const questions: SingleChoiceQuestion[] = [];
  for (const fact of facts) {
    const sub = fact.identifier.split(' ')[1]!;
    if (isVague(fact.description) || contentWords(`${fact.program} ${fact.description}`).length < MIN_COMMAND_WORDS) continue;
    // "Listar VM" gives "vm-list" away; the family prefix ("vm-" of vm-start) is shared by every option, so it does not.
    const family = familyOf(fact).split('|')[1]!;
    if (sharesStem(fact.description, (family ? sub.slice(family.length + 1) : sub).replace(/[-_]/g, ' '))) continue;
    // Options must be quoted from the notes: "virsh -c qemu:///system list" gives "list", not "virsh list".
    const verbatim = foldForSearch(fact.entry.text).includes(foldForSearch(fact.identifier));
    const prompt = commandPrompt(fact.description, fact.program, !verbatim);
    if (!prompt) continue;
    const optionText = (identifier: string) => (verbatim ? identifier : identifier.split(' ')[1]!);
    const id = `${fact.entry.topicId}-gen-cmd-${slug(fact.identifier)}-${hash32(fact.entry.id).toString(36)}`;
    const siblings = new Map<string, CommandFact>();
    for (const other of facts) {
      if (other.program !== fact.program || other.identifier === fact.identifier || siblings.has(other.identifier)) continue;
      if (familyOf(other) !== familyOf(fact)) continue;
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
    if (definition.length > 160 || contentWords(definition).length < MIN_DEFINITION_WORDS) return null;
    return { entry, term: entry.title, definition };
  }
  return null;
}

/** How often each all-lowercase word occurs in the notes' entries (to tell a common word from a term). */
function lowercaseWordCounts(kb: KnowledgeBase): (word: string) => number {
  const counts = new Map<string, number>();
  for (const entry of kb.entries) {
    for (const word of entry.text.split(/[^\p{L}\p{N}_-]+/u)) {
      if (word.length > 0 && word === word.toLowerCase()) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return (word) => counts.get(word) ?? 0;
}

export function generateTermQuestions(kb: KnowledgeBase): SingleChoiceQuestion[] {
  const lowercaseUses = lowercaseWordCounts(kb);
  const facts = kb.entries
    .filter((entry) => entry.kind === 'term')
    .map(termFact)
    .filter((fact) => fact !== null && !isHeadingLike(fact.term, lowercaseUses)) as TermFact[];
  const questions: SingleChoiceQuestion[] = [];
  for (const fact of facts) {
    if (sharesStem(fact.definition, fact.term)) continue; // "Um nbd aprimorado…" gives "gnbd" away
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

/** Folded right answers: the correct options' texts, or every accepted fill-in answer. */
function answersOf(question: Question): string[] {
  const texts = question.kind === 'fill-in' ? question.answers : question.options.filter((o) => o.correct).map((o) => o.text);
  return texts.map(normalizeFillIn);
}

/** Typo errata corrected in what members read; sourceQuote stays the notes' verbatim text. */
function withTyposCorrected(question: SingleChoiceQuestion, errata: readonly Erratum[]): SingleChoiceQuestion {
  return {
    ...question,
    prompt: correctTypos(question.prompt, errata),
    explanation: correctTypos(question.explanation, errata),
    options: question.options.map((option) => ({ ...option, text: correctTypos(option.text, errata) })),
  };
}

/**
 * All generated questions, each passing the same rules and grounding as curated ones, none built from an errata'd
 * fact, none repeating another's answer (generated, or curated of the same topic), typos corrected.
 */
export function generateQuestions(kb: KnowledgeBase, options: GenerateOptions = {}): Question[] {
  const errata = options.errata ?? [];
  const entries = new Map(kb.entries.map((entry) => [entry.id, entry]));
  const all = [...generateCommandQuestions(kb), ...generateTermQuestions(kb)];
  const seen = new Set<string>();
  const clean = all.filter((question) => {
    if (seen.has(question.id)) return false;
    seen.add(question.id);
    return questionRuleProblems(question).length === 0 && sourceProblems(question, entries).length === 0;
  });
  const ungrounded = new Set(checkGrounding(clean, kb).map((problem) => problem.questionId));
  const answered = new Set((options.curated ?? []).flatMap((question) => answersOf(question).map((answer) => `${question.topic}|${answer}`)));
  const kept: Question[] = [];
  const byNotesOrder = (q: SingleChoiceQuestion) => entries.get(q.source)!.lineStart;
  for (const question of clean.filter((q) => !ungrounded.has(q.id)).sort((a, b) => byNotesOrder(a) - byNotesOrder(b))) {
    const entry = entries.get(question.source)!;
    const inEntry = errataInEntry(entry, errata);
    if (inEntry.some((item) => item.kind === 'fact')) continue;
    const keys = answersOf(question).map((answer) => `${question.topic}|${answer}`);
    if (keys.some((key) => answered.has(key))) continue;
    for (const key of keys) answered.add(key);
    kept.push(withTyposCorrected(question, inEntry)); // the entry's own typos: a phrase is a typo only where it was written
  }
  const order = new Map(all.map((question, index) => [question.id, index]));
  return kept.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
