/** Child process for the concurrent-open test: opens the file given in argv and prints its schema version. */
import { openDatabase, schemaVersion } from '../../src/storage/index.ts';

const [path, migrationsDir] = process.argv.slice(2);
const db = openDatabase(path!, { migrationsDir });
process.stdout.write(`${schemaVersion(db)}\n`);
db.close();
