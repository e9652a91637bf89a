// The browsers the end-to-end lanes drive, and the LibreOffice the unit tests' .xlsx round trip runs, from Debian:
// finds them, installs the missing ones (as root), runs Xvfb for WebKit.
// `tsx scripts/test-browsers.ts [lane…]` is the `pretest` step; the WebKit lane imports `startXvfb`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What each lane needs: the file that proves it is installed, and the Debian package that installs it. */
export const BROWSERS = {
  chromium: { path: process.env.QUADRO_CHROMIUM ?? '/usr/bin/chromium', debianPackage: 'chromium' },
  webkitDriver: { path: '/usr/bin/WebKitWebDriver', debianPackage: 'webkit2gtk-driver' },
  firefox: { path: process.env.QUADRO_FIREFOX ?? '/usr/bin/firefox-esr', debianPackage: 'firefox-esr' },
  xvfb: { path: '/usr/bin/Xvfb', debianPackage: 'xvfb' },
  // Issue 19: tests/unit/xlsx-libreoffice.test.ts edits Quadro's .xlsx in LibreOffice through its Python UNO bridge.
  libreoffice: { path: '/usr/bin/soffice', debianPackage: 'libreoffice-calc-nogui' },
  pythonUno: { path: '/usr/lib/python3/dist-packages/uno.py', debianPackage: 'python3-uno' },
} as const;

/** The WebKitGTK MiniBrowser that WebKitWebDriver starts, as its Debian package lists it. */
export function findMiniBrowser(): string {
  if (process.env.QUADRO_MINIBROWSER) return process.env.QUADRO_MINIBROWSER;
  const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
  const binary = files.split('\n').find((line) => line.endsWith('/MiniBrowser'));
  if (!binary || !existsSync(binary)) throw new Error('MiniBrowser not found in libwebkit2gtk-4.1-0 (dpkg -L libwebkit2gtk-4.1-0)');
  return binary;
}

/** Which of `BROWSERS` each lane needs. */
export const LANES: Record<string, (keyof typeof BROWSERS)[]> = {
  chromium: ['chromium'],
  webkit: ['webkitDriver', 'xvfb'],
  firefox: ['firefox'],
  libreoffice: ['libreoffice', 'pythonUno'],
};

function missingPackages(lanes: string[]): string[] {
  const needed = new Set(lanes.flatMap((lane) => LANES[lane] ?? []));
  return [...needed].filter((name) => !existsSync(BROWSERS[name].path)).map((name) => BROWSERS[name].debianPackage);
}

/**
 * Makes sure the browsers of `lanes` (default: every lane) are installed: installs the missing
 * Debian packages when running as root; otherwise stops with the one line to run.
 */
export function ensureBrowsers(lanes: string[] = Object.keys(LANES)): void {
  const unknown = lanes.filter((lane) => !(lane in LANES));
  if (unknown.length > 0) throw new Error(`Unknown lane(s) ${unknown.join(', ')}: use ${Object.keys(LANES).join(', ')}`);
  const missing = missingPackages(lanes);
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages that are missing. Run as root:\n\n  ${line}\n`);
    process.exit(1);
  }
  console.log(`Installing Debian packages for the tests: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt run (unattended upgrades, a colleague's install) instead of failing on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  execFileSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', [...lock, 'install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  const still = missingPackages(lanes);
  if (still.length > 0) throw new Error(`Still missing after apt-get install: ${still.join(' ')}`);
}

export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ":99". */
  display: string;
  stop(): Promise<void>;
}

/** Starts Xvfb on a free display number (Xvfb picks it and writes it to fd 3) and returns it. */
export async function startXvfb(): Promise<VirtualDisplay> {
  const xvfb: ChildProcess = spawn(BROWSERS.xvfb.path, ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const display = await new Promise<string>((done, reject) => {
    let number = '';
    const pipe = xvfb.stdio[3] as NodeJS.ReadableStream;
    pipe.on('data', (chunk: Buffer) => {
      number += chunk.toString();
      if (number.includes('\n')) done(`:${number.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
  return {
    display,
    stop: () =>
      new Promise<void>((done) => {
        if (xvfb.exitCode !== null) return done();
        xvfb.once('exit', () => done());
        xvfb.kill('SIGTERM');
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const lanes = process.argv.slice(2);
  ensureBrowsers(lanes.length > 0 ? lanes : undefined);
}
