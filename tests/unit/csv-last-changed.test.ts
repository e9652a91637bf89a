// "Ultima modifica" reads as local time to a person, and the merge still gets the exact instant back.
import { describe, expect, it } from 'vitest';
import { formatLastChangedField, ORIGINAL_TEXT_TIME, parseLocalLastChanged } from '../../src/lib/csv/last-changed.ts';
import { parseLastChanged } from '../../src/lib/csv/parse.ts';
import { SEED_PLAN_NAME, SEED_TIME } from '../../src/lib/seed/parse-seed.ts';

const ROME_WINTER = (): number => 60;
const NEW_YORK_SUMMER = (): number => -240;

describe('Ultima modifica', () => {
  it('writes local date and time with the offset, then the author', () => {
    expect(formatLastChangedField('2026-11-26T13:34:31.000Z', 'Mario Rossi', ROME_WINTER)).toBe('26/11/2026 14:34:31 +01:00 · Mario Rossi');
    expect(formatLastChangedField('2026-07-01T02:05:09.000Z', 'Anna', NEW_YORK_SUMMER)).toBe('30/06/2026 22:05:09 -04:00 · Anna');
  });

  it('gives the merge the exact instant back, whatever the writer’s time zone', () => {
    for (const offset of [ROME_WINTER, NEW_YORK_SUMMER, () => 0, () => 330]) {
      const field = formatLastChangedField('2026-11-26T13:34:31.565Z', 'Mario Rossi', offset);
      expect(parseLastChanged(field)).toEqual({ at: '2026-11-26T13:34:31.565Z', by: 'Mario Rossi' });
    }
    expect(formatLastChangedField('2026-11-26T13:34:31.065Z', 'Mario Rossi', ROME_WINTER)).toBe('26/11/2026 14:34:31.065 +01:00 · Mario Rossi');
  });

  it('writes no made-up author when there is none', () => {
    const field = formatLastChangedField('2026-11-26T13:34:31.000Z', '', ROME_WINTER);
    expect(field).toBe('26/11/2026 14:34:31 +01:00');
    expect(parseLastChanged(field)).toEqual({ at: '2026-11-26T13:34:31.000Z', by: '' });
  });

  it('reads the untouched 2012 text as the original plan, not as a person, and gets its time back', () => {
    expect(ORIGINAL_TEXT_TIME).toBe(SEED_TIME);
    const field = formatLastChangedField(SEED_TIME, SEED_PLAN_NAME, ROME_WINTER);
    expect(field).toBe('Piano operativo 2012 (testo originale)');
    expect(parseLastChanged(field)).toEqual({ at: SEED_TIME, by: SEED_PLAN_NAME });
  });

  it('still reads files written before, with ISO times', () => {
    expect(parseLastChanged('2026-11-26T13:34:31.565Z · Mario Rossi')).toEqual({ at: '2026-11-26T13:34:31.565Z', by: 'Mario Rossi' });
    expect(parseLastChanged('2012-01-01T00:00:00.000Z · Piano operativo 2012')).toEqual({ at: SEED_TIME, by: 'Piano operativo 2012' });
  });

  it('refuses dates that do not exist', () => {
    expect(parseLocalLastChanged('31/02/2026 10:00:00 +01:00 · X')).toBeNull();
    expect(parseLocalLastChanged('26/11/2026 Mario')).toBeNull();
  });
});
