import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysFromMask, parseDayList, ScheduleError } from '../../src/schedule/index.ts';

const days = (text: string) => daysFromMask(parseDayList(text));

describe('parseDayList', () => {
  it.each([
    ['todos', [1, 2, 3, 4, 5, 6, 7]],
    ['All', [1, 2, 3, 4, 5, 6, 7]],
    ['seg-sex', [1, 2, 3, 4, 5]],
    ['mon - fri', [1, 2, 3, 4, 5]],
    ['seg,qua,sex', [1, 3, 5]],
    ['Segunda-feira, Quarta-feira', [1, 3]],
    ['sáb dom', [6, 7]],
    ['1-5', [1, 2, 3, 4, 5]],
    ['sex-seg', [1, 5, 6, 7]],
    ['ter–qui, sab', [2, 3, 4, 6]],
    ['dias úteis', [1, 2, 3, 4, 5]],
    ['weekend', [6, 7]],
  ])('%s', (text, expected) => {
    expect(days(text)).toEqual(expected);
  });

  it.each(['', '  ', 'segundo', 'seg-', '-sex', 'seg-qua-sex', '0', '8', 'mon,funday', 'constructor', '__proto__', 'toString', 'seg,valueOf', 'constructor-sex', 'hasOwnProperty'])('rejects %j with invalid_days', (text) => {
    try {
      parseDayList(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleError);
      expect((error as ScheduleError).code).toBe('invalid_days');
    }
  });
});

describe('parseDayList with any text', () => {
  const words = ['seg', 'sex', 'mon', 'todos', 'weekend', 'constructor', '__proto__', 'toString', 'valueOf', '-', ',', ' ', '1', '7', 'feira'];
  const dayText = fc.oneof(fc.string(), fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((parts) => parts.join('')), fc.string({ unit: 'grapheme' }));

  it('returns a mask from 1 to 127 or refuses with invalid_days; it never throws anything else', () => {
    fc.assert(
      fc.property(dayText, (text) => {
        try {
          const mask = parseDayList(text);
          expect(Number.isInteger(mask) && mask >= 1 && mask <= 127).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ScheduleError);
          expect((error as ScheduleError).code).toBe('invalid_days');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
