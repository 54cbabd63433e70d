/** Child process for the concurrent-open test: opens the database given in argv and prints its schema version. */
import { openDatabase, schemaVersion } from '../../src/storage/index.ts';

const [target, migrationsDir] = process.argv.slice(2);
const db = await openDatabase(target!, { migrationsDir });
process.stdout.write(`${await schemaVersion(db)}\n`);
await db.close();
