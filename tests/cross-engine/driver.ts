// What the cross-engine smoke needs from a browser, engine-neutral: WebKit (WebDriver) and Firefox (WebDriver BiDi) implement it.

/** Keys the smoke presses; the drivers map them to their protocol's names. */
export type Key = 'Enter' | 'Escape' | 'ArrowUp' | 'ArrowDown' | 'ArrowRight' | 'a' | 'z';
export type Modifier = 'Control' | 'Shift';

export interface EngineDriver {
  /** 'webkit' or 'firefox', and the browser's own version string, for the report. */
  readonly engine: string;
  readonly version: string;
  /** Opens `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Reloads the page and waits for its load event. */
  reload(): Promise<void>;
  /**
   * Runs `fn` in the page and returns its (JSON) result, awaiting a promise. `fn` travels as source
   * text, so it may use only its arguments and the page's globals, never variables of the test.
   */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>>;
  /** A real pointer click (the protocol's, not a script's) on the element matching `css`. */
  click(css: string): Promise<void>;
  /** Replaces the value of the text field matching `css` by typing `text` (newlines as Enter). */
  fill(css: string, text: string): Promise<void>;
  /** Types `text` into the focused element, key by key. */
  type(text: string): Promise<void>;
  press(key: Key, modifiers?: Modifier[]): Promise<void>;
  /** Chooses a file on the `<input type="file">` matching `css`, as the file picker would. */
  chooseFile(css: string, path: string): Promise<void>;
  /**
   * True when the probe script runs before the page's own scripts on every load (a BiDi preload
   * script); false when the protocol can only add it after the load (WebDriver classic).
   */
  readonly probesBeforeLoad: boolean;
  close(): Promise<void>;
}

/**
 * Wraps `fn`'s source so it runs in a page: tsx (esbuild with keepNames) puts `__name(…)` calls
 * into compiled functions, which do not exist in the page (puppeteer issue #11624, tsx issue #113).
 */
export function pageScript(fn: (...args: never[]) => unknown): string {
  return `const __name = (target) => target; return (${fn.toString()}).apply(null, arguments);`;
}

/** Polls `probe` until it returns a value other than null/undefined/false, or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.name} ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
