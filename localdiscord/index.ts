/**
 * Local Discord: a Discord-compatible REST + gateway server for end-to-end tests and the terminal playground.
 * The real discord.js client runs against it unchanged except for `rest: { api: server.restUrl }`.
 *
 * Faithful to Discord's documented behaviour:
 * - REST under /api/v10 with Discord's error bodies: unknown route 404 `{"message":"404: Not Found","code":0}`,
 *   405 for a known route with another method, 401 `{"message":"401: Unauthorized","code":0}` without the
 *   accepted `Bot <token>`, JSON error codes (10003 Unknown Channel, 10004, 10007, 10008 Unknown Message,
 *   10015, 10062 Unknown interaction, 10063, 40060 already acknowledged, 50001 Missing Access,
 *   50005, 50006 empty message, 50008, 50013 Missing Permissions, 50027, 50035 Invalid Form Body with
 *   Discord's nested `errors` object, 50109 invalid JSON).
 * - Message limits (content, embeds and their 6000-character total, action rows, buttons, selects, custom_id),
 *   autocomplete choices, modals, application command names/descriptions/options/localizations.
 * - Interactions: one initial response within the acknowledgement window (3 s, configurable), then the
 *   interaction webhook (follow-ups, `@original`) for the token lifetime (15 min); `?with_response=true` answers
 *   with the interaction callback response object, otherwise 204. A follow-up while a deferred reply is still
 *   loading edits that reply (documented backwards compatibility). Ephemeral messages are only reachable through
 *   the interaction webhook. Interaction responses need no channel permission (they are webhooks).
 * - Channel permissions computed as documented (base from @everyone and roles, owner/ADMINISTRATOR, then
 *   @everyone, role and member overwrites; no VIEW_CHANNEL → 50001; SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES →
 *   50013). `enforce_nonce` returns the earlier message for a repeated nonce in the same channel.
 * - Multipart bodies (`payload_json` + `files[n]`), attachments kept byte for byte and served under
 *   `/attachments/...`; `attachments[]` on edit keeps/drops existing files.
 * - Gateway: HELLO, heartbeat ACK, IDENTIFY (token → 4004, intents → 4013/4014 for unknown or non-enabled
 *   privileged intents, shard → 4010, more than 2,500 guilds on one shard → 4011), READY (v, user, unavailable guilds, session_id, resume_gateway_url,
 *   shard, application) then GUILD_CREATE per guild, RESUME with replay or INVALID_SESSION, 4001/4002/4003/4005/
 *   4012 closes. Dispatches filtered by intents and shard. INTERACTION_CREATE payloads carry guild, channel,
 *   member with permissions, app_permissions, locale, guild_locale, token, version, entitlements,
 *   authorizing_integration_owners, context and `resolved` data. Sharding: IDENTIFY's `shard: [id, count]`
 *   gets READY and GUILD_CREATEs for that shard's guilds only ((guild_id >> 22) % count), and a guild's events
 *   and interactions go to the session owning it; GET /gateway/bot recommends one shard per 1,000 guilds.
 * - HTTP interactions (`setInteractionsEndpoint`): interactions POSTed to the endpoint instead of the gateway,
 *   signed with an Ed25519 key generated per server (`publicKey`), the URL checked on save as Discord does
 *   (PONG to a signed PING, 401 to a bad signature); the initial response comes in the HTTP answer (200) or
 *   through the REST callback (empty 2xx).
 *
 * Simplified:
 * - One application, one bot user (id = application id); no DMs, threads, reactions, webhooks other than the
 *   interaction webhook, audit logs, or message/member gateway events (MESSAGE_CREATE is never sent).
 * - Rate limits only when started with `rateLimits` (rate-limits.ts: a global limit per bot token, interaction
 *   endpoints exempt, and per-route buckets per top-level resource, with Discord's headers and 429 bodies);
 *   without it no X-RateLimit headers, which discord.js treats as unlimited. No zlib/etf (text JSON only).
 * - Heartbeats are acknowledged but missed heartbeats never close the connection.
 * - HTTP interaction delivery reads a 200 answer as JSON only (no multipart files in the HTTP response), and
 *   never retries.
 * - Error codes/messages for rarely hit validation paths (component layout, invalid callback type, some
 *   command rules) are close approximations; the 4000-character command limit counts default-locale text only.
 * - Attachment options in slash commands are not supported; context-menu commands cannot be triggered.
 * - Components V2 messages are stored and their interactive children validated, layout limits are not.
 */
export { LocalDiscord, startLocalDiscord } from './server.ts';
export type {
  AutocompleteAction,
  ButtonAction,
  ChannelKind,
  CreateChannelOptions,
  CreateGuildOptions,
  LocalDiscordEvents,
  LocalDiscordOptions,
  LocalGuild,
  MemberOptions,
  ModalAction,
  OverwriteInput,
  SelectAction,
  SlashCommandAction,
} from './server.ts';
export {
  InteractionTimeoutError,
  UserActionError,
  type IdentifyRecord,
  type InteractionHandle,
  type InteractionResponse,
  type LocalFile,
  type LocalMessage,
  type RequestLogEntry,
  type UploadedFile,
  type UserInput,
  type UserRef,
} from './types.ts';
export type { OptionValue } from './interaction-payloads.ts';
export type { PermissionName, PermissionsInput } from './permissions.ts';
export { SnowflakeGenerator, snowflakeTimestamp } from './snowflake.ts';
export type { DeliveryRecord } from './http-delivery.ts';
export { DEFAULT_ROUTE_BUCKETS, type RateLimitOptions, type RateLimitStats, type RouteBucketRule } from './rate-limits.ts';
