/** Brazilian Portuguese: the bot's first language and the source of truth for every key. */
export const ptBR = {
  errors: {
    internal: '😵 Algo deu errado do meu lado. Já anotei o problema; tente de novo em instantes.',
    unknownCommand: 'Não conheço esse comando. Talvez ele tenha sido removido; tente `/term`.',
    expiredButton: 'Este botão não está mais ativo. Rode o comando de novo.',
    needsManageServer: '🔒 Só quem tem a permissão **Gerenciar servidor** pode usar este comando.',
    guildOnly: 'Este comando só funciona dentro de um servidor.',
    notYours: 'Este botão é de outra pessoa. Rode o comando você mesmo para ter o seu.',
  },
  commands: {
    term: { description: 'Procura um termo, comando ou arquivo nas anotações do grupo', query: 'O que procurar (termo, comando, arquivo ou pergunta)', private: 'Mostrar a resposta só para você' },
    quiz: {
      description: 'Quiz diário: configuração e controle (Gerenciar servidor)',
      setup: 'Define canal, horário e fuso do quiz diário',
      channel: 'Canal onde a pergunta do dia é postada',
      time: 'Horário local, no formato HH:MM (ex.: 09:00)',
      timezone: 'Fuso horário IANA (ex.: America/Sao_Paulo)',
      days: 'Dias da semana (ex.: seg-sex, todos, seg,qua,sex)',
      pause: 'Pausa o quiz diário',
      resume: 'Retoma o quiz diário',
      skip: 'Pula o próximo dia agendado',
      now: 'Posta uma pergunta agora',
      status: 'Mostra a próxima postagem e confere as permissões do canal',
    },
    practice: { description: 'Uma pergunta de treino só para você (não conta para a sequência)', topic: 'Tópico (330.1 a 330.6)' },
    streak: { description: 'Sua sequência de dias (ou a de outro membro)', member: 'Membro' },
    stats: { description: 'Suas estatísticas, com mapa de calor dos dias respondidos', member: 'Membro' },
    leaderboard: { description: 'Ranking do grupo de estudos', metric: 'O que comparar', period: 'Período' },
    forgetMe: { description: 'Apaga os seus dados neste servidor (pede confirmação)' },
  },
  term: {
    nothingFound: (query: string) => `🔎 Não encontrei nada sobre **${query}** nas anotações.`,
    didYouMean: (suggestions: string) => `Você quis dizer: ${suggestions}?`,
    tryAnother: 'Tente outra palavra, o nome de um comando (ex.: `xl list`) ou um arquivo (ex.: `/etc/xen/xl.conf`).',
    emptyQuery: 'Digite o que procurar, por exemplo `/term hypervisor`.',
    section: 'Seção',
    source: (file: string, from: number, to: number) => `Fonte: ${file}, linhas ${from}–${to}`,
    part: (index: number, total: number) => `Parte ${index} de ${total}`,
    nextPart: 'Continuar lendo',
    otherResults: 'Outros resultados',
    entryGone: 'Esse trecho não existe mais nas anotações (elas podem ter sido atualizadas). Procure de novo com `/term`.',
    autocompleteTyped: (query: string) => `Procurar: ${query}`,
  },
  kinds: {
    term: 'Termo', command: 'Comando', path: 'Arquivo', 'table-row': 'Tabela', code: 'Configuração', list: 'Lista', paragraph: 'Texto',
  } as Record<string, string>,
};

export type Messages = typeof ptBR;
