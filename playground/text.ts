/**
 * What the playground itself says (the terminal chrome around the bot's messages), in pt-BR first and English.
 * The bot's own messages come from src/i18n; these are only the playground's prompts, hints and errors.
 */
import type { ParseProblem } from './parse.ts';

export type PlaygroundLanguage = 'pt-BR' | 'en';

export interface WelcomeInfo {
  guild: string;
  channels: string[];
  user: string;
  commands: string[];
}

const ptBR = {
  onlyYou: 'só você vê',
  onlyUser: (name: string) => `só ${name} vê`,
  edited: 'editada',
  deleted: 'mensagem apagada',
  thinking: (bot: string) => `${bot} está pensando…`,
  in: 'em',
  usedCommand: (command: string) => `usou ${command}`,
  attachmentSaved: (path: string) => `salvo em ${path}`,
  disabled: 'desativado',
  selectHint: (min: number, max: number) => (min === max ? `escolha ${min}` : `escolha de ${min} a ${max}`),
  selectTyped: (kind: string) => `digite o número e ${kind}`,
  selectKinds: { user: '@pessoa', role: '@cargo', channel: '#canal', mentionable: '@pessoa ou @cargo' } as Record<string, string>,
  modalTitle: (title: string) => `📝 Formulário: ${title}`,
  modalField: (label: string, required: boolean) => `${label}${required ? '' : ' (opcional)'}`,
  modalHint: 'Digite cada campo e Enter (:cancelar fecha o formulário).',
  modalCancelled: 'Formulário fechado sem enviar.',
  modalChars: (min: number | undefined, max: number | undefined) =>
    min !== undefined && max !== undefined ? `${min}–${max} caracteres` : max !== undefined ? `até ${max} caracteres` : `pelo menos ${min} caracteres`,
  autocompleteTitle: (option: string) => `Sugestões para ${option}:`,
  autocompleteNone: 'Nenhuma sugestão.',
  autocompleteHint: 'Digite a letra para usar uma sugestão.',
  choicesTitle: (option: string) => `Valores aceitos para ${option}:`,
  noTimely: (seconds: number) => `⚠️ O bot não respondeu a tempo (${seconds} s): no Discord apareceria "O aplicativo não respondeu".`,
  noReply: (seconds: number) => `⚠️ Nenhuma resposta visível em ${seconds} s.`,
  refused: (reason: string) => `⚠️ O Discord não deixaria fazer isso: ${reason}`,
  failed: (reason: string) => `⚠️ Falhou: ${reason}`,
  noSuchNumber: (n: number) => `Não há botão ou menu número ${n}. Os números aparecem como [1] nas mensagens.`,
  goneNumber: (n: number) => `O [${n}] não está mais na mensagem (ela foi editada). Use os números que ela mostra agora.`,
  noSuchLetter: (letter: string) => `Não há sugestão "${letter}". Use /comando texto? para ver sugestões.`,
  isButton: (n: number) => `[${n}] é um botão: digite só ${n}.`,
  isSelect: (n: number) => `[${n}] é um menu: digite ${n} seguido das letras, por exemplo ${n} a,c.`,
  badPick: (pick: string) => `Opção "${pick}" não existe neste menu.`,
  notACommand: 'Comandos começam com / (por exemplo /term hypervisor). /help lista os comandos.',
  channelNow: (channel: string) => `Agora você escreve em ${channel}.`,
  unknownChannel: (name: string, known: string) => `Canal ${name} não existe. Canais: ${known}.`,
  actorNow: (name: string) => `Agora você é ${name}.`,
  unknownMember: (name: string, known: string) => `Membro ${name} não existe. Membros: ${known}.`,
  languageNow: 'Idioma: português (Brasil).',
  unknownMeta: 'Comandos do playground: :canal #quiz, :como @aluna, :lang en|pt, :sair. /help lista os comandos do bot.',
  helpTitle: 'Comandos do bot:',
  commandList: (names: string[]) => `Comandos: ${names.join(' ')} (/help mostra como usar cada um).`,
  helpFooter: [
    'Opções: nome:valor (valor entre aspas se tiver "nome:" dentro); texto solto preenche a primeira opção de texto obrigatória.',
    'Canais #quiz, membros @aluna, sim/não. Botões: digite o número; menus: 2 a,c; texto? mostra o autocomplete.',
    'Playground: :canal #quiz · :como @aluna · :lang en · :sair (ou Ctrl+D)',
  ],
  usage: 'Uso',
  optionTypes: {
    string: 'texto', integer: 'inteiro', number: 'número', boolean: 'sim|não', user: '@pessoa', channel: '#canal', role: '@cargo',
    mentionable: '@pessoa|@cargo', attachment: 'arquivo',
  } as Record<string, string>,
  problems: {
    unknown_command: (p: { name: string; suggestion?: string }) => `Não conheço o comando /${p.name}.${p.suggestion ? ` Você quis dizer /${p.suggestion}?` : ''}`,
    missing_subcommand: (p: { command: string }) => `/${p.command} precisa de um subcomando.`,
    unknown_subcommand: (p: { command: string; given: string }) => `/${p.command} não tem o subcomando "${p.given}".`,
    unknown_option: (p: { given: string }) => `Opção desconhecida "${p.given}".`,
    duplicate_option: (p: { option: string }) => `A opção ${p.option} apareceu duas vezes.`,
    missing_required: (p: { option: string }) => `Falta a opção obrigatória ${p.option}.`,
    unexpected_text: (p: { text: string }) => `Não sei onde pôr "${p.text}": use nome:valor.`,
    bad_boolean: (p: { option: string; value: string }) => `${p.option}: "${p.value}" não é sim/não (true/false).`,
    bad_number: (p: { option: string; value: string }) => `${p.option}: "${p.value}" não é um número.`,
    bad_integer: (p: { option: string; value: string }) => `${p.option}: "${p.value}" não é um número inteiro.`,
    out_of_range: (p: { option: string; value: string; min?: number; max?: number }) =>
      `${p.option}: ${p.value} fora do intervalo${p.min !== undefined ? ` mín. ${p.min}` : ''}${p.max !== undefined ? ` máx. ${p.max}` : ''}.`,
    bad_length: (p: { option: string; min?: number; max?: number }) =>
      `${p.option}: tamanho fora do permitido${p.min !== undefined ? ` (mín. ${p.min})` : ''}${p.max !== undefined ? ` (máx. ${p.max})` : ''}.`,
    not_a_choice: (p: { option: string; value: string; choices: string[] }) => `${p.option}: "${p.value}" não é aceito. Valores: ${p.choices.join(', ')}.`,
    unknown_channel: (p: { option: string; value: string; known: string[] }) => `${p.option}: canal ${p.value} não existe. Canais: ${p.known.join(', ')}.`,
    unknown_user: (p: { option: string; value: string; known: string[] }) => `${p.option}: membro ${p.value} não existe. Membros: ${p.known.join(', ')}.`,
    unknown_role: (p: { option: string; value: string; known: string[] }) => `${p.option}: cargo ${p.value} não existe. Cargos: ${p.known.join(', ')}.`,
    unsupported_option: (p: { option: string }) => `${p.option}: este tipo de opção não dá para usar no playground.`,
  },
  welcome: (w: WelcomeInfo) => [
    `Study Tutor — playground (um Discord local, com o bot de verdade)`,
    `Servidor "${w.guild}" · canais ${w.channels.join(' ')} · você é ${w.user} (pode Gerenciar servidor)`,
    `Escreva como no Discord: /term hypervisor · /term query:xl list private:sim · /quiz now · /streak`,
    `Botões: digite o número (1) · menus: número e letras (2 a,c) · /term hyperv? mostra o autocomplete`,
    `/help lista os comandos (${w.commands.join(' ')}) · :canal #quiz · :como @aluna · :lang en · Ctrl+D sai`,
  ],
  welcomeEnglish: 'English: type slash commands as in Discord; /help lists them, a number clicks a button, Ctrl+D quits.',
  pipedBanner: (guild: string) => `Study Tutor playground: Discord local pronto (${guild}); lendo comandos da entrada (/help lista os comandos).`,
  bye: 'Até mais! 👋',
};

export type PlaygroundText = typeof ptBR;

const en: PlaygroundText = {
  onlyYou: 'only you can see this',
  onlyUser: (name) => `only ${name} can see this`,
  edited: 'edited',
  deleted: 'message deleted',
  thinking: (bot) => `${bot} is thinking…`,
  in: 'in',
  usedCommand: (command) => `used ${command}`,
  attachmentSaved: (path) => `saved to ${path}`,
  disabled: 'disabled',
  selectHint: (min, max) => (min === max ? `pick ${min}` : `pick ${min} to ${max}`),
  selectTyped: (kind) => `type the number and ${kind}`,
  selectKinds: { user: '@member', role: '@role', channel: '#channel', mentionable: '@member or @role' },
  modalTitle: (title) => `📝 Form: ${title}`,
  modalField: (label, required) => `${label}${required ? '' : ' (optional)'}`,
  modalHint: 'Type each field and press Enter (:cancel closes the form).',
  modalCancelled: 'Form closed without sending.',
  modalChars: (min, max) =>
    min !== undefined && max !== undefined ? `${min}–${max} characters` : max !== undefined ? `up to ${max} characters` : `at least ${min} characters`,
  autocompleteTitle: (option) => `Suggestions for ${option}:`,
  autocompleteNone: 'No suggestions.',
  autocompleteHint: 'Type the letter to use a suggestion.',
  choicesTitle: (option) => `Accepted values for ${option}:`,
  noTimely: (seconds) => `⚠️ The bot did not answer in time (${seconds} s): Discord would show "The application did not respond".`,
  noReply: (seconds) => `⚠️ No visible reply within ${seconds} s.`,
  refused: (reason) => `⚠️ Discord would not let you do that: ${reason}`,
  failed: (reason) => `⚠️ Failed: ${reason}`,
  noSuchNumber: (n) => `There is no button or menu number ${n}. Numbers show up as [1] in messages.`,
  goneNumber: (n) => `[${n}] is no longer on its message (it was edited). Use the numbers it shows now.`,
  noSuchLetter: (letter) => `There is no suggestion "${letter}". Use /command text? to see suggestions.`,
  isButton: (n) => `[${n}] is a button: type just ${n}.`,
  isSelect: (n) => `[${n}] is a menu: type ${n} and the letters, e.g. ${n} a,c.`,
  badPick: (pick) => `Option "${pick}" is not in this menu.`,
  notACommand: 'Commands start with / (e.g. /term hypervisor). /help lists the commands.',
  channelNow: (channel) => `You are now typing in ${channel}.`,
  unknownChannel: (name, known) => `No channel ${name}. Channels: ${known}.`,
  actorNow: (name) => `You are now ${name}.`,
  unknownMember: (name, known) => `No member ${name}. Members: ${known}.`,
  languageNow: 'Language: English.',
  unknownMeta: 'Playground commands: :channel #quiz, :as @aluna, :lang en|pt, :quit. /help lists the bot commands.',
  helpTitle: 'Bot commands:',
  commandList: (names) => `Commands: ${names.join(' ')} (/help shows how to use each).`,
  helpFooter: [
    'Options: name:value (quote the value if it contains "name:"); bare text fills the first required text option.',
    'Channels #quiz, members @aluna, true/false. Buttons: type the number; menus: 2 a,c; text? shows autocomplete.',
    'Playground: :channel #quiz · :as @aluna · :lang pt · :quit (or Ctrl+D)',
  ],
  usage: 'Usage',
  optionTypes: {
    string: 'text', integer: 'integer', number: 'number', boolean: 'true|false', user: '@member', channel: '#channel', role: '@role',
    mentionable: '@member|@role', attachment: 'file',
  },
  problems: {
    unknown_command: (p) => `Unknown command /${p.name}.${p.suggestion ? ` Did you mean /${p.suggestion}?` : ''}`,
    missing_subcommand: (p) => `/${p.command} needs a subcommand.`,
    unknown_subcommand: (p) => `/${p.command} has no subcommand "${p.given}".`,
    unknown_option: (p) => `Unknown option "${p.given}".`,
    duplicate_option: (p) => `Option ${p.option} was given twice.`,
    missing_required: (p) => `Missing required option ${p.option}.`,
    unexpected_text: (p) => `Where should "${p.text}" go? Use name:value.`,
    bad_boolean: (p) => `${p.option}: "${p.value}" is not true/false.`,
    bad_number: (p) => `${p.option}: "${p.value}" is not a number.`,
    bad_integer: (p) => `${p.option}: "${p.value}" is not an integer.`,
    out_of_range: (p) => `${p.option}: ${p.value} out of range${p.min !== undefined ? ` min ${p.min}` : ''}${p.max !== undefined ? ` max ${p.max}` : ''}.`,
    bad_length: (p) => `${p.option}: length out of bounds${p.min !== undefined ? ` (min ${p.min})` : ''}${p.max !== undefined ? ` (max ${p.max})` : ''}.`,
    not_a_choice: (p) => `${p.option}: "${p.value}" is not accepted. Values: ${p.choices.join(', ')}.`,
    unknown_channel: (p) => `${p.option}: no channel ${p.value}. Channels: ${p.known.join(', ')}.`,
    unknown_user: (p) => `${p.option}: no member ${p.value}. Members: ${p.known.join(', ')}.`,
    unknown_role: (p) => `${p.option}: no role ${p.value}. Roles: ${p.known.join(', ')}.`,
    unsupported_option: (p) => `${p.option}: this option type cannot be used in the playground.`,
  },
  welcome: (w) => [
    `Study Tutor — playground (a local Discord, with the real bot)`,
    `Server "${w.guild}" · channels ${w.channels.join(' ')} · you are ${w.user} (can Manage Server)`,
    `Type as in Discord: /term hypervisor · /term query:xl list private:true · /quiz now · /streak`,
    `Buttons: type the number (1) · menus: number and letters (2 a,c) · /term hyperv? shows autocomplete`,
    `/help lists the commands (${w.commands.join(' ')}) · :channel #quiz · :as @aluna · :lang pt · Ctrl+D quits`,
  ],
  welcomeEnglish: 'Português: escreva os comandos como no Discord; /help lista os comandos, um número clica num botão, Ctrl+D sai.',
  pipedBanner: (guild) => `Study Tutor playground: local Discord ready (${guild}); reading commands from stdin (/help lists them).`,
  bye: 'Bye! 👋',
};

const catalogs: Record<PlaygroundLanguage, PlaygroundText> = { 'pt-BR': ptBR, en };

export function playgroundText(language: PlaygroundLanguage): PlaygroundText {
  return catalogs[language];
}

/** A parse problem as one line in the reader's language. */
export function describeProblem(problem: ParseProblem, text: PlaygroundText): string {
  const format = text.problems[problem.code] as (p: ParseProblem) => string;
  return format(problem);
}
