-- Leases electing the one process that runs a job among several instances (owner: src/schedule/leader.ts).
-- A process holds `name` while `expires_at` (ms since the epoch) lies ahead and renews it before then; when the
-- holder stops renewing (crash, stop), the next process to ask after the expiry takes it over.
CREATE TABLE leader_lease (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
