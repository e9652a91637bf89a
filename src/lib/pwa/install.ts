// Installing Quadro: the browser's own prompt where there is one (beforeinstallprompt), the Share-sheet hint on iPad Safari.
import { createStore, type Readable } from './store.ts';

/** Chromium's event; not in TypeScript's DOM lib because it is not standard. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export interface InstallState {
  /** Running as an installed app (Home Screen / standalone window). */
  installed: boolean;
  /** The browser offered its install prompt, which `promptInstall` can show. */
  canPrompt: boolean;
  /** Safari on iPad/iPhone, in a tab: only the Share sheet installs, so show the hint. */
  showIosHint: boolean;
}

const IOS_HINT_DISMISSED_KEY = 'quadro.iosInstallHintDismissed';

let deferredPrompt: BeforeInstallPromptEvent | null = null;
const state = createStore<InstallState>({ installed: false, canPrompt: false, showIosHint: false });
const installedListeners = new Set<() => void>();
let watching = false;

export function isStandalone(): boolean {
  const iosStandalone = (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return iosStandalone || window.matchMedia('(display-mode: standalone)').matches;
}

/**
 * Safari on iOS and iPadOS. iPadOS Safari says "Macintosh" in its user agent, so a touch-capable
 * "Mac" counts as an iPad; other iOS browsers (CriOS, FxiOS, EdgiOS) cannot install either, but
 * the hint would point them to a Share item they lack, so they are left out.
 */
export function isIosSafari(userAgent: string, maxTouchPoints: number): boolean {
  const ios = /iPad|iPhone|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  return ios && /Safari\//.test(userAgent) && !/CriOS|FxiOS|EdgiOS|OPiOS/.test(userAgent);
}

function readDismissed(): boolean {
  try {
    return localStorage.getItem(IOS_HINT_DISMISSED_KEY) !== null;
  } catch {
    return false;
  }
}

/**
 * Starts listening for the install prompt. Call early in main.ts: Chromium fires
 * `beforeinstallprompt` once, soon after load, and the event is lost if nobody listens.
 */
export function watchInstall(): Readable<InstallState> {
  if (watching) return state;
  watching = true;
  const installed = isStandalone();
  state.set({
    installed,
    canPrompt: false,
    showIosHint: !installed && isIosSafari(navigator.userAgent, navigator.maxTouchPoints) && !readDismissed(),
  });
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's mini-infobar from showing at a random moment; the app offers it in context.
    event.preventDefault();
    deferredPrompt = event as BeforeInstallPromptEvent;
    state.set({ ...state.get(), canPrompt: true });
  });
  window.addEventListener('appinstalled', () => {
    deferredPrompt = null;
    state.set({ ...state.get(), installed: true, canPrompt: false, showIosHint: false });
    for (const listener of installedListeners) listener();
  });
  return state;
}

/** Shows the browser's install dialog; true when the user accepted. */
export async function promptInstall(): Promise<boolean> {
  const prompt = deferredPrompt;
  if (!prompt) return false;
  deferredPrompt = null;
  state.set({ ...state.get(), canPrompt: false });
  await prompt.prompt();
  const choice = await prompt.userChoice;
  return choice.outcome === 'accepted';
}

export function dismissIosHint(): void {
  try {
    localStorage.setItem(IOS_HINT_DISMISSED_KEY, new Date().toISOString());
  } catch {
    // Private mode: the hint comes back next time, which is harmless.
  }
  state.set({ ...state.get(), showIosHint: false });
}

/** Runs `listener` when the app gets installed (the moment to ask for persistent storage). */
export function onAppInstalled(listener: () => void): () => void {
  installedListeners.add(listener);
  return () => installedListeners.delete(listener);
}
