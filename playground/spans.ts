/**
 * Styled text for the terminal: spans with a few styles, their display width (wide characters and emoji take two
 * columns, combining marks none), word wrapping with a hanging indent, and ANSI painting (only when colours are on).
 */
export interface Style {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  dim?: boolean;
  code?: boolean;
  /** 24-bit foreground colour. */
  rgb?: number;
  /** One of the 8 basic colours (31 red, 32 green, 33 yellow, 34 blue, 35 magenta, 36 cyan). */
  fg?: number;
}

export interface Span extends Style {
  text: string;
}

export function span(text: string, style: Style = {}): Span {
  return { ...style, text };
}

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

function charWidth(cp: number): number {
  if (cp === 0 || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff) return 0;
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff)) return 0;
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return 0; // skin tone modifiers
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x231a && cp <= 0x231b) ||
    (cp >= 0x23e9 && cp <= 0x23ec) ||
    cp === 0x23f0 ||
    cp === 0x23f3 ||
    (cp >= 0x25fd && cp <= 0x25fe) ||
    (cp >= 0x2614 && cp <= 0x2615) ||
    (cp >= 0x2648 && cp <= 0x2653) ||
    cp === 0x267f ||
    cp === 0x2693 ||
    cp === 0x26a1 ||
    (cp >= 0x26aa && cp <= 0x26ab) ||
    (cp >= 0x26bd && cp <= 0x26be) ||
    (cp >= 0x26c4 && cp <= 0x26c5) ||
    cp === 0x26ce ||
    cp === 0x26d4 ||
    cp === 0x26ea ||
    (cp >= 0x26f2 && cp <= 0x26f5) ||
    cp === 0x26fa ||
    cp === 0x26fd ||
    cp === 0x2705 ||
    (cp >= 0x270a && cp <= 0x270b) ||
    cp === 0x2728 ||
    cp === 0x274c ||
    cp === 0x274e ||
    (cp >= 0x2753 && cp <= 0x2755) ||
    cp === 0x2757 ||
    (cp >= 0x2795 && cp <= 0x2797) ||
    cp === 0x27b0 ||
    cp === 0x27bf ||
    (cp >= 0x2b1b && cp <= 0x2b1c) ||
    cp === 0x2b50 ||
    cp === 0x2b55 ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * Wraps spans into lines of at most `width` columns, breaking at spaces (runs of spaces collapse to one at a
 * break); a word longer than a line is cut. Newlines in the text start new lines.
 */
export function wrapSpans(spans: readonly Span[], width: number): Span[][] {
  const max = Math.max(8, width);
  const lines: Span[][] = [];
  let line: Span[] = [];
  let used = 0;
  let pendingSpace: Span | null = null;
  const push = (piece: Span) => {
    const last = line.at(-1);
    if (last && sameStyle(last, piece)) last.text += piece.text;
    else line.push({ ...piece });
    used += displayWidth(piece.text);
  };
  const newline = () => {
    lines.push(line);
    line = [];
    used = 0;
    pendingSpace = null;
  };
  // Words may span several spans ("**xl** list" is one word "xl" then " list"): collect pieces per word.
  let word: Span[] = [];
  const flushWord = () => {
    if (word.length === 0) return;
    const w = word.reduce((n, p) => n + displayWidth(p.text), 0);
    const space = pendingSpace ? 1 : 0;
    if (used > 0 && used + space + w > max) newline();
    else if (pendingSpace && used > 0) push(pendingSpace);
    pendingSpace = null;
    // URLs are never cut: a broken link cannot be opened or copied.
    const unbreakable = word.some((p) => p.text.includes('://'));
    for (const piece of word) {
      let rest = piece.text;
      while (!unbreakable && used + displayWidth(rest) > max) {
        const [head, tail] = cut(rest, max - used);
        if (head === '') {
          if (used === 0) break;
          newline();
          continue;
        }
        push({ ...piece, text: head });
        newline();
        rest = tail;
      }
      if (rest !== '') push({ ...piece, text: rest });
    }
    word = [];
  };
  for (const s of spans) {
    for (const part of s.text.split(/(\n| +)/)) {
      if (part === '') continue;
      if (part === '\n') {
        flushWord();
        newline();
      } else if (part.startsWith(' ')) {
        flushWord();
        pendingSpace = { ...s, text: ' ' };
      } else {
        word.push({ ...s, text: part });
      }
    }
  }
  flushWord();
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** The longest prefix of `text` that fits in `columns` (at least one character). */
function cut(text: string, columns: number): [string, string] {
  const chars = [...text];
  let used = 0;
  let i = 0;
  while (i < chars.length && used + displayWidth(chars[i]!) <= columns) used += displayWidth(chars[i++]!);
  if (i === 0 && columns >= 1) i = 1;
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
}

function sameStyle(a: Style, b: Style): boolean {
  return (
    !!a.bold === !!b.bold &&
    !!a.italic === !!b.italic &&
    !!a.underline === !!b.underline &&
    !!a.strike === !!b.strike &&
    !!a.dim === !!b.dim &&
    !!a.code === !!b.code &&
    a.rgb === b.rgb &&
    a.fg === b.fg
  );
}

/** Spans as a string: ANSI styles when `color`, plain text otherwise. */
export function paint(spans: readonly Span[], color: boolean): string {
  if (!color) return spans.map((s) => s.text).join('');
  return spans
    .map((s) => {
      const codes: string[] = [];
      if (s.bold) codes.push('1');
      if (s.dim) codes.push('2');
      if (s.italic) codes.push('3');
      if (s.underline) codes.push('4');
      if (s.strike) codes.push('9');
      if (s.code) codes.push('36');
      else if (s.fg !== undefined) codes.push(String(s.fg));
      else if (s.rgb !== undefined) codes.push(`38;2;${(s.rgb >> 16) & 255};${(s.rgb >> 8) & 255};${s.rgb & 255}`);
      return codes.length > 0 ? `\u001b[${codes.join(';')}m${s.text}\u001b[0m` : s.text;
    })
    .join('');
}

/** Removes ANSI escape sequences (for measuring and for tests). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
