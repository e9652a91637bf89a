// Constants replaced at build time (see vite.config.ts).
declare const __HOT_LICENSE_KEY__: string;
declare const __APP_VERSION__: string;
/** Issue 22: the sync servers this build may reach (vite.config.ts, QUADRO_SYNC_ORIGINS). */
declare const __SYNC_ORIGINS__: string[];
