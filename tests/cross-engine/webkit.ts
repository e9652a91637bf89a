// The WebKit lane's driver: Debian's WebKitWebDriver driving WebKitGTK's MiniBrowser on a private Xvfb, through selenium-webdriver.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { By, Capabilities, Key as SeleniumKey, WebDriver } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http';
import { BROWSERS, findMiniBrowser, startXvfb } from '../../scripts/test-browsers.ts';
import { pageScript, waitFor, type EngineDriver, type Key, type Modifier } from './driver.ts';

const KEYS: Record<Key | Modifier, string> = {
  Enter: SeleniumKey.ENTER,
  Escape: SeleniumKey.ESCAPE,
  ArrowUp: SeleniumKey.ARROW_UP,
  ArrowDown: SeleniumKey.ARROW_DOWN,
  ArrowRight: SeleniumKey.ARROW_RIGHT,
  a: 'a',
  z: 'z',
  Control: SeleniumKey.CONTROL,
  Shift: SeleniumKey.SHIFT,
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session; `close` stops all three. */
export async function launchWebKit(): Promise<EngineDriver> {
  const display = await startXvfb();
  const port = await freePort();
  const service = spawn(BROWSERS.webkitDriver.path, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display.display },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stopAll = async (): Promise<void> => {
    if (service.exitCode === null) {
      const exited = new Promise((done) => service.once('exit', done));
      service.kill('SIGTERM');
      await exited;
    }
    await display.stop();
  };
  try {
    await waitFor('WebKitWebDriver to listen', async () => (await fetch(`${url}/status`)).ok, 15_000);
    const capabilities = new Capabilities({
      'webkitgtk:browserOptions': { binary: findMiniBrowser(), args: ['--automation'] },
      pageLoadStrategy: 'normal',
    });
    const driver = WebDriver.createSession(new Executor(new HttpClient(url)), capabilities);
    const session = await driver.getCapabilities();
    await driver.manage().window().setRect({ width: 1180, height: 820 });
    return new WebKitDriver(driver, `${String(session.get('browserName'))} ${String(session.get('browserVersion'))}`, async () => {
      await driver.quit().catch(() => undefined);
      await stopAll();
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
}

class WebKitDriver implements EngineDriver {
  readonly engine = 'webkit';
  readonly probesBeforeLoad = false;

  constructor(
    private readonly driver: WebDriver,
    readonly version: string,
    private readonly stop: () => Promise<void>,
  ) {}

  async goto(url: string): Promise<void> {
    await this.driver.get(url);
  }

  async reload(): Promise<void> {
    await this.driver.navigate().refresh();
  }

  async evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>> {
    return (await this.driver.executeScript(pageScript(fn as (...args: never[]) => unknown), ...args)) as Awaited<R>;
  }

  async click(css: string): Promise<void> {
    // Like Playwright's actionability wait: the grid re-renders after an undo, so retry a click
    // that met an element being replaced or not yet interactable.
    await waitFor(`a click on ${css}`, async () => {
      // WebKitWebDriver scrolls only the page, not a scrolling box inside it (the import dialog's
      // body): scroll the element into view first, as the user would with a finger.
      await this.evaluate((selector: string) => {
        const element = document.querySelector(selector);
        if (!element) return;
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, (Math.max(box.top, 0) + Math.min(box.bottom, innerHeight)) / 2);
        if (!hit || !(hit === element || element.contains(hit))) element.scrollIntoView({ block: 'center' });
      }, css);
      await this.driver.findElement(By.css(css)).click();
      return true;
    }, 10_000);
  }

  async fill(css: string, text: string): Promise<void> {
    const element = await this.driver.findElement(By.css(css));
    await element.clear();
    // WebKitWebDriver types "\n" as nothing: a new line is the Enter key, as on a keyboard.
    await element.sendKeys(text.replaceAll('\n', SeleniumKey.ENTER));
  }

  async type(text: string): Promise<void> {
    await this.driver.actions().sendKeys(text.replaceAll('\n', SeleniumKey.ENTER)).perform();
  }

  async press(key: Key, modifiers: Modifier[] = []): Promise<void> {
    let actions = this.driver.actions();
    for (const modifier of modifiers) actions = actions.keyDown(KEYS[modifier]);
    actions = actions.sendKeys(KEYS[key]);
    for (const modifier of [...modifiers].reverse()) actions = actions.keyUp(KEYS[modifier]);
    await actions.perform();
  }

  async chooseFile(css: string, path: string): Promise<void> {
    // WebDriver's "element send keys" on a file input sets its files, as the picker does.
    await this.driver.findElement(By.css(css)).sendKeys(path);
  }

  async close(): Promise<void> {
    await this.stop();
  }
}
