/** Which Discord failures pause a server (permanent) and which only delay the post (retried with the same nonce). */
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import { permanentProblem } from '../../bot/quiz/publish.ts';

const apiError = (code: number, status: number) =>
  new DiscordAPIError({ code, message: `error ${code}` }, code, status, 'POST', '/channels/1/messages', { body: undefined, files: undefined });

describe('permanentProblem', () => {
  it.each([
    [RESTJSONErrorCodes.UnknownChannel, 404, 'channel_missing'],
    [RESTJSONErrorCodes.MissingAccess, 403, 'missing_permissions'],
    [RESTJSONErrorCodes.MissingPermissions, 403, 'missing_permissions'],
  ])('Discord error %i is permanent (%s)', (code, status, expected) => {
    expect(permanentProblem(apiError(code, status))).toBe(expected);
  });

  it.each([
    ['a rate limit / server error body', apiError(0, 500)],
    ['an unknown message', apiError(RESTJSONErrorCodes.UnknownMessage, 404)],
    ['an HTTP error without a Discord body', new HTTPError(502, 'Bad Gateway', 'POST', '/channels/1/messages', { body: undefined, files: undefined })],
    ['a network failure', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a timeout', new DOMException('The operation was aborted', 'AbortError')],
  ])('%s is transient', (_, error) => {
    expect(permanentProblem(error)).toBeNull();
  });
});
