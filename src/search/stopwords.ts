/**
 * Words a query can do without: Portuguese and English function words plus the filler of a question
 * ("o que é", "como faço para", "me explique", "please"). Folded (no accents, lower case).
 * A query made only of these finds nothing; they never have to be "resolved" to a vocabulary term.
 * Kept deliberately free of domain words (rede, lista, uso, tipo, modo...), which carry meaning here.
 */
const PORTUGUESE = `
a o as os um uma uns umas de do da dos das d em no na nos nas num numa por pelo pela pelos pelas
para pra pro pras pros com sem sob sobre entre ate apos ante contra desde e ou nem mas porem
que qual quais quem cujo cuja como onde quando quanto quanta quantos quantas porque porquê pq
se ao aos à as às eh é sao são ser sera foi era esta estao estou este esta esse essa isso isto
aquele aquela aquilo esse essa nesse nessa neste nesta nisso nisto disso disto dele dela deles delas
eu tu ele ela nos vos eles elas voce voces vc vcs me te lhe lhes meu minha meus minhas seu sua seus
suas teu tua nosso nossa ja tambem so muito muita muitos muitas mais menos bem ha tem ter tenho
posso pode podem poderia devo deve devem faco faz fazer fazemos consigo consegue existe existem
algum alguma alguns algumas todo toda todos todas cada outro outra outros outras mesmo mesma
o que oque explique explica explicar explicacao defina definicao significa significado
diga fale mostre mostra mostrar ver veja saber sei quero queria gostaria preciso
favor obrigado obrigada ola oi ai la aqui ali entao assim sim nao
serve servem funciona funcionam
`;

const ENGLISH = `
a an the of in on at to for from by with without into onto about over under between through
and or nor but so if then than that this these those there here is are was were be been being am
do does did doing done have has had having can could should would will shall may might must
i me my you your he him his she her it its we us our they them their what which who whom whose
how why when where whats what's hows show tell explain explanation define definition meaning mean
means please thanks thank hi hello hey some any all each every other another same such just also
very more most less much many not no yes use using used
`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  `${PORTUGUESE} ${ENGLISH}`
    .split(/\s+/)
    .map((w) => w.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase())
    .filter((w) => w.length > 0),
);

export function isStopword(foldedWord: string): boolean {
  return STOPWORDS.has(foldedWord);
}
