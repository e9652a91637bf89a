// Entry point: opens the database, mounts the app, and starts it on the plan and area of the address.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './lib/state/app.svelte.ts';
import { openDatabase } from './lib/db/repository.ts';
import { Exchange } from './lib/state/exchange.svelte.ts';
import { startServiceWorkerBridge } from './lib/pwa/sw-bridge.ts';
import { watchInstall } from './lib/pwa/install.ts';
import { isDataLost, markHadData, readHadData } from './lib/pwa/storage.ts';
import { countPlans } from './lib/db/backup-store.ts';

// Before anything else: Chromium fires beforeinstallprompt once, early.
watchInstall();
startServiceWorkerBridge();

const db = openDatabase();
// Checked before start() seeds the default plan, which would refill an emptied database and hide the loss.
const dataLost = isDataLost(readHadData(), await countPlans(db));
const app = new AppState(db);
const exchange = new Exchange(app);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { app, exchange, licenseKey: __HOT_LICENSE_KEY__, dataLost } });
void app
  .start()
  .then(() => {
    if (app.plans.length > 0) markHadData();
  })
  .then(() => exchange.load());

// Exposed for end-to-end tests and benchmarks, which drive the real app in a real browser.
(window as unknown as { quadro?: AppState }).quadro = app;
