/** The storage interface the schedule module talks to (src/storage): `Queries` for statements, `Db` for transactions. */
export type { Db, Queries } from '../storage/index.ts';
