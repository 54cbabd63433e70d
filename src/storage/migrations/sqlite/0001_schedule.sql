-- Daily quiz: one schedule per server, one post per server per scheduled local day (owner: src/schedule).

CREATE TABLE quiz_schedules (
  guild_id      TEXT PRIMARY KEY,
  channel_id    TEXT NOT NULL,
  time          TEXT NOT NULL,                -- 'HH:MM', local wall clock
  timezone      TEXT NOT NULL,                -- IANA name, canonical spelling
  days          INTEGER NOT NULL DEFAULT 127, -- bitmask, bit 0 = Monday … bit 6 = Sunday
  paused        INTEGER NOT NULL DEFAULT 0,
  paused_reason TEXT,                         -- 'manual', 'channel_missing', 'missing_permissions', …
  next_due_at   INTEGER,                      -- epoch ms of the next post; NULL while paused
  skip_date     TEXT,                         -- 'YYYY-MM-DD' local date without a post
  updated_at    INTEGER NOT NULL
);

-- The per-minute tick asks "who is due?": a range scan on this index, paused servers are not in it.
CREATE INDEX quiz_schedules_due ON quiz_schedules(next_due_at) WHERE next_due_at IS NOT NULL;

CREATE TABLE quiz_posts (
  id               INTEGER PRIMARY KEY,
  guild_id         TEXT NOT NULL,
  local_date       TEXT NOT NULL,             -- the scheduled local day this post belongs to
  seq              INTEGER NOT NULL,          -- 1, 2, 3… per server
  question_id      TEXT NOT NULL,
  topic_id         TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  message_id       TEXT,
  status           TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'revealed')),
  nonce            TEXT NOT NULL,             -- Discord message nonce (enforce_nonce), same on every retry
  claimed_at       INTEGER NOT NULL,
  lease_until      INTEGER,                   -- while > now, one process owns the send of a 'claimed' post
  attempts         INTEGER NOT NULL DEFAULT 1,
  last_error       TEXT,
  sent_at          INTEGER,
  window_closes_at INTEGER,                   -- answers accepted until then; the reveal follows
  revealed_at      INTEGER,
  UNIQUE (guild_id, local_date),
  UNIQUE (guild_id, seq)
);

CREATE INDEX quiz_posts_unsent ON quiz_posts(lease_until) WHERE status = 'claimed';
CREATE INDEX quiz_posts_open ON quiz_posts(window_closes_at) WHERE status = 'sent';
