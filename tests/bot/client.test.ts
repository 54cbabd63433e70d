/** The client's outgoing-JSON shortcut must produce exactly what discord.js's own transformer produces. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EmbedBuilder, Options } from 'discord.js';
import { snakeCaseJson } from '../../bot/client.ts';

const discordJs = Options.createDefault().jsonTransformer as (value: unknown) => unknown;

/** What a transformer does with a value: its output, or the kind of error it throws (discord.js throws on some emoji strings). */
function outcome(transform: (value: unknown) => unknown, value: unknown): { output: unknown } | { throws: string } {
  try {
    return { output: transform(value) };
  } catch (error) {
    return { throws: (error as Error).constructor.name };
  }
}

describe('snakeCaseJson', () => {
  it('copies autocomplete choices as they are, as new objects', () => {
    const choices = [
      { name: 'xl list · 330.3 Xen', value: '330.3/xl/xl-list' },
      { name: 'Hipervisor', value: 42 },
    ];
    const out = snakeCaseJson(choices) as object[];
    expect(out).toEqual(discordJs(choices));
    expect(out[0]).not.toBe(choices[0]);
  });

  it('falls back to discord.js for camelCase keys, nested objects, emoji strings and JSON-encodable values', () => {
    const samples: unknown[] = [
      { name: 'a', value: 'a', nameLocalizations: { 'pt-BR': 'á' } },
      { customId: 'term:show:1', style: 1, label: 'Próxima' },
      { type: 2, emoji: '👍', custom_id: 'x' },
      { type: 2, emoji: '<:kvm:123456789012345678>', custom_id: 'x' },
      { embeds: [new EmbedBuilder().setTitle('t')], a1: 1, created: new Date(0) },
      { name_1: 'x', _private: 1, trailing_: 2, double__under: 3, Capital: 4, accentuação: 5 },
      [{ name: 'a', value: 'b' }, null, 3, 'text', [{ deepKey: 1 }]],
      null,
      'plain',
      7,
    ];
    for (const sample of samples) expect(snakeCaseJson(sample)).toEqual(discordJs(sample));
  });

  it('throws where discord.js throws: an emoji string that is not a valid URI component', () => {
    // Found by the property below (seed 832595309): discord.js decodes emoji strings with decodeURIComponent.
    const sample = [{ emoji: '%' }];
    expect(outcome(discordJs, sample)).toEqual({ throws: 'URIError' });
    expect(outcome(snakeCaseJson, sample)).toEqual({ throws: 'URIError' });
  });

  it('agrees with discord.js on arbitrary JSON', () => {
    const key = fc.oneof(fc.constantFrom('name', 'value', 'custom_id', 'nameLocalizations', 'emoji', 'a1', 'x__y', 'Ok', 'é'), fc.string({ maxLength: 8 }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(json.value, (value) => {
        expect(outcome(snakeCaseJson, value)).toEqual(outcome(discordJs, value));
      }),
    );
  });
});
