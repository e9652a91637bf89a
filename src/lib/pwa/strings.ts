// Moved to src/lib/i18n/pwa-strings.ts (one home for every label); kept so existing imports keep working.
export * from '../i18n/pwa-strings.ts';
