-- When the bot pauses a server itself (its channel is gone, a permission was lost), the next admin who runs a
-- /quiz command is told once (owner: src/schedule). 1 = not told yet; cleared by telling, resuming or a new setup.
ALTER TABLE quiz_schedules ADD COLUMN pause_notice_pending INTEGER NOT NULL DEFAULT 0;
