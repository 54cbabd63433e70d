/** English: second language; must cover every key of the pt-BR catalog (the type checker enforces it). */
import type { Messages } from './pt-BR.ts';

export const en: Messages = {
  errors: {
    internal: '😵 Something went wrong on my side. I logged it; please try again in a moment.',
    unknownCommand: "I don't know that command. It may have been removed; try `/term`.",
    expiredButton: 'This button is no longer active. Run the command again.',
    needsManageServer: '🔒 Only members with the **Manage Server** permission can use this command.',
    guildOnly: 'This command only works inside a server.',
    notYours: 'This button belongs to someone else. Run the command yourself to get your own.',
  },
  commands: {
    term: { description: "Looks up a term, command or file in the group's notes", query: 'What to look for (term, command, file or question)', private: 'Show the answer only to you' },
    quiz: {
      description: 'Daily quiz: setup and control (Manage Server)',
      setup: 'Sets the daily quiz channel, time and timezone',
      channel: "Channel where the day's question is posted",
      time: 'Local time, as HH:MM (e.g. 09:00)',
      timezone: 'IANA timezone (e.g. America/Sao_Paulo)',
      days: 'Weekdays (e.g. mon-fri, all, mon,wed,fri)',
      pause: 'Pauses the daily quiz',
      resume: 'Resumes the daily quiz',
      skip: 'Skips the next scheduled day',
      now: 'Posts a question now',
      status: "Shows the next post and checks the channel's permissions",
    },
    practice: { description: "A practice question just for you (doesn't count for streaks)", topic: 'Topic (330.1 to 330.6)' },
    streak: { description: "Your streak of days (or another member's)", member: 'Member' },
    stats: { description: 'Your statistics, with a heatmap of answered days', member: 'Member' },
    leaderboard: { description: "The study group's leaderboard", metric: 'What to compare', period: 'Period' },
    forgetMe: { description: 'Deletes your data in this server (asks for confirmation)' },
  },
  term: {
    nothingFound: (query: string) => `🔎 I found nothing about **${query}** in the notes.`,
    didYouMean: (suggestions: string) => `Did you mean: ${suggestions}?`,
    tryAnother: 'Try another word, a command name (e.g. `xl list`) or a file (e.g. `/etc/xen/xl.conf`).',
    emptyQuery: 'Type what to look for, for example `/term hypervisor`.',
    section: 'Section',
    source: (file: string, from: number, to: number) => `Source: ${file}, lines ${from}–${to}`,
    part: (index: number, total: number) => `Part ${index} of ${total}`,
    nextPart: 'Keep reading',
    otherResults: 'Other results',
    entryGone: 'That passage is no longer in the notes (they may have been updated). Search again with `/term`.',
    autocompleteTyped: (query: string) => `Search: ${query}`,
  },
  kinds: {
    term: 'Term', command: 'Command', path: 'File', 'table-row': 'Table', code: 'Configuration', list: 'List', paragraph: 'Text',
  },
};
