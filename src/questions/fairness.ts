/**
 * Word-level tests the generator uses to keep only fair questions: content words, shared stems between a prompt
 * and its answer (across Portuguese and English: "imagens"/"images", "segurança"/"Security"), vague descriptions
 * and heading-like "terms".
 */
import { foldForSearch } from './normalize.ts';

/** Portuguese and English function words, plus verbs and fillers that carry no meaning of their own. */
const STOPWORDS = new Set([
  'a', 'o', 'as', 'os', 'um', 'uma', 'uns', 'umas', 'de', 'do', 'da', 'dos', 'das', 'em', 'no', 'na', 'nos', 'nas',
  'e', 'ou', 'que', 'se', 'por', 'pelo', 'pela', 'para', 'com', 'sem', 'sob', 'ao', 'aos', 'seu', 'sua', 'seus', 'suas',
  'como', 'mais', 'muito', 'ja', 'nao', 'sim', 'ser', 'sao', 'foi', 'esta', 'estao', 'eh', 'tem', 'ter', 'pode', 'podem',
  'ficar', 'fica', 'junto', 'etc', 'ex', 'tambem', 'apenas', 'isso', 'isto', 'este', 'esse', 'essa', 'ela', 'ele',
  'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'with', 'is', 'are', 'an', 'by', 'it',
]);

/** Words that name no object: a description made only of these and a verb has no context ("Lista as opções atuais"). */
const VAGUE = new Set(['opcao', 'opcoes', 'atual', 'atuais', 'todas', 'todos', 'tudo', 'coisa', 'coisas', 'algo', 'novo', 'nova', 'novos', 'novas', 'outro', 'outra', 'outros', 'outras', 'mesmo', 'mesma']);

/** First words of section headings and list captions, never of a term ("Algumas limitações", "Tipos de rede"). */
const HEADING_STARTS = new Set(['algum', 'alguma', 'alguns', 'algumas', 'principais', 'outros', 'outras', 'tipos', 'tipo', 'exemplo', 'exemplos', 'sobre', 'abaixo', 'mais', 'detalhes', 'vantagens', 'desvantagens']);

export function words(text: string): string[] {
  return foldForSearch(text).split(/[^\p{L}\p{N}_]+/u).filter((word) => word.length > 0);
}

/** Words that carry meaning: no function words, no single letters. */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => word.length >= 2 && !STOPWORDS.has(word));
}

/** Spelling differences between Portuguese and English cognates folded away: "seguranca" and "security" both start "secur". */
function cognateKey(word: string): string {
  return word
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/[gkq]/g, 'c')
    .replace(/y/g, 'i')
    .replace(/z/g, 's')
    .replace(/(.)\1+/g, '$1');
}

/** Two words share a stem: equal ("ip"), one starts or contains the other (3+ letters: "nbd"/"gnbd"), or the same first 5 letters. */
export function sameStem(a: string, b: string): boolean {
  const x = cognateKey(foldForSearch(a));
  const y = cognateKey(foldForSearch(b));
  if (x === y) return x.length >= 2;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 3 && long.includes(short)) return true;
  return short.length >= 5 && short.slice(0, 5) === long.slice(0, 5);
}

/** Whether any content word of `answer` shares a stem with a content word of `prompt`: the prompt would give it away. */
export function sharesStem(prompt: string, answer: string): boolean {
  const promptWords = contentWords(prompt);
  return contentWords(answer).some((word) => promptWords.some((other) => sameStem(word, other)));
}

/** A description naming no object beyond its verb ("Lista as opções atuais") says nothing without its context. */
export function isVague(description: string): boolean {
  const [, ...rest] = contentWords(description);
  return !rest.some((word) => !VAGUE.has(word));
}

/**
 * A "term" that is really a heading or a common word: it starts like a caption ("Algumas limitações"), or it is
 * one capitalised word that the notes also use as an ordinary lowercase word ("Arquivos", "Host").
 */
export function isHeadingLike(term: string, lowercaseUses: (word: string) => number): boolean {
  const termWords = words(term);
  if (termWords.length === 0 || HEADING_STARTS.has(termWords[0]!)) return true;
  const single = term.trim();
  return /^\p{Lu}\p{Ll}+$/u.test(single) && lowercaseUses(single.toLowerCase()) >= 2;
}
