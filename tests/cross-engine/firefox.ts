// The Firefox lane's driver: Debian's firefox-esr through puppeteer-core over WebDriver BiDi (no browser download).
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { BROWSERS } from '../../scripts/test-browsers.ts';
import { installProbe } from './in-page.ts';
import { pageScript, type EngineDriver, type Key, type Modifier } from './driver.ts';

/** Starts a headless firefox-esr with a fresh profile; `close` ends it and removes the profile. */
export async function launchFirefox(): Promise<EngineDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: BROWSERS.firefox.path,
    headless: true,
    defaultViewport: { width: 1180, height: 820 },
    extraPrefsFirefox: { 'intl.accept_languages': 'it-IT, it' },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  // A BiDi preload script: the probe is in place before Quadro's own scripts on every load.
  await page.evaluateOnNewDocument(installProbe, 'before the page scripts');
  return new FirefoxDriver(browser, page, await browser.version());
}

class FirefoxDriver implements EngineDriver {
  readonly engine = 'firefox';
  readonly probesBeforeLoad = true;

  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    readonly version: string,
  ) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
  }

  async evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>> {
    // The same wrapped source as in WebDriver, so both lanes run exactly the same page code.
    const body = pageScript(fn as (...args: never[]) => unknown);
    return (await this.page.evaluate(`(function () { ${body} }).apply(null, ${JSON.stringify(args)})`)) as Awaited<R>;
  }

  async click(css: string): Promise<void> {
    const element = await this.page.waitForSelector(css);
    if (!element) throw new Error(`No element ${css}`);
    await element.click();
    await element.dispose();
  }

  async fill(css: string, text: string): Promise<void> {
    const element = await this.page.waitForSelector(css);
    if (!element) throw new Error(`No element ${css}`);
    await element.click();
    await this.press('a', ['Control']);
    await this.page.keyboard.press('Backspace');
    await this.type(text);
    await element.dispose();
  }

  async type(text: string): Promise<void> {
    // Key by key, so the grid sees the keydown that opens its in-place editor; a newline is Enter.
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.page.keyboard.press('Enter');
      await this.page.keyboard.type(line);
    }
  }

  async press(key: Key, modifiers: Modifier[] = []): Promise<void> {
    for (const modifier of modifiers) await this.page.keyboard.down(modifier);
    await this.page.keyboard.press(key);
    for (const modifier of [...modifiers].reverse()) await this.page.keyboard.up(modifier);
  }

  async chooseFile(css: string, path: string): Promise<void> {
    const input = (await this.page.$(css)) as ElementHandle<HTMLInputElement> | null;
    if (!input) throw new Error(`No file input ${css}`);
    await input.uploadFile(path);
    await input.dispose();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
