/**
 * Component routes that belong to no slash command, by custom id prefix (the dispatcher checks no prefix is
 * taken twice, by a route or a command). Renaming a command never breaks a button already in a channel.
 */
import { answerRoute, legacyAnswerRoute } from './quiz/answer.ts';
import { examRoute } from './exam/route.ts';
import type { ComponentRoute } from './types.ts';

export const componentRoutes: readonly ComponentRoute[] = [answerRoute, legacyAnswerRoute, examRoute];
