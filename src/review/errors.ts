/** Refusals of the review module, with a code the glue maps to a message (src/i18n). */
export type ReviewErrorCode =
  | 'invalid_retention' // outside MIN_RETENTION..MAX_RETENTION
  | 'invalid_card_key' // not 'q:<questionId>' or 'e:<entryId>'
  | 'invalid_timezone'; // not an IANA zone name

export class ReviewError extends Error {
  constructor(
    readonly code: ReviewErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ReviewError';
  }
}
