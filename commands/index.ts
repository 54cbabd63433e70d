/** Every slash command the bot registers, in the order Discord lists them. */
import type { SlashCommand } from '../bot/types.ts';
import { term } from './term.ts';
import { streak } from './streak.ts';
import { stats } from './stats.ts';
import { leaderboard } from './leaderboard.ts';
import { forgetMe } from './forget-me.ts';
import { quiz } from './quiz.ts';
import { practice } from './practice.ts';
import { review } from './review.ts';
import { exam } from './exam.ts';

export const allCommands: readonly SlashCommand[] = [term, quiz, practice, review, exam, streak, stats, leaderboard, forgetMe];
