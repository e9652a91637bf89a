// Issue 25: what the first screen does not need (the search index, the backup status, the print view, the
// service worker) waits until the grid's first cells are on screen and the browser is idle, so it is neither
// fetched nor run before them.

/** Without a grid to wait for (no plan, a failed start), the deferred work starts after this long. */
export const FIRST_SCREEN_WAIT_MS = 5_000;
/** requestIdleCallback's own limit: deferred work is not put off forever on a busy page. */
const IDLE_TIMEOUT_MS = 1_000;

let markShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => {
  markShown = resolve;
});
let fallback: ReturnType<typeof setTimeout> | null = null;

/** The grid has drawn its first rows (MatrixGrid), or the app knows there will be no grid (main.ts). */
export function markFirstScreenShown(): void {
  markShown();
}

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    const idle = (): void => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
      else setTimeout(resolve, 0);
    };
    // A frame first (the grid's cells painted), then an idle moment (Safari has no requestIdleCallback).
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(idle, 0));
    else setTimeout(idle, 0);
  });
}

/** Resolves once the first screen is shown (or `FIRST_SCREEN_WAIT_MS` passed without it) and the browser is idle. */
export async function afterFirstScreen(): Promise<void> {
  fallback ??= setTimeout(markShown, FIRST_SCREEN_WAIT_MS);
  await shown;
  await whenIdle();
}
