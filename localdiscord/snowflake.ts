/** Discord-style snowflakes: 42 bits of milliseconds since the Discord epoch, 5 worker bits, 5 process bits, 12 increment bits. */

export const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  #increment = 0n;
  readonly #worker: bigint;
  readonly #process: bigint;

  constructor(worker = 1, processId = 0) {
    this.#worker = BigInt(worker & 0x1f);
    this.#process = BigInt(processId & 0x1f);
  }

  next(at: number = Date.now()): string {
    const increment = this.#increment;
    this.#increment = (this.#increment + 1n) & 0xfffn;
    const ms = BigInt(Math.floor(at)) - DISCORD_EPOCH;
    return ((ms << 22n) | (this.#worker << 17n) | (this.#process << 12n) | increment).toString();
  }
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}
