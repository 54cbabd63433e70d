/**
 * Typed errors for schedule commands. `code` is stable: the bot translates it into a user message (i18n);
 * `detail` is for logs and the CLI, never shown verbatim to users.
 */
export type ScheduleErrorCode =
  | 'invalid_time' // not HH:MM (00:00–23:59)
  | 'invalid_timezone' // not an IANA zone name luxon/Intl knows (e.g. "America/Sao_Paulo")
  | 'invalid_days' // empty day set, or an unknown weekday
  | 'invalid_channel' // empty channel id
  | 'not_configured' // pause/resume/skip before setup
  | 'already_paused'
  | 'not_paused'
  | 'already_skipped'; // the next scheduled day is already skipped

export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ScheduleError';
  }
}
