// Constants replaced at build time (see vite.config.ts).
declare const __HOT_LICENSE_KEY__: string;
declare const __APP_VERSION__: string;
