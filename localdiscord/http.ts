/** node:http plumbing: reading JSON or multipart bodies, writing Discord-shaped responses, matching routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordHttpError, Errors } from './errors.ts';
import type { UploadedFile } from './types.ts';

const MAX_BODY_BYTES = 30 * 1024 * 1024;

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw Errors.entityTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw Errors.badJson();
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw Errors.badJson();
  }
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  let payload: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') {
        try {
          payload = JSON.parse(value);
        } catch {
          throw Errors.badJson();
        }
      } else fields[field] = value;
    } else {
      files.push({
        field,
        filename: value.name || 'blob',
        contentType: value.type || 'application/octet-stream',
        bytes: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { body: payload ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): { status: number; body: unknown } {
  if (error instanceof DiscordHttpError) {
    sendJson(res, error.status, error.body, headers);
    return { status: error.status, body: error.body };
  }
  const body = { message: '500: Internal Server Error', code: 0 };
  sendJson(res, 500, body, headers);
  return { status: 500, body };
}

export type RouteParams = Record<string, string>;

export interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class Router<H> {
  readonly #routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The matching route, or a 404 / 405 DiscordHttpError like Discord's. */
  match(method: string, path: string): { handler: H; params: RouteParams } {
    const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    throw pathMatched ? Errors.methodNotAllowed() : Errors.notFound();
  }
}

function matchSegments(pattern: string[], parts: string[]): RouteParams | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = v;
    else if (p !== v) return undefined;
  }
  return params;
}
