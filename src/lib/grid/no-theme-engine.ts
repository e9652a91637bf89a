// Issue 25: stands in, at build time only (vite.config.ts `quadro-no-theme-engine`), for Handsontable's JavaScript
// theme engine and its built-in theme objects (≈ 50 KB raw, 8 KB gzipped of the first screen). Quadro names its
// theme with `themeName: 'ht-theme-main'` (grid-settings.ts) and styles it with Handsontable's CSS file, and with a
// theme name Handsontable never builds a ThemeManager (core.mjs `init`/`updateSettings` call `initializeThemeManager`
// only for a theme object, or when neither `theme` nor `themeName` is set). Every entry that would need the real
// engine throws, so a settings change that did need it fails loudly in the end-to-end tests instead of drawing an
// unstyled grid.

const UNAVAILABLE =
  "Quadro's build leaves out Handsontable's JavaScript theme engine (src/lib/grid/no-theme-engine.ts): set `themeName` to a CSS theme, or remove the `quadro-no-theme-engine` plugin from vite.config.ts.";

function unavailable(): never {
  throw new Error(UNAVAILABLE);
}

/** handsontable/themes/engine/manager.mjs `isThemeOverrideEmpty`, which core.mjs calls with no ThemeManager too. */
export function isThemeOverrideEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '';
}

export const createThemeManager = unavailable;
export const createTheme = unavailable;
export const registerTheme = unavailable;
export const reinitTheme = unavailable;
/** No theme object is registered: Handsontable asks only when it would build one. */
export const hasTheme = (_name: string): boolean => false;
export const getTheme = (_name: string): undefined => undefined;
export const getThemeNames = (): string[] => [];
export const getThemes = (): unknown[] => [];
/** Only read by core.mjs to register it when a ThemeManager is built, which the stub refuses first. */
export const mainTheme = undefined;
