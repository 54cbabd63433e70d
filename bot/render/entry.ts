/** An entry of the notes as a Discord embed: title, topic, text in parts that fit Discord's limits, where it lives. */
import { EmbedBuilder } from 'discord.js';
import { entryReference, withoutRepeatedTitle } from '../../src/format/entry.ts';
import { formatEntryText, splitMarkdown } from '../../src/format/markdown.ts';
import { clip } from '../../src/format/text.ts';
import { topicLabel } from '../../src/notes/index.ts';
import type { Entry, Topic } from '../../src/notes/types.ts';
import type { Messages } from '../../src/i18n/index.ts';

/** Discord allows 4096; staying below leaves room for the part marker and keeps a phone screen readable. */
const DESCRIPTION_LIMIT = 3500;
const TITLE_LIMIT = 256;
const FOOTER_LIMIT = 2048;
/** Discord refuses an embed whose author, title, description and footer add up to more than this. */
const EMBED_TOTAL_LIMIT = 6000;
const BRAND_COLOR = 0x2b7de9;

export function entryParts(entry: Entry): string[] {
  const parts = splitMarkdown(formatEntryText({ kind: entry.kind, text: withoutRepeatedTitle(entry) }), DESCRIPTION_LIMIT);
  return parts.length > 0 ? parts : ['—'];
}

/** `parts` is `entryParts(entry)`, computed once by the caller, which also needs their count for its buttons. */
export function entryEmbed(entry: Entry, parts: readonly string[], topic: Topic | undefined, part: number, text: Messages): EmbedBuilder {
  const index = Math.min(Math.max(part, 0), parts.length - 1);
  const topicName = topic ? topicLabel(topic) : entry.topicId;
  const footer = [text.term.source(entryReference(entry, topic))];
  if (parts.length > 1) footer.push(text.term.part(index + 1, parts.length));
  const author = clip(`${topicName} · ${text.kinds[entry.kind] ?? entry.kind}`, TITLE_LIMIT);
  const title = clip(entry.title, TITLE_LIMIT);
  const description = parts[index]!;
  // A deep section path can make the footer long: it gets what the rest leaves of the embed's total.
  const footerRoom = Math.min(FOOTER_LIMIT, EMBED_TOTAL_LIMIT - author.length - title.length - description.length);
  return new EmbedBuilder()
    .setColor(BRAND_COLOR)
    .setAuthor({ name: author })
    .setTitle(title)
    .setDescription(description)
    .setFooter({ text: clip(footer.join(' · '), footerRoom) });
}
