import { describe, expect, test } from 'vitest';
import { FormErrors } from '../../localdiscord/errors.ts';
import { SnowflakeGenerator, snowflakeTimestamp } from '../../localdiscord/snowflake.ts';
import { validateMessageBody } from '../../localdiscord/validate-message.ts';

describe('Invalid Form Body error trees', () => {
  test('errors nest by path with _errors leaves', () => {
    const e = new FormErrors();
    e.maxLength(['data', 'choices'], new Array(26).fill(0), 25);
    e.badLength(['data', 'choices', 3, 'name'], '', 1, 100);
    expect(e.tree).toEqual({
      data: {
        choices: {
          _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }],
          3: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } },
        },
      },
    });
  });

  test('lengths count code points, not UTF-16 units', () => {
    const e = new FormErrors();
    validateMessageBody({ content: '😀'.repeat(2000) }, [], e);
    expect(e.empty).toBe(true);
  });

  test('the 6000-character total spans all embeds of a message', () => {
    const e = new FormErrors();
    const embed = { title: 't'.repeat(256), description: 'd'.repeat(2000), fields: [{ name: 'n', value: 'v'.repeat(1000) }] };
    validateMessageBody({ embeds: [embed, embed] }, [], e);
    expect(e.tree).toEqual({ embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] } });
  });
});

describe('snowflakes', () => {
  test('encode their creation time and increase', () => {
    const ids = new SnowflakeGenerator();
    const at = Date.UTC(2024, 4, 1, 12, 0, 0);
    const a = ids.next(at);
    const b = ids.next(at);
    expect(snowflakeTimestamp(a)).toBe(at);
    expect(BigInt(b)).toBeGreaterThan(BigInt(a));
  });
});
