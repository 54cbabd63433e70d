/** `/term <query>`: look up the notes, with autocomplete; buttons open the other matches or the next part. */
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  type InteractionReplyOptions,
} from 'discord.js';
import { localizedDescription } from '../src/i18n/index.ts';
import type { Entry } from '../src/notes/types.ts';
import { clip, entryEmbed, entryParts } from '../bot/render/entry.ts';
import { customId, type CommandContext, type SlashCommand } from '../bot/types.ts';

/** Discord allows 6,000 characters in an option; nobody means more than this in a lookup. */
const MAX_QUERY = 200;
const OTHER_RESULTS = 4;

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
    const typed = interaction.options.getFocused().slice(0, MAX_QUERY);
    const choices = services.search.autocomplete(typed, { limit: 25 });
    // Offer the raw text too, so a phrase that matches no title can still be searched as typed.
    const trimmed = typed.trim();
    if (trimmed.length > 0 && choices.length < 25 && !choices.some((choice) => choice.value === trimmed)) {
      choices.push({ name: clip(text.term.autocompleteTyped(trimmed), 100), value: trimmed.slice(0, 100) });
    }
    await interaction.respond(choices.slice(0, 25));
  },

  async execute(interaction, context) {
    const query = interaction.options.getString('query', true).slice(0, MAX_QUERY);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await interaction.reply(lookup(query, interaction.user.id, ephemeral, context));
  },

  async component(interaction, context, [action, entryId, part, askerId]) {
    const entry = entryId ? context.services.knowledge.entries.get(entryId) : undefined;
    if (action !== 'show' || !entry) {
      await interaction.reply({ content: context.text.term.entryGone, flags: MessageFlags.Ephemeral });
      return;
    }
    const reply = entryReply(entry, Number(part) || 0, interaction.user.id, context);
    // The asker pages through their own answer in place; anyone else gets a private copy, leaving the asker's alone.
    if (askerId === interaction.user.id) await interaction.update({ embeds: reply.embeds, components: reply.components });
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
  },
};

function lookup(query: string, askerId: string, ephemeral: boolean, context: CommandContext): InteractionReplyOptions {
  const { services, text } = context;
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  // Autocomplete puts an entry id in the value: show that entry exactly.
  const chosen = services.knowledge.entries.get(query.trim());
  if (chosen) return { ...entryReply(chosen, 0, askerId, context, services.search.related(chosen.id, OTHER_RESULTS)), flags };
  if (query.trim() === '') return { content: text.term.emptyQuery, flags: MessageFlags.Ephemeral };

  const found = services.search.search(query, { limit: OTHER_RESULTS + 1 });
  const [best, ...others] = found.results;
  if (!best) {
    const shown = clip(query.replace(/\s+/g, ' ').trim(), 80).replace(/[*_`~|\\]/g, '\\$&');
    const lines = [text.term.nothingFound(shown)];
    if (found.suggestions.length > 0) lines.push(text.term.didYouMean(found.suggestions.map((s) => `**${s}**`).join(', ')));
    lines.push(text.term.tryAnother);
    return { content: lines.join('\n'), flags: MessageFlags.Ephemeral };
  }
  return { ...entryReply(best.entry, 0, askerId, context, others.map((other) => other.entry)), flags };
}

function entryReply(entry: Entry, part: number, askerId: string, context: CommandContext, others: Entry[] = []) {
  const { services, text } = context;
  const topic = services.knowledge.topics.get(entry.topicId);
  const parts = entryParts(entry);
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  if (part + 1 < parts.length) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(customId('term', 'show', entry.id, part + 1, askerId))
          .setLabel(text.term.nextPart)
          .setStyle(ButtonStyle.Primary),
      ),
    );
  }
  const alternatives = others.filter((other) => other.id !== entry.id).slice(0, OTHER_RESULTS);
  if (alternatives.length > 0) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        alternatives.map((other) =>
          new ButtonBuilder()
            .setCustomId(customId('term', 'show', other.id, 0, askerId))
            .setLabel(clip(other.title, 80))
            .setStyle(ButtonStyle.Secondary),
        ),
      ),
    );
  }
  return { embeds: [entryEmbed(entry, parts, topic, part, text)], components: rows, allowedMentions: { parse: [] } };
}
