/**
 * Text normalisation shared by indexing and querying: case/accent folding, Discord markup stripping,
 * tokenisation into words and "compound" tokens (commands, paths, options), and a light stemmer.
 *
 * Indexing and querying MUST go through the same functions, or exact matches silently stop matching.
 */

/** Longest query we look at. Discord allows 6,000 characters in a string option; nobody searches with that. */
export const MAX_QUERY_CHARS = 200;

/** Lower-case and strip diacritics (NFKD + drop combining marks): "Virtualização" → "virtualizacao". */
export function fold(text: string): string {
  // Plain ASCII (most commands, paths and English) needs no decomposition.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Remove Discord mentions, custom emoji, timestamps and Markdown decoration, keep the words.
 * `<@123>`, `<@!123>`, `<@&123>`, `<#123>`, `<:name:123>`, `<t:1700000000:R>`, `@everyone`, `@here`,
 * `**bold**`, `__under__`, `~~strike~~`, `||spoiler||`, `` `code` ``, `> quote`, `[text](url)`.
 * Single underscores survive (kvm_stat).
 */
export function stripMarkup(text: string): string {
  return text
    .replace(/<a?:[\w~]{1,64}:\d{1,25}>/g, ' ')
    .replace(/<(?:@[!&]?|#)\d{1,25}>/g, ' ')
    .replace(/<\/[\w -]{1,64}:\d{1,25}>/g, ' ')
    .replace(/<t:-?\d{1,20}(?::[a-zA-Z])?>/g, ' ')
    .replace(/@(?:everyone|here)\b/gi, ' ')
    .replace(/\[([^\]\n]{0,200})\]\((?:https?:\/\/|<)[^)\s]{0,500}\)/g, '$1')
    .replace(/\*{1,3}|~~|\|\||`{1,3}|__/g, ' ')
    .replace(/^\s{0,3}(?:>{1,3}|#{1,3}|-#)\s/gm, ' ');
}

/** Replace control/format characters (zero-width joiners, bidi marks, NUL...) by spaces. */
function dropControls(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}]+/gu, ' ');
}

/**
 * What the engine actually searches for: markup stripped, controls dropped, whitespace collapsed,
 * at most MAX_QUERY_CHARS characters (cut at a word boundary when possible). Never throws.
 */
export function cleanQuery(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  // Bound the work before running regular expressions over user input.
  const bounded = raw.length > MAX_QUERY_CHARS * 4 ? raw.slice(0, MAX_QUERY_CHARS * 4) : raw;
  let text = dropControls(stripMarkup(bounded)).replace(/\s+/g, ' ').trim();
  if (text.length > MAX_QUERY_CHARS) {
    const cut = text.slice(0, MAX_QUERY_CHARS);
    const space = cut.lastIndexOf(' ');
    text = (space > MAX_QUERY_CHARS / 2 ? cut.slice(0, space) : cut).trim();
  }
  return text;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
const HAS_PUNCT_RE = /[._\-/:=+]/;

/** Words of an already folded text, in order. */
export function words(folded: string): string[] {
  return folded.match(WORD_RE) ?? [];
}

export interface Analysis {
  /** Every word, in order. */
  words: string[];
  /** Hyphen/underscore compounds glued: "para-virtualizacao" → "paravirtualizacao", "kvm_stat" → "kvmstat". */
  glued: string[];
  /**
   * Compound tokens verbatim: "qemu-img", "/etc/xen/xl.conf", "kvm_stat", "--all"; plus each "/", ":" or
   * "="-separated component that is itself a compound ("xl.conf"), so a file name finds its full path.
   */
  compounds: string[];
}

const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
const nonAsciiWordChar = new Map<number, boolean>();

/** Letter or digit (a UTF-16 unit; astral letters fold to ASCII under NFKD or do not matter here). */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  let known = nonAsciiWordChar.get(c);
  if (known === undefined) {
    known = c < 0xd800 || c > 0xdfff ? LETTER_OR_DIGIT_RE.test(String.fromCharCode(c)) : false;
    nonAsciiWordChar.set(c, known);
  }
  return known;
}

/** The joiners of compound tokens: . _ - / : = + */
function isJoiner(c: number): boolean {
  return c === 46 || c === 95 || c === 45 || c === 47 || c === 58 || c === 61 || c === 43;
}

/**
 * One pass over a folded text: its words, glued compounds and verbatim compound tokens. A hand-written
 * scanner (same tokens as `(--?|/)?W+([._-/:=+]+W+)*`, W = letter or digit): it runs once per field of
 * every entry at startup, where it is several times faster than the regular expression.
 */
export function analyze(folded: string): Analysis {
  const out: Analysis = { words: [], glued: [], compounds: [] };
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const c = folded.charCodeAt(i);
    if (!isWordChar(c)) {
      // A leading "-", "--" or "/" right before a word belongs to the token ("-m", "--all", "/etc").
      if (c === 45 && i + 1 < n && isWordChar(folded.charCodeAt(i + 1))) i += 1;
      else if (c === 45 && i + 2 < n && folded.charCodeAt(i + 1) === 45 && isWordChar(folded.charCodeAt(i + 2))) i += 2;
      else if (c === 47 && i + 1 < n && isWordChar(folded.charCodeAt(i + 1))) i += 1;
      else {
        i++;
        continue;
      }
    }
    let joined = start !== i;
    let wordStart = i;
    while (i < n && isWordChar(folded.charCodeAt(i))) i++;
    out.words.push(folded.slice(wordStart, i));
    for (;;) {
      let j = i;
      while (j < n && isJoiner(folded.charCodeAt(j))) j++;
      if (j === i || j >= n || !isWordChar(folded.charCodeAt(j))) break;
      joined = true;
      wordStart = i = j;
      while (i < n && isWordChar(folded.charCodeAt(i))) i++;
      out.words.push(folded.slice(wordStart, i));
    }
    if (joined) compoundParts(folded.slice(start, i), out);
  }
  return out;
}

/** The compound and glued forms of one joined token ("qemu-img", "/etc/xen/xl.conf"). */
function compoundParts(token: string, out: Analysis): void {
  if (token.length > 80) return;
  out.compounds.push(token);
  if (/[/:=]/.test(token)) {
    for (const part of token.split(/[/:=]+/)) {
      if (part && HAS_PUNCT_RE.test(part) && /[\p{L}\p{N}]/u.test(part)) out.compounds.push(part);
    }
  }
  if (/[\p{L}\p{N}][-_]+[\p{L}\p{N}]/u.test(token)) {
    for (const segment of token.split(/[./:=+]+/)) {
      const inner = segment.replace(/^[-_]+|[-_]+$/g, '');
      if (!/[-_]/.test(inner)) continue;
      const glued = inner.replace(/[-_]+/g, '');
      if (glued.length <= 40) out.glued.push(glued);
    }
  }
}

/** Compound tokens of a folded text (see `Analysis.compounds`). */
export function compounds(folded: string): string[] {
  return analyze(folded).compounds;
}

/** Glued hyphen/underscore compounds of a folded text (see `Analysis.glued`). */
export function joinedForms(folded: string): string[] {
  return analyze(folded).glued;
}

/**
 * Words of a folded query or synonym form, keeping hyphen/underscore compounds together:
 * "para-virtualizacao qemu img" → [{text: "paravirtualizacao", parts: ["para", "virtualizacao"]},
 * {text: "qemu", parts: ["qemu"]}, {text: "img", parts: ["img"]}].
 */
export function tokens(folded: string): Array<{ text: string; parts: string[] }> {
  const out: Array<{ text: string; parts: string[] }> = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*/gu)) {
    const parts = match[0].split(/[-_]/);
    out.push({ text: parts.join(''), parts });
  }
  return out;
}

/** Minimum stem length: never strip a suffix to leave fewer characters than this. */
const MIN_STEM = 4;

function strip(word: string, suffix: string, replacement = ''): string | null {
  if (!word.endsWith(suffix)) return null;
  const base = word.slice(0, word.length - suffix.length);
  return base.length >= MIN_STEM ? base + replacement : null;
}

/**
 * A light, conservative stemmer for folded Portuguese and English technical prose. It conflates the
 * forms a student types with the forms in the notes: plurals (maquinas, imagens, virtuais,
 * migracoes, servidores, vms...), -acao/-ation nouns with their verbs and participles
 * (configuracao = configuration = configurar = configurado), -amento nouns with their verbs
 * (gerenciamento = gerenciar) and -ing forms (networking = network). Only pure a–z words are touched;
 * identifiers like kvm_stat or xl.cfg pass through unchanged.
 */
export function stem(word: string): string {
  if (word.length < 4) return word;
  let cached = stemCache.get(word);
  if (cached === undefined) {
    if (stemCache.size >= 50_000) stemCache.clear();
    stemCache.set(word, (cached = computeStem(word)));
  }
  return cached;
}

const stemCache = new Map<string, string>();

function computeStem(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return word; // only a–z words are stemmed
  }
  let w = word;
  // 1. Plurals.
  w =
    strip(w, 'coes', 'cao') ??
    strip(w, 'oes', 'ao') ??
    (w.length >= 5 ? strip(w, 'ais', 'al') : null) ??
    (w.length >= 5 ? strip(w, 'eis', 'el') : null) ??
    (w.length >= 5 ? strip(w, 'ores', 'or') : null) ??
    (w.length >= 5 ? strip(w, 'ns', 'm') : null) ??
    (/(?:ss|us|is)$/.test(w) ? null : strip(w, 's')) ??
    w;
  if (w.length < 5) return w;
  // 2. Derivational and verbal endings, longest first.
  return (
    strip(w, 'amento') ??
    strip(w, 'acao') ??
    strip(w, 'ation') ??
    strip(w, 'icao') ??
    strip(w, 'ado') ??
    strip(w, 'ada') ??
    strip(w, 'ido') ??
    strip(w, 'ida') ??
    (w.length >= 7 ? strip(w, 'ing') : null) ??
    strip(w, 'ar') ??
    strip(w, 'ir') ??
    // A final -e: "bridge" = "bridging", "configure" = "configuration", "route" = "routing".
    strip(w, 'e') ??
    w
  );
}
