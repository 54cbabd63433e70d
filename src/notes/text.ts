/** Small string helpers shared by the parsers: slugs, content hashes, titles. */
import { cutText } from '../format/text.ts';

/** Lowercase ASCII slug: accents stripped, anything else collapsed to '-'. Cut at a '-' boundary when longer than max. */
export function slugify(value: string, max = 64): string {
  const ascii = toAscii(value);
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cutSlug(slug, max);
}

const LATIN: Record<string, string> = {};
for (const [plain, accented] of Object.entries({
  a: 'àáâãäå',
  c: 'ç',
  e: 'èéêë',
  i: 'ìíîï',
  n: 'ñ',
  o: 'òóôõö',
  u: 'ùúûü',
  y: 'ýÿ',
})) {
  for (const char of accented) {
    LATIN[char] = plain;
    LATIN[char.toUpperCase()] = plain.toUpperCase();
  }
}

/** Accents off: a table for the common Latin letters (fast), Unicode decomposition for anything else. */
function toAscii(value: string): string {
  if (/^[\x00-\x7f]*$/.test(value)) return value;
  const mapped = value.replace(/[À-ÿ]/g, (char) => LATIN[char] ?? char);
  return /^[\x00-\x7f]*$/.test(mapped) ? mapped : mapped.normalize('NFKD').replace(/[\u0300-\u036f]+/g, '');
}

/** Shorten a slug to at most max chars, preferring a '-' boundary, never ending with '-'. */
export function cutSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const dash = cut.lastIndexOf('-');
  const shortened = dash >= Math.floor(max / 2) ? cut.slice(0, dash) : cut;
  return shortened.replace(/-+$/g, '');
}

/** FNV-1a 32-bit hash of the text, as 4 base-36 chars: a short, content-derived disambiguator. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 36 ** 4).toString(36).padStart(4, '0');
}

/** Collapse whitespace and cut to max chars at a word boundary (else between graphemes), adding '…' when cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max && !/\s\s|[\t\n\r]|^\s|\s$/.test(value)) return value;
  const clean = (value.length > max * 4 ? cutText(value, max * 4) : value).replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = cutText(clean, max - 1);
  const space = cut.lastIndexOf(' ');
  const base = space >= max / 2 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** The first sentence of a text (up to '. ', '! ', '? '), or the text itself. */
export function firstSentence(value: string): string {
  const clean = (value.length > 600 ? cutText(value, 600) : value).replace(/\s+/g, ' ').trim();
  const match = /^(.{12,}?[.!?])\s/.exec(clean);
  return match ? match[1]! : clean;
}

/** Remove list markers and a trailing colon: "  • Hypervisor:" → "Hypervisor". */
export function stripMarkers(line: string): string {
  return line
    .replace(/^\s*(?:[•*-]\s*|#\s*\(qemu\)\s*|[#$]\s+)/u, '')
    .trim()
    .replace(/[:;]+$/u, '')
    .trimEnd();
}

/** Drop trailing whitespace, ':' and ';' (a linear scan: a regex like /[\s:;]+$/ is quadratic on long lines). */
export function trimTrailingPunctuation(value: string): string {
  let end = value.length;
  while (end > 0 && /[\s:;]/.test(value[end - 1]!)) end--;
  return value.slice(0, end).trim();
}
