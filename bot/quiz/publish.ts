/**
 * Sending the daily post and revealing it: the Discord half of the exactly-once protocol of src/schedule.
 * Claims happen in the domain before anything is sent; here the claimed post goes out with its nonce
 * (`enforceNonce`, so a retry after a crash returns the same message), then is marked sent, deferred or failed.
 * The options' order is drawn with the claim and stored with the post: every send, retry and reveal shows it.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIGuild, type Client, type SendableChannels } from 'discord.js';
import { cutText } from '../../src/format/text.ts';
import { languageFor, messages } from '../../src/i18n/index.ts';
import { addMissedDailyCards } from '../../src/progress/index.ts';
import { pickQuestion } from '../../src/questions/index.ts';
import { isDatabaseWide } from '../../src/storage/index.ts';
import {
  deferPostSend,
  markPostFailed,
  markPostSent,
  markRevealed,
  pauseForProblem,
  revealSummary,
  scheduleStatus,
  type QuestionPicker,
  type QuizPost,
} from '../../src/schedule/index.ts';
import { notesButtonRow } from '../render/entry-buttons.ts';
import { answerRows, questionEmbed, revealEmbed } from '../render/question.ts';
import type { BotServices } from '../services.ts';
import { citationOf, localDateLabel, localTimeLabel, relativeTime, topicLabel } from './format.ts';
import { answerIds } from './ids.ts';
import { newOrder, shownPost } from './shown.ts';

export type PostProblem = 'channel_missing' | 'missing_permissions';

export type SendOutcome =
  | { status: 'sent'; messageId: string }
  /** Permanent: the post is failed and the server paused for `reason`. */
  | { status: 'failed'; reason: PostProblem | 'question_missing' }
  /** Transient: the claim keeps its nonce and is retried by a later tick. */
  | { status: 'deferred' };

/** The daily picker (no repeats until the bank is exhausted) and the options' order, run inside the claim transaction. */
export function questionPicker(services: BotServices, nowMs: number): QuestionPicker {
  return async ({ guildId }) => {
    const question = await pickQuestion(services.db, guildId, services.bank, undefined, nowMs);
    return { questionId: question.id, topicId: question.topic, optionOrder: newOrder(question) };
  };
}

/** Discord errors that will not go away by retrying: the server must be paused until an admin fixes it. */
export function permanentProblem(error: unknown): PostProblem | null {
  if (!(error instanceof DiscordAPIError)) return null;
  if (error.code === RESTJSONErrorCodes.UnknownChannel) return 'channel_missing';
  if (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions) return 'missing_permissions';
  return null;
}

class NotATextChannel extends Error {}

async function sendableChannel(client: Client, channelId: string): Promise<SendableChannels> {
  // allowUnknownGuild: in HTTP interactions mode (no gateway) no guild is cached, and the channel is still sendable.
  const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
  if (!channel || channel.isDMBased() || !channel.isSendable()) throw new NotATextChannel(`channel ${channelId} cannot hold messages`);
  return channel;
}

async function timezoneOf(services: BotServices, guildId: string): Promise<string> {
  return (await scheduleStatus(services.db, guildId))?.timezone ?? 'UTC';
}

/**
 * The server's preferred language, from the cache the gateway fills; in HTTP interactions mode nothing is
 * cached, so it is read through REST (left out of the cache, which would make the server look known to the
 * commands without its channels).
 */
async function postLanguage(client: Client, guildId: string) {
  const cached = client.guilds.cache.get(guildId);
  if (cached || client.ws.shards.size > 0) return languageFor(cached?.preferredLocale);
  const guild = (await client.rest.get(Routes.guild(guildId)).catch(() => null)) as APIGuild | null;
  return languageFor(guild?.preferred_locale);
}

/** Sends a claimed (or leased, for a retry) post and records the outcome. Never throws for Discord errors. */
export async function sendPost(client: Client, services: BotServices, post: QuizPost): Promise<SendOutcome> {
  const { db, logger } = services;
  const log = logger.child({ guild: post.guildId, post: post.id, channel: post.channelId, attempt: post.attempts });
  const inBank = services.bank.byId.get(post.questionId);
  if (!inBank) {
    await markPostFailed(db, post.id, 'question_missing');
    log.error({ question: post.questionId }, 'the claimed question is no longer in the bank; post failed');
    return { status: 'failed', reason: 'question_missing' };
  }
  const question = shownPost(inBank, post).question;
  const language = await postLanguage(client, post.guildId);
  const text = messages(language);
  const timezone = await timezoneOf(services, post.guildId);
  const closes =
    post.windowClosesAt === null ? undefined : `⏰ ${text.quiz.closesAt(`${localTimeLabel(post.windowClosesAt, timezone, language)} ${relativeTime(post.windowClosesAt)}`)}`;
  const embed = questionEmbed(
    question,
    { title: text.quiz.questionTitle(localDateLabel(post.localDate, language)), topic: topicLabel(post.topicId, services.knowledge), closes },
    text,
  );
  try {
    const channel = await sendableChannel(client, post.channelId);
    const message = await channel.send({
      embeds: [embed],
      components: answerRows(question, answerIds('day', post.id), text),
      nonce: post.nonce,
      enforceNonce: true,
      allowedMentions: { parse: [] },
    });
    await markPostSent(db, post.id, message.id, services.now());
    log.info({ message: message.id, question: question.id }, 'daily question posted');
    return { status: 'sent', messageId: message.id };
  } catch (error) {
    const problem = error instanceof NotATextChannel ? 'channel_missing' : permanentProblem(error);
    if (problem) {
      await markPostFailed(db, post.id, problem);
      await pauseForProblem(db, post.guildId, problem, services.now());
      log.warn({ err: error, reason: problem }, 'cannot post the daily question; quiz paused for this server');
      return { status: 'failed', reason: problem };
    }
    await deferPostSend(db, post.id, services.now(), error instanceof Error ? cutText(error.message, 200) : String(error));
    log.warn({ err: error }, 'daily question not sent; will retry with the same nonce');
    return { status: 'deferred' };
  }
}

type MissesOutcome = { missed: number; created: number } | { error: unknown };

/**
 * The question becomes a card, due the next local day, of each member who takes part in the quiz (answered a
 * daily post in the last days) and let this one pass. Runs inside the reveal's transaction (markRevealed), so only
 * the process whose reveal won gets here, once; a failure rolls back its own savepoint and never stops the reveal
 * (unless the database itself failed: then the whole reveal fails and is tried again). The outcome is logged by
 * the caller once the reveal committed, since on PostgreSQL a conflict runs the transaction again.
 */
async function recordMisses(services: BotServices, post: QuizPost): Promise<MissesOutcome> {
  try {
    // Its own savepoint: a failure here undoes only its writes, not the reveal.
    return await services.db.transaction(async () =>
      addMissedDailyCards(
        services.db,
        { guildId: post.guildId, postId: post.id, localDate: post.localDate, questionId: post.questionId, topicId: post.topicId },
        services.now(),
      ),
    );
  } catch (error) {
    if (isDatabaseWide(error)) throw error;
    return { error };
  }
}

/**
 * Reveals a post whose window closed: flips it in the domain first (which settles the streaks; only one process
 * wins), then edits the message to show the answer, the numbers, the explanation and the source.
 */
export async function revealPost(client: Client, services: BotServices, post: QuizPost): Promise<boolean> {
  const { db, logger } = services;
  const log = logger.child({ guild: post.guildId, post: post.id, channel: post.channelId });
  let misses: MissesOutcome | undefined;
  const revealed = await markRevealed(db, post.id, services.now(), async (flipped) => {
    misses = await recordMisses(services, flipped);
  });
  if (!revealed) return false;
  if (misses && 'error' in misses) log.warn({ err: misses.error }, 'could not add the missed daily question to review');
  else if (misses && misses.missed > 0) log.info({ missed: misses.missed, created: misses.created }, 'missed daily question added to review');
  const inBank = services.bank.byId.get(revealed.questionId);
  if (!revealed.messageId || !inBank) {
    log.warn({ question: revealed.questionId }, 'revealed without editing: no message or question');
    return true;
  }
  const question = shownPost(inBank, revealed).question;
  const summary = await revealSummary(db, post.id);
  const language = await postLanguage(client, post.guildId);
  const text = messages(language);
  const citation = citationOf(question, services.knowledge);
  const embed = revealEmbed(
    question,
    {
      title: text.quiz.revealTitle(localDateLabel(revealed.localDate, language)),
      topic: topicLabel(revealed.topicId, services.knowledge),
      answered: summary?.answered ?? 0,
      correctPercent: Math.round((summary?.shareCorrect ?? 0) * 1000) / 10, // one decimal, formatted by the catalog
      citation,
    },
    text,
  );
  try {
    const channel = await sendableChannel(client, revealed.channelId);
    // The answer buttons give way to "📖 Notas", which opens the cited entry for whoever clicks it.
    const components = notesButtonRow(citation?.entryId, text);
    await channel.messages.edit(revealed.messageId, { embeds: [embed], components, allowedMentions: { parse: [] } });
    log.info({ answered: summary?.answered ?? 0 }, 'daily question revealed');
  } catch (error) {
    // The window is settled either way; a message we cannot edit (deleted, channel gone) is only a lost courtesy.
    log.warn({ err: error }, 'could not edit the daily question to reveal the answer');
  }
  return true;
}
