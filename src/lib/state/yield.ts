// Ends the current task so the browser can paint and handle input before the next piece of start-up.

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolves in a new task: `scheduler.yield()` where the browser has it (the continuation keeps its
 * place ahead of other queued work), a zero-delay `setTimeout` elsewhere (Safari, Firefox).
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
