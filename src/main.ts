// Entry point: opens the database, mounts the app, and starts it on the plan and area of the address.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './lib/state/app.svelte.ts';
import { listPlans, openDatabase } from './lib/db/repository.ts';
import { startServiceWorkerBridge } from './lib/pwa/sw-bridge.ts';
import { watchInstall } from './lib/pwa/install.ts';
import { isDataLost, markHadData, readHadData } from './lib/pwa/storage.ts';
import { yieldToBrowser } from './lib/state/yield.ts';
import { commitOpenEditors, flushPendingWrites } from './lib/state/pending-writes.ts';
import { afterFirstScreen, markFirstScreenShown } from './lib/state/first-screen.ts';

// Before anything else: Chromium fires beforeinstallprompt once, early.
watchInstall();

const db = openDatabase();
// Checked before start() seeds the default plan, which would refill an emptied database and hide the loss.
const dataLost = isDataLost(readHadData(), (await listPlans(db)).length);
const app = new AppState(db);
// Exposed for end-to-end tests and benchmarks, which drive the real app in a real browser.
(window as unknown as { quadro?: AppState }).quadro = app;
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { app, licenseKey: __HOT_LICENSE_KEY__, dataLost } });

// Issue 14: start-up runs as short tasks, not one long one. The shell is on screen; the browser
// paints it before the plan is read (and the grid is created in the effect that follows).
await yieldToBrowser();
try {
  await app.start();
  if (app.nav.plans.length > 0) markHadData();
  // No area, no grid: nothing else will say the first screen is there.
  if (!app.nav.area) markFirstScreenShown();
} finally {
  // The service worker's registration and update checks (and workbox-window) are not needed for the
  // first screen: after its grid is drawn (or after a failed start, so that an update can still fix it).
  await afterFirstScreen();
  await startServiceWorkerBridge({ commitOpenEditors, flushPendingWrites });
}
