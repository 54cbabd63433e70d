/**
 * Builds a server's history through the real domain calls (schedule → claim → sent → answers → reveal), so
 * end-to-end tests of /streak, /stats and /leaderboard start from data shaped exactly like production's.
 */
import type { BotServices } from '../../bot/services.ts';
import { claimDuePost, markPostSent, markRevealed, scheduleStatus, setupSchedule } from '../../src/schedule/index.ts';
import { pickQuestion } from '../../src/questions/index.ts';
import { recordDailyAnswer } from '../../src/progress/index.ts';

export interface SeededDay {
  postId: number;
  localDate: string;
  postedAt: number;
}

/**
 * Runs `days` scheduled days at 09:00 in `timezone`. On each, every user in `answers(dayIndex)` answers
 * (correctly when the value is true) one minute after the post. The clock ends just after the last post.
 */
export async function seedDailyHistory(
  services: BotServices,
  clock: { set(ms: number): void },
  input: { guildId: string; channelId: string; timezone: string; start: number; days: number; answers: (day: number) => Record<string, boolean> },
): Promise<SeededDay[]> {
  const { db, bank } = services;
  clock.set(input.start);
  let at = (await setupSchedule(db, { guildId: input.guildId, channelId: input.channelId, time: '09:00', timezone: input.timezone }, input.start)).nextPostAt!;
  const seeded: SeededDay[] = [];
  for (let day = 0; day < input.days; day++) {
    clock.set(at);
    const previous = seeded.at(-1);
    if (previous) await markRevealed(db, previous.postId, at);
    const outcome = await claimDuePost(db, input.guildId, at, async () => {
      const question = await pickQuestion(db, input.guildId, bank, day, at);
      return { questionId: question.id, topicId: question.topic };
    });
    if (!outcome.claimed) throw new Error(`day ${day}: not claimed (${outcome.reason})`);
    await markPostSent(db, outcome.post.id, `seed-message-${day}`, at);
    for (const [userId, correct] of Object.entries(input.answers(day))) {
      const result = await recordDailyAnswer(db, {
        guildId: input.guildId,
        userId,
        postId: outcome.post.id,
        questionId: outcome.post.questionId,
        topicId: outcome.post.topicId,
        answer: ['seed'],
        correct,
        answeredAt: at + 60_000,
      });
      if (result.status !== 'recorded') throw new Error(`day ${day}: answer of ${userId} not recorded (${result.status})`);
    }
    seeded.push({ postId: outcome.post.id, localDate: outcome.post.localDate, postedAt: at });
    at = (await scheduleStatus(db, input.guildId))!.nextPostAt!;
  }
  clock.set(seeded.at(-1)!.postedAt + 2 * 60_000);
  return seeded;
}
