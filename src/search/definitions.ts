/**
 * Which entries define a name, so that `/term kvm` leads with "KVM (Kernel-based Virtual Machine) é…" instead
 * of a command line that merely starts with `kvm`. Read from the first sentence of each entry, once per engine.
 *
 * Strength, strongest first:
 * - DEFINES: the first sentence says what the name is: "X é / são / significa / se refere", with an optional
 *   expansion or apposition in between ("KVM (Kernel-based Virtual Machine) é", "Hypervisor, também chamado
 *   de VMM, é"), or names it: "conhecido como X", "chamado X".
 * - OPENS_SECTION: the first entry of a section, prose, opening with the name as its subject ("O Xen Project cria…").
 * - NAMED_SECTION: the first entry of a section, prose, whose heading names it ("Basic technical knowledge of
 *   libvirt and virsh" → "Exemplo de uso geral do comando virsh").
 * Commands and configuration code never count: they show a name in use, they do not define it.
 */
import type { Entry } from '../notes/types.ts';
import { fold, stem } from './normalize.ts';
import { headingKey } from './signals.ts';

export const DEFINES = 3;
export const OPENS_SECTION = 2;
export const NAMED_SECTION = 1;

const PROSE = new Set(['paragraph', 'term', 'list', 'table-row', 'path']);
const SECTION_PROSE = new Set(['paragraph', 'term', 'list']);
// Latin letters spelled out: \p{L} classes cost milliseconds to compile, on the first query after a start.
const LETTER = 'A-Za-z0-9À-ÖØ-öø-ÿ';
const UPPER = 'A-ZÀ-ÖØ-Þ';
const NAME = String.raw`([${LETTER}][${LETTER}_+-]*(?:\.[${LETTER}]+)*)`;
// Lower-cased text, accents kept: "é" (is) must not be mistaken for "e" (and).
// "é"/"são" must introduce a noun phrase ("é uma solução"), not a passive or an adjective ("são criadas", "é muito");
// the name must be the subject, not the end of a phrase ("o planejamento de CPU no OpenVZ é uma…").
const PREPOSITION = String.raw`(?:no|na|nos|nas|do|da|dos|das|de|em|sob|sobre|para|com|pelo|pela|of|in|on|for|with|by|under)`;
const COPULA = new RegExp(
  String.raw`(?:^|(?<=[\s(,;:"'])(?<!(?:^|\s)${PREPOSITION}\s))${NAME}(?:\s+project)?(?:\s*\([^()]{1,80}\))?(?:\s*,[^,]{1,80},)?\s+(?:(?:não\s+)?(?:é|são|is|are)\s+(?:um|uma|uns|umas|o|a|os|as|an?|the)|significa|se refere|refere-se)(?=\s)`,
  'g',
);
const NAMING = new RegExp(String.raw`(?:conhecid[oa]s?\s+como|chamad[oa]s?(?:\s+de)?|known\s+as|called)\s+${NAME}`, 'g');
// On the sentence as written: "O Xen Project cria…" opens with Xen; "O Xen Storage se refere…" with Xen Storage.
const SUBJECT = new RegExp(String.raw`^(?:(?:[Oo]s?|[Aa]s?|[Tt]he)\s+)?${NAME}(?:\s+Project)?(?!\s+[${UPPER}])(?=[\s,:;]|$)`);

/** The entry's first sentence as written, without the leading bullet. */
function firstSentence(text: string): string {
  const body = text.replace(/^[\s•*\-–]+/, '');
  const end = body.search(/[.!?](?:\s|$)/);
  return (end === -1 ? body : body.slice(0, end)).slice(0, 400);
}

function nameKey(name: string): string {
  return stem(fold(name));
}

/**
 * The names one entry defines, as stems, with the strongest reason found. `leadsSection`: the entry is the first
 * of its section. Computed per entry on demand (a query looks only at the entries it touches).
 */
export function definedNames(entry: Entry, leadsSection: boolean): Map<string, number> {
  const names = new Map<string, number>();
  const add = (key: string, strength: number) => {
    if (key && (names.get(key) ?? 0) < strength) names.set(key, strength);
  };
  const sentence = firstSentence(entry.text);
  const lower = sentence.toLowerCase();
  if (PROSE.has(entry.kind)) {
    for (const match of lower.matchAll(COPULA)) add(nameKey(match[1]!), DEFINES);
    for (const match of lower.matchAll(NAMING)) add(nameKey(match[1]!), DEFINES);
  }
  if (leadsSection && SECTION_PROSE.has(entry.kind)) {
    const subject = SUBJECT.exec(sentence);
    if (subject) add(nameKey(subject[1]!), OPENS_SECTION);
    // headingKey's words are stems already.
    for (const word of headingKey(entry.sectionPath.at(-1) ?? '').split(' ')) add(word, NAMED_SECTION);
  }
  return names;
}

/**
 * What a cheap look before definedNames reads: the folded first sentence and, for a section's first entry, its
 * folded heading ('' when the entry cannot define anything). Kept per entry by the engine.
 */
export function definitionProbe(entry: Entry, leadsSection: boolean): string {
  if (!PROSE.has(entry.kind)) return '';
  const sentence = fold(firstSentence(entry.text));
  return leadsSection ? `${sentence}\n${fold(entry.sectionPath.at(-1) ?? '')}` : sentence;
}

/** Per entry, whether it is the first of its section (entries in notes order). */
export function sectionLeaders(entries: readonly Entry[]): boolean[] {
  const seen = new Set<string>();
  return entries.map((entry) => !seen.has(entry.sectionId) && Boolean(seen.add(entry.sectionId)));
}
