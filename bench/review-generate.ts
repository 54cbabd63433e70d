/**
 * Child process of the review bench: generates the database at `path` and prints one JSON line with the row
 * count (progress lines go to stderr). Usage: review-generate.ts <path> <members> <cards per member> <now ms>.
 */
import { openSqlite } from '../src/storage/index.ts';
import { generateCards } from './review-data.ts';

const [path, members, cards, now] = process.argv.slice(2);
const db = openSqlite(path!);
const generated = generateCards(db.connection, Number(members), Number(cards), Number(now), (line) => process.stderr.write(`${line}\n`));
await db.close();
process.stdout.write(`${JSON.stringify(generated)}\n`);
