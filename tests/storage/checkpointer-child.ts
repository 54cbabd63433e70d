/** Child of the checkpointer test: a script whose last act is awaiting stop() must get past it. */
import { openDatabase, startCheckpointer } from '../../src/storage/index.ts';

const db = openDatabase(process.argv[2]!);
const checkpointer = startCheckpointer(db, { intervalMs: 10 });
db.exec('CREATE TABLE t (x)');
await checkpointer.stop();
db.close();
process.stdout.write('stopped\n');
