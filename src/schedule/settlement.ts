/** Run inside the reveal transaction: the progress module settles the streaks of the closed window. */
import { closeDailyWindow } from '../progress/index.ts';
import type { Db } from './db.ts';

export async function settleClosedWindow(db: Db, guildId: string, postSeq: number, nowMs: number): Promise<void> {
  await closeDailyWindow(db, guildId, postSeq, nowMs);
}
