/** A problem in a notes file, always pointing at the file and the (1-based) line. */
export class NotesError extends Error {
  readonly file: string;
  readonly line: number;
  readonly detail: string;

  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'NotesError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
