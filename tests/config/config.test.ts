/** The sharding, HTTP interactions and scheduler variables: parsed values, and one line naming the variable for each bad value. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const KEY = 'a'.repeat(64);
const load = (env: Record<string, string>) => loadConfig(env, '/nonexistent/.env');

function problem(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(1);
    return problems[0]!;
  }
  throw new Error('the configuration was accepted');
}

describe('sharding', () => {
  it('reads a count, auto, and shard ids as lists or ranges', () => {
    expect(load({}).SHARD_COUNT).toBeUndefined();
    expect(load({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
    expect(load({ SHARD_COUNT: '4', SHARD_IDS: '2, 0' })).toMatchObject({ SHARD_COUNT: 4, SHARD_IDS: [0, 2] });
    expect(load({ SHARD_COUNT: '8', SHARD_IDS: '0-2,6' }).SHARD_IDS).toEqual([0, 1, 2, 6]);
  });

  it.each([
    [{ SHARD_COUNT: '0' }, /^SHARD_COUNT must be a positive integer or "auto"/],
    [{ SHARD_COUNT: 'two' }, /^SHARD_COUNT must be a positive integer/],
    [{ SHARD_COUNT: '-1' }, /^SHARD_COUNT /],
    [{ SHARD_IDS: '0' }, /^SHARD_IDS needs SHARD_COUNT/],
    [{ SHARD_COUNT: 'auto', SHARD_IDS: '0' }, /^SHARD_IDS needs a numeric SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_IDS: '0,2' }, /^SHARD_IDS has shard 2, but SHARD_COUNT is 2/],
    [{ SHARD_COUNT: '4', SHARD_IDS: 'a' }, /^SHARD_IDS must be shard ids/],
    [{ SHARD_COUNT: '4', SHARD_IDS: '3-1' }, /^SHARD_IDS names no shard/],
    // Refused before the range is expanded: building ten billion ids would hang the startup.
    [{ SHARD_COUNT: '4', SHARD_IDS: '0-9999999999' }, /^SHARD_IDS must name shards below 1000000[^\n]*$/],
    [{ SHARD_COUNT: '4', SHARD_IDS: '1000000' }, /^SHARD_IDS must name shards below 1000000/],
  ])('%j is refused on one line naming the variable', (env, message) => {
    expect(problem(env)).toMatch(message);
  });
});

describe('HTTP interactions', () => {
  it('reads the port and lower-cases the public key', () => {
    expect(load({ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: 'AB'.repeat(32) })).toMatchObject({ INTERACTIONS_PORT: 8080, DISCORD_PUBLIC_KEY: 'ab'.repeat(32) });
  });

  it.each([
    [{ INTERACTIONS_PORT: '70000', DISCORD_PUBLIC_KEY: KEY }, /^INTERACTIONS_PORT must be a port number/],
    [{ INTERACTIONS_PORT: 'http', DISCORD_PUBLIC_KEY: KEY }, /^INTERACTIONS_PORT must be a port number/],
    [{ INTERACTIONS_PORT: '8080' }, /^DISCORD_PUBLIC_KEY is required with INTERACTIONS_PORT/],
    [{ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: 'abc' }, /^DISCORD_PUBLIC_KEY must be the application's public key/],
    [{ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: KEY, SHARD_COUNT: '2' }, /^SHARD_COUNT has no meaning with INTERACTIONS_PORT/],
  ])('%j is refused on one line naming the variable', (env, message) => {
    expect(problem(env)).toMatch(message);
  });
});

describe('scheduler election', () => {
  it('defaults to auto and refuses other words', () => {
    expect(load({}).SCHEDULER).toBe('auto');
    expect(load({ SCHEDULER: 'off' }).SCHEDULER).toBe('off');
    expect(problem({ SCHEDULER: 'leader' })).toMatch(/^SCHEDULER must be auto, on or off/);
  });
});
