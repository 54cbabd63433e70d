/**
 * Child process for the backup test: keeps committing small transactions into `writes` until killed.
 * Prints "ready" once rows exist. Each row n carries n, so a consistent copy holds exactly ids 1..max.
 * SQLite only (the backup under test is SQLite's online backup), so it uses the raw connection.
 */
import { openSqlite } from '../../src/storage/index.ts';

const db = openSqlite(process.argv[2]!).connection;
db.exec(`CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`);
const insert = db.prepare('INSERT INTO writes (payload) VALUES (?)');
const batch = db.transaction((n: number) => {
  for (let i = 0; i < n; i++) insert.run('x'.repeat(200));
});
batch(2000);
process.stdout.write('ready\n');
for (;;) batch(10);
