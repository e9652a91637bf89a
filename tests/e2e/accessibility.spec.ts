// Accessibility to the public-sector standard (EN 301 549 / WCAG 2.1 AA): axe-core on every screen at two tablet sizes.
// A screen is one entry of SCREENS: its name and how a user gets there from the plan just opened. Add new screens
// (sync settings, …) there; each runs at both viewports.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { dismissFirstStart, type QuadroPage } from './support/quadro-page.ts';
import { auditPage, KNOWN_EXCEPTIONS, summarise } from './support/axe.ts';

const FIXTURES = new URL('../fixtures/csv/', import.meta.url);

interface Screen {
  name: string;
  /** Opens the screen from the plan as it first opens (first-start notices still up unless the screen closes them). */
  open: (quadro: QuadroPage, page: Page) => Promise<void>;
}

async function ready(quadro: QuadroPage): Promise<void> {
  await dismissFirstStart(quadro.page);
}

const SCREENS: Screen[] = [
  { name: 'first start (welcome notices)', open: async () => {} },
  {
    name: 'main, a cell selected',
    open: async (quadro) => {
      await ready(quadro);
      await quadro.goToCell(1, 2);
    },
  },
  {
    name: 'area menu',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.goToCell(1, 2);
      await page.getByTestId('area-more').click();
      await expect(page.getByRole('menu')).toBeVisible();
    },
  },
  {
    name: 'large editor',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.goToCell(1, 2);
      await page.getByTestId('edit-cell').click();
      await expect(page.getByTestId('cell-editor-text')).toBeVisible();
    },
  },
  {
    name: 'search',
    open: async (quadro, page) => {
      await ready(quadro);
      await page.getByTestId('open-search').click();
      await page.getByTestId('search-input').fill('attivita');
      await expect(page.getByTestId('search-hit').first()).toBeVisible();
    },
  },
  {
    name: 'cell history',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.editInLargeEditor(1, 2, 'Testo cambiato per la cronologia');
      await quadro.expectStatusSaved();
      await quadro.goToCell(1, 2);
      await quadro.menuCommand('area-more', /Cronologia della cella/);
      await expect(page.getByTestId('cell-history')).toBeVisible();
    },
  },
  {
    name: '"Cosa è cambiato"',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.editInLargeEditor(1, 2, 'Testo cambiato oggi');
      await quadro.expectStatusSaved();
      await quadro.menuCommand('area-more', /Cosa è cambiato/);
      await expect(page.getByTestId('area-changes')).toBeVisible();
    },
  },
  {
    name: 'import preview with a conflict',
    open: async (quadro, page) => {
      await ready(quadro);
      // The fixture changes GOVERNANCE NAZIONALE · Risultati previsti al 2011; changed here too, it is a conflict.
      await quadro.editInLargeEditor(1, 2, 'Versione scritta su questo tablet');
      await quadro.expectStatusSaved();
      await quadro.menuCommand('top-more', 'Importa CSV');
      await page.getByTestId('import-file').setInputFiles(new URL('plan-2012-immigrazione-edited-libreoffice-utf8-tab.csv', FIXTURES).pathname);
      await expect(page.getByTestId('import-dialog').getByTestId('conflict')).toHaveCount(1);
    },
  },
  {
    name: 'export',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.menuCommand('top-more', 'Esporta CSV');
      await expect(page.getByTestId('export-dialog')).toBeVisible();
    },
  },
  {
    name: 'backup and storage',
    open: async (quadro, page) => {
      await ready(quadro);
      await page.getByTestId('storage-toggle').click();
      await expect(page.getByTestId('backup-export')).toBeVisible();
    },
  },
  {
    name: 'indicators',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.menuCommand('top-more', 'Indicatori');
      await expect(page.getByTestId('indicators-summary')).toBeVisible();
    },
  },
  {
    name: 'presentation',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.menuCommand('top-more', 'Presenta');
      await expect(page.getByTestId('present-ambito')).toBeVisible();
    },
  },
  {
    name: 'team sync settings',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.menuCommand('plan-menu', /^Sincronizzazione/);
      await expect(page.getByTestId('sync-panel').getByTestId('sync-url')).toBeVisible();
    },
  },
  {
    name: 'print view',
    open: async (quadro, page) => {
      await ready(quadro);
      await quadro.menuCommand('top-more', 'Stampa il piano');
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByTestId('print-area').first()).toBeVisible();
    },
  },
];

const VIEWPORTS = [
  { name: 'iPad landscape', width: 1180, height: 820 },
  { name: 'Android tablet portrait', width: 800, height: 1280 },
];

for (const viewport of VIEWPORTS) {
  test.describe(`axe at ${viewport.name} (${viewport.width}×${viewport.height}, touch)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true, locale: 'it-IT' });

    for (const screen of SCREENS) {
      test(`no violations: ${screen.name}`, async ({ quadro, server, page }) => {
        // The print dialog is the browser's: record the call instead of opening it.
        await page.addInitScript(() => {
          window.print = () => document.documentElement.setAttribute('data-printed', 'true');
        });
        await quadro.open(server.url);
        await screen.open(quadro, page);
        const violations = await auditPage(page);
        if (process.env.QUADRO_AXE_REPORT) console.log(`AXE\t${viewport.name}\t${screen.name}\t${violations.reduce((n, v) => n + v.nodes.length, 0)}\t${violations.map((v) => `${v.rule}×${v.nodes.length}`).join(' ')}`);
        expect(violations, summarise(violations)).toEqual([]);
      });
    }
  });
}

test('every exception the audit allows is listed, with its reason, in docs/ACCESSIBILITY.md', () => {
  const doc = readFileSync(new URL('../../docs/ACCESSIBILITY.md', import.meta.url), 'utf8');
  for (const exception of KNOWN_EXCEPTIONS) {
    expect(doc, `${exception.rule} ${exception.selector}`).toContain(`\`${exception.rule}\``);
    expect(doc, `${exception.rule} ${exception.selector}`).toContain(`\`${exception.selector}\``);
  }
});
