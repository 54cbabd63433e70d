/**
 * Making sure the database file can be created before SQLite tries: SQLite only says "unable to open database
 * file", and Node's recursive mkdir loops forever under /proc. Folders are made one level at a time and each
 * failure becomes one plain sentence naming what is wrong.
 */
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class DatabasePathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'DatabasePathError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'the file system refuses to create it there',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return Object.hasOwn(REASONS, code) ? REASONS[code]! : `${code || 'error'}: ${(error as Error).message}`;
}

function kindOf(path: string): 'file' | 'folder' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new DatabasePathError(path, reasonOf(error));
  }
}

/** Creates the missing parent folders and the (empty) file itself if needed; throws DatabasePathError. */
export function prepareDatabaseFile(path: string): void {
  const absolute = resolve(path);
  const missing: string[] = [];
  let folder = dirname(absolute);
  for (;;) {
    const kind = kindOf(folder);
    if (kind === 'file') throw new DatabasePathError(path, `${folder} is a file, not a folder`);
    if (kind === 'folder') break;
    missing.unshift(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DatabasePathError(path, `cannot create the folder ${dir} (${reasonOf(error)})`);
    }
  }
  if (kindOf(absolute) === 'folder') throw new DatabasePathError(path, 'is a folder, not a file');
  // An empty file is a valid new SQLite database; opening it for append tells whether we may write there.
  try {
    closeSync(openSync(absolute, 'a'));
  } catch (error) {
    throw new DatabasePathError(path, `cannot be written (${reasonOf(error)})`);
  }
}
