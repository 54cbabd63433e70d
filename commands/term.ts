/**
 * `/term <query>`: look up the notes, with autocomplete; buttons open the other matches or the next part, and
 * add the entry to the clicker's spaced review.
 */
import { ApplicationCommandOptionType, MessageFlags, type InteractionReplyOptions } from 'discord.js';
import { escapeMarkdown } from '../src/format/markdown.ts';
import { clip, cutText } from '../src/format/text.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import type { Entry } from '../src/notes/types.ts';
import { addFlashcard } from '../src/review/index.ts';
import { entryEmbed, entryParts } from '../bot/render/entry.ts';
import { entryViewRows, matchIdsOnMessage, MAX_MATCHES } from '../bot/render/entry-buttons.ts';
import type { CommandContext, SlashCommand } from '../bot/types.ts';

/** Discord allows 6,000 characters in an option; nobody means more than this in a lookup. */
const MAX_QUERY = 200;
/** Discord's cap on an autocomplete choice's name and value. */
const CHOICE_LIMIT = 100;
/** How much of an unmatched query the answer repeats. */
const ECHO_LIMIT = 80;

export const term: SlashCommand = {
  data: {
    name: 'term',
    name_localizations: { 'pt-BR': 'termo' },
    ...localizedDescription((text) => text.commands.term.description),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'query',
        name_localizations: { 'pt-BR': 'busca' },
        ...localizedDescription((text) => text.commands.term.query),
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'private',
        name_localizations: { 'pt-BR': 'privado' },
        ...localizedDescription((text) => text.commands.term.private),
      },
    ],
  },

  async autocomplete(interaction, { services, text }) {
    const typed = cutText(interaction.options.getFocused(), MAX_QUERY);
    const choices = services.search.autocomplete(typed, { limit: 25 });
    // Offer the raw text too, so a phrase that matches no title can still be searched as typed.
    const trimmed = typed.trim();
    const value = cutText(trimmed, CHOICE_LIMIT).trimEnd();
    if (value.length > 0 && choices.length < 25 && !choices.some((choice) => choice.value === value)) {
      choices.push({ name: clip(text.term.autocompleteTyped(trimmed), CHOICE_LIMIT), value });
    }
    await interaction.respond(choices.slice(0, 25));
  },

  async execute(interaction, context) {
    const query = cutText(interaction.options.getString('query', true), MAX_QUERY);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await interaction.reply(lookup(query, interaction.user.id, ephemeral, context));
  },

  async component(interaction, context, [action, entryId, ...rest]) {
    const { services, text } = context;
    const entry = entryId ? services.knowledge.entries.get(entryId) : undefined;
    if (!entry || (action !== 'show' && action !== 'back' && action !== 'note' && action !== 'review')) {
      await interaction.reply({ content: text.term.entryGone, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    // The quiz's "📖 Notas": exactly the cited entry, for the clicker only, never a new search.
    if (action === 'note') {
      await interaction.reply({ ...entryReply(entry, 0, interaction.user.id, context, [entry]), flags: MessageFlags.Ephemeral });
      return;
    }
    // "➕ Revisar": the entry becomes the clicker's flashcard in this server (committed before the reply).
    if (action === 'review') {
      if (!interaction.guildId) return void (await interaction.reply({ content: text.errors.guildOnly, flags: MessageFlags.Ephemeral }));
      const added = await addFlashcard(services.db, { guildId: interaction.guildId, userId: interaction.user.id, entryId: entry.id, topicId: entry.topicId, at: services.now() });
      const title = escapeMarkdown(clip(entry.title, ECHO_LIMIT));
      await interaction.reply({ content: added.created ? text.review.added(title) : text.review.alreadyAdded(title), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const [part, askerId] = action === 'show' ? [Number(rest[0]) || 0, rest[1]] : [0, rest[0]];
    // The matches live on the message's buttons: the list survives every click, and a restart of the bot.
    const matches = matchIdsOnMessage(interaction.message.components.map((row) => row.toJSON()))
      .map((id) => services.knowledge.entries.get(id))
      .filter((match): match is Entry => match !== undefined);
    const reply = entryReply(entry, part, interaction.user.id, context, matches);
    // The asker moves through their own answer in place; anyone else gets a private copy, leaving the asker's alone.
    if (askerId === interaction.user.id) await interaction.update({ embeds: reply.embeds, components: reply.components, allowedMentions: { parse: [] } });
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
  },
};

function lookup(query: string, askerId: string, ephemeral: boolean, context: CommandContext): InteractionReplyOptions {
  const { services, text } = context;
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  // Autocomplete puts an entry id in the value: show that entry exactly.
  const chosen = services.knowledge.entries.get(query.trim());
  if (chosen) return { ...entryReply(chosen, 0, askerId, context, [chosen, ...services.search.related(chosen.id, MAX_MATCHES - 1)]), flags };
  if (query.trim() === '') return { content: text.term.emptyQuery, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };

  const found = services.search.search(query, { limit: MAX_MATCHES });
  const [best] = found.results;
  if (!best) {
    const shown = escapeMarkdown(clip(query.replace(/\s+/g, ' ').trim(), ECHO_LIMIT));
    const lines = [text.term.nothingFound(shown)];
    if (found.suggestions.length > 0) lines.push(text.term.didYouMean(found.suggestions.map((s) => `**${escapeMarkdown(s)}**`).join(', ')));
    lines.push(text.term.tryAnother);
    return { content: lines.join('\n'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };
  }
  return { ...entryReply(best.entry, 0, askerId, context, found.results.map((result) => result.entry)), flags };
}

function entryReply(entry: Entry, part: number, askerId: string, context: CommandContext, matches: readonly Entry[]) {
  const { services, text } = context;
  const topic = services.knowledge.topics.get(entry.topicId);
  const parts = entryParts(entry);
  const shown = Math.min(Math.max(part, 0), parts.length - 1);
  const components = entryViewRows({ entry, part: shown, partCount: parts.length, matches, askerId }, text);
  return { embeds: [entryEmbed(entry, parts, topic, shown, text)], components, allowedMentions: { parse: [] } };
}
