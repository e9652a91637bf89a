// Whether the browser believes it is online, as a store for the indicator.
import { createStore, type Readable } from './store.ts';

const online = createStore<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine);
let watching = false;

/** `navigator.onLine`, kept current; it can say "online" on a network with no internet, never the reverse. */
export function watchConnection(): Readable<boolean> {
  if (!watching && typeof window !== 'undefined') {
    watching = true;
    window.addEventListener('online', () => online.set(true));
    window.addEventListener('offline', () => online.set(false));
    online.set(navigator.onLine);
  }
  return online;
}
