// The one source of "now": code asks the clock, tests replace it, so nothing depends on the hour or the time zone.
import type { IsoTime } from './types.ts';

export interface Clock {
  /** The current instant as an ISO 8601 UTC string. */
  now(): IsoTime;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date().toISOString() };

let current: Clock = SYSTEM_CLOCK;

/** The clock in use. */
export function clock(): Clock {
  return current;
}

/** Replaces the clock (tests); returns a function that puts the previous one back. */
export function useClock(next: Clock): () => void {
  const previous = current;
  current = next;
  return () => {
    current = previous;
  };
}

/** A clock that starts at `start` and moves on by `stepMs` each time it is read: deterministic tests. */
export function steppingClock(start: IsoTime, stepMs = 1000): Clock {
  let t = Date.parse(start);
  return {
    now() {
      const value = new Date(t).toISOString();
      t += stepMs;
      return value;
    },
  };
}
