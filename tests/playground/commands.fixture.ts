/** Command definitions shaped like the registered ones (APIApplicationCommand), for parser and help tests. */
import { ApplicationCommandOptionType as T, ApplicationCommandType, ChannelType, type APIApplicationCommand } from 'discord-api-types/v10';
import type { Directory } from '../../playground/index.ts';

const base = { application_id: '1', version: '1', default_member_permissions: null, type: ApplicationCommandType.ChatInput } as const;

export const commands = [
  {
    ...base,
    id: '10',
    name: 'term',
    name_localizations: { 'pt-BR': 'termo' },
    description: 'Procura um termo',
    description_localizations: { 'en-US': 'Look up a term' },
    options: [
      { type: T.String, name: 'query', name_localizations: { 'pt-BR': 'busca' }, description: 'O que procurar', required: true, autocomplete: true },
      { type: T.Boolean, name: 'private', name_localizations: { 'pt-BR': 'privado' }, description: 'Só para você' },
    ],
  },
  {
    ...base,
    id: '11',
    name: 'quiz',
    description: 'Quiz diário',
    options: [
      {
        type: T.Subcommand,
        name: 'setup',
        description: 'Define canal e horário',
        options: [
          { type: T.Channel, name: 'channel', description: 'Canal', required: true, channel_types: [ChannelType.GuildText] },
          { type: T.String, name: 'time', description: 'HH:MM', required: true },
          { type: T.String, name: 'timezone', description: 'Fuso', autocomplete: true },
          { type: T.String, name: 'days', description: 'Dias' },
        ],
      },
      { type: T.Subcommand, name: 'now', description: 'Posta agora' },
    ],
  },
  {
    ...base,
    id: '12',
    name: 'leaderboard',
    description: 'Ranking',
    options: [
      {
        type: T.String,
        name: 'metric',
        description: 'O que comparar',
        choices: [
          { name: 'Sequência', value: 'streak' },
          { name: 'Pontos', name_localizations: { 'en-US': 'Points' }, value: 'points' },
        ],
      },
      { type: T.String, name: 'period', description: 'Período', choices: [{ name: 'Semana', value: 'week' }, { name: 'Geral', value: 'all' }] },
    ],
  },
  {
    ...base,
    id: '13',
    name: 'streak',
    description: 'Sequência',
    options: [{ type: T.User, name: 'member', description: 'Membro' }],
  },
  {
    ...base,
    id: '14',
    name: 'practice',
    description: 'Treino',
    options: [
      { type: T.Integer, name: 'count', description: 'Quantas', min_value: 1, max_value: 5 },
      { type: T.Number, name: 'weight', description: 'Peso' },
    ],
  },
] as unknown as APIApplicationCommand[];

export const directory: Directory = {
  channels: [
    { id: '100000000000000001', name: 'geral' },
    { id: '100000000000000002', name: 'quiz' },
  ],
  users: [
    { id: '400000000000000001', name: 'voce', aliases: ['Você'] },
    { id: '400000000000000002', name: 'aluna', aliases: ['Aluna'] },
  ],
  roles: [{ id: '500000000000000001', name: 'Monitores' }],
};
