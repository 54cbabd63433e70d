/** Child of the checkpointer test: a script whose last act is awaiting stop() must get past it. */
import { openSqlite, startCheckpointer } from '../../src/storage/index.ts';

const db = openSqlite(process.argv[2]!);
const checkpointer = startCheckpointer(db, { intervalMs: 10 });
db.connection.exec('CREATE TABLE t (x)');
await checkpointer.stop();
await db.close();
process.stdout.write('stopped\n');
