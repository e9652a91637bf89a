// Entry point: opens the database, mounts the app, and starts it on the plan and area of the address.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './lib/state/app.svelte.ts';
import { openDatabase } from './lib/db/repository.ts';
import { Exchange } from './lib/state/exchange.svelte.ts';

const db = openDatabase();
const app = new AppState(db);
const exchange = new Exchange(app);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { app, exchange, licenseKey: __HOT_LICENSE_KEY__ } });
void app.start().then(() => exchange.load());

// Exposed for end-to-end tests and benchmarks, which drive the real app in a real browser.
(window as unknown as { quadro?: AppState }).quadro = app;
