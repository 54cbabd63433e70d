/**
 * Cutting text to a length limit without breaking what a reader sees as one character (a grapheme: an emoji
 * with its skin tone or ZWJ sequence, a letter with its combining accents, a flag). Lengths are UTF-16 code
 * units, what discord.js checks and never less than Discord's own count, so a cut text always fits.
 * Every truncation of text the bot shows goes through here.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest prefix of `text` made of whole graphemes and at most `max` UTF-16 units. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** `text` if it fits in `max` UTF-16 units; otherwise its longest whole-grapheme prefix that fits with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  return `${cutText(text, max - 1).trimEnd()}…`;
}
