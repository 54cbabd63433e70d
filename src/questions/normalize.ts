/**
 * Plain folding used to check that answers appear in the notes and to find duplicate options (grading fill-in
 * answers uses the stricter and more forgiving fillInKey, fill-in.ts):
 * Unicode compatibility form, accents removed, lowercase, wrapping quotes/backticks and a leading shell
 * prompt ("# ", "$ ") removed, runs of whitespace collapsed to one space, trimmed.
 * "  `XL  List` " → "xl list"; "Paravirtualização" → "paravirtualizacao"; "# virsh list --all" → "virsh list --all".
 */
export function normalizeFillIn(text: string): string {
  let folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
  for (let previous = ''; previous !== folded; ) {
    previous = folded;
    folded = folded
      .replace(/^["'`“‘«](.*)["'`”’»]$/su, '$1')
      .replace(/^[#$]\s+/u, '')
      .trim();
  }
  return folded;
}

/** Folding for "does this text appear in the entry": like normalizeFillIn, without touching quotes or prompts. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}
