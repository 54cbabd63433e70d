/**
 * The question as members see it, in the option order drawn for it (src/questions/presentation.ts): a daily
 * post's stored order, or the order a practice message carries in its custom ids. One place, so the first send,
 * the retries, the reveal and the grading of a post can never disagree.
 */
import { drawOrder, identityOrder, present, resolveOrder, serializeOrder, type PresentedQuestion, type Question } from '../../src/questions/index.ts';
import type { QuizPost } from '../../src/schedule/index.ts';

/** A daily post's question as shown; an order that no longer fits (bank edited) falls back to one fixed per post. */
export function shownPost(question: Question, post: Pick<QuizPost, 'id' | 'optionOrder'>): PresentedQuestion {
  return present(question, resolveOrder(question, post.optionOrder, `post:${post.id}`));
}

/** A practice question as shown: `order` from its custom id (null: an older id, shown in file order). */
export function shownPractice(question: Question, order: string | null): PresentedQuestion {
  return present(question, resolveOrder(question, order, `practice:${question.id}`));
}

/** A question shown in file order: what buttons of older versions (legacy custom ids) refer to. */
export function shownInFileOrder(question: Question): PresentedQuestion {
  return present(question, identityOrder(question));
}

/** A fresh order for a new showing, serialized for storage or a custom id. */
export function newOrder(question: Question): string {
  return serializeOrder(drawOrder(question));
}
