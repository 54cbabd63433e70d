/**
 * The buttons that open notes entries, all routed to the `term` command:
 *   `term:show:<entry id>:<part>:<asker id>` opens an entry at a part (the matches row and "keep reading"),
 *   `term:back:<entry id>:<asker id>`        goes back to the first match,
 *   `term:note:<entry id>`                   opens exactly that entry, privately (the quiz's "📖 Notas"),
 *   `term:review:<entry id>`                 adds the entry to the clicker's review as a flashcard ("➕ Revisar").
 * A /term answer keeps its matches on the message itself (one button each, in rank order, the one shown
 * highlighted), so any click can rebuild the list without server-side state, across restarts.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { clip } from '../../src/format/text.ts';
import type { Messages } from '../../src/i18n/index.ts';
import type { Entry } from '../../src/notes/types.ts';
import { customId } from '../types.ts';

export const TERM_COMMAND = 'term';
/** Discord's cap on a custom id. */
const CUSTOM_ID_LIMIT = 100;
const LABEL_LIMIT = 80;
/** One row of buttons. */
export const MAX_MATCHES = 5;

export interface EntryView {
  entry: Entry;
  part: number;
  partCount: number;
  /** The matches of the lookup, best first; the entry shown is one of them. Fewer than two: no matches row. */
  matches: readonly Entry[];
  /** Who may page in place; anyone else gets a private copy. */
  askerId: string;
}

/**
 * "📖 Notas" under a quiz question's feedback or reveal: opens the cited entry by its id. No rows when nothing is
 * cited (or the id cannot fit a custom id).
 */
export function notesButtonRow(entryId: string | undefined, text: Messages): ActionRowBuilder<ButtonBuilder>[] {
  if (!entryId) return [];
  const id = [TERM_COMMAND, 'note', entryId].join(':');
  if (!fits(id)) return [];
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(id).setLabel(text.term.notesButton).setStyle(ButtonStyle.Secondary))];
}

/** "Back" and "keep reading" on one row, then the matches row, then "➕ Revisar" (last, so the rows above keep their places). */
export function entryViewRows(view: EntryView, text: Messages): ActionRowBuilder<ButtonBuilder>[] {
  const { entry, part, partCount, askerId } = view;
  const matches = view.matches.filter((match) => fits(showId(match.id, 0, askerId))).slice(0, MAX_MATCHES);
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  const paging: ButtonBuilder[] = [];
  const first = matches[0];
  if (matches.length > 1 && first && first.id !== entry.id) {
    paging.push(new ButtonBuilder().setCustomId(customId(TERM_COMMAND, 'back', first.id, askerId)).setLabel(text.term.back).setStyle(ButtonStyle.Secondary));
  }
  if (part + 1 < partCount && fits(showId(entry.id, part + 1, askerId))) {
    paging.push(new ButtonBuilder().setCustomId(showId(entry.id, part + 1, askerId)).setLabel(text.term.nextPart).setStyle(ButtonStyle.Primary));
  }
  if (paging.length > 0) rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(paging));
  if (matches.length > 1) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        matches.map((match) =>
          new ButtonBuilder()
            .setCustomId(showId(match.id, 0, askerId))
            .setLabel(clip(match.title.replace(/\s+/g, ' ').trim() || match.id, LABEL_LIMIT))
            // The one shown stays clickable (it reopens its first part) so no button of the list ever goes stale.
            .setStyle(match.id === entry.id ? ButtonStyle.Primary : ButtonStyle.Secondary),
        ),
      ),
    );
  }
  const reviewId = [TERM_COMMAND, 'review', entry.id].join(':');
  if (fits(reviewId)) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(reviewId).setLabel(text.review.addButton).setStyle(ButtonStyle.Success)));
  }
  return rows;
}

/** The entry ids of the matches row on a message (API or discord.js components), in order. */
export function matchIdsOnMessage(components: readonly unknown[]): string[] {
  const ids: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as { custom_id?: unknown; customId?: unknown; components?: unknown; data?: unknown };
    const id = typeof record.custom_id === 'string' ? record.custom_id : typeof record.customId === 'string' ? record.customId : undefined;
    const match = id ? /^term:show:([^:]+):0:/.exec(id) : null;
    if (match && !ids.includes(match[1]!)) ids.push(match[1]!);
    if (Array.isArray(record.components)) record.components.forEach(visit);
  };
  components.forEach(visit);
  return ids;
}

function showId(entryId: string, part: number, askerId: string): string {
  return [TERM_COMMAND, 'show', entryId, part, askerId].join(':');
}

function fits(id: string): boolean {
  return id.length <= CUSTOM_ID_LIMIT;
}
