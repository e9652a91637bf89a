// Debian's Chromium and the flags it needs here (no sandbox as root, no network chatter): one list for tests and benchmarks.
export const CHROMIUM_PATH = process.env.QUADRO_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
