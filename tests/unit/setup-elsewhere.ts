// When QUADRO_TEST_NOW is set (the gate's second unit run), every test file starts its clock there: a
// test that depends on the hour, the date or the time zone fails in the gate, not in a user's hands.
import { vi } from 'vitest';

const start = process.env['QUADRO_TEST_NOW'];
if (start) {
  const now = Date.parse(start);
  if (Number.isNaN(now)) throw new Error(`QUADRO_TEST_NOW is not a date: ${start}`);
  // Only Date is faked: IndexedDB (fake-indexeddb) and the tests' own timers keep real time, and the
  // fake clock runs on, so a run that starts just before midnight crosses it.
  vi.useFakeTimers({ now, toFake: ['Date'], shouldAdvanceTime: true });
}
