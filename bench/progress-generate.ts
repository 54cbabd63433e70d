/**
 * Child process of the progress bench: generates the database at `path` and prints one JSON line with the
 * posts and the answer count (progress lines go to stderr). Usage: progress-generate.ts <path> <members>
 * <answers> <posts> <today>.
 */
import { openSqlite } from '../src/storage/index.ts';
import { generate } from './progress-data.ts';

const [path, members, answers, posts, today] = process.argv.slice(2);
const db = openSqlite(path!);
const generated = generate(db.connection, Number(members), Number(answers), Number(posts), today!, (line) => process.stderr.write(`${line}\n`));
await db.close();
process.stdout.write(`${JSON.stringify(generated)}\n`);
