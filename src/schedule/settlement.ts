/**
 * Hook run inside the reveal transaction: the progress module settles streaks for the closed window.
 * TODO(progress): call `closeDailyWindow(db, guildId, postSeq)` from src/progress once it exists.
 */
import type { Db } from './db.ts';

export function settleClosedWindow(_db: Db, _guildId: string, _postSeq: number): void {
  // Intentionally empty until src/progress exports closeDailyWindow.
}
