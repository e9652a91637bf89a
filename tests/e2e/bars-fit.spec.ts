// On upright tablets every command of the top bar and of the area's bar is whole and on screen: a label cut to
// "Archiv" or "Aggiungi" half hidden, or the ⋯ menu pushed past the edge, is a command a consultant cannot find.
import { test, expect } from './support/server-fixture.ts';
import { dismissFirstStart } from './support/quadro-page.ts';

const SIZES = [
  { name: 'Android tablet portrait', width: 800, height: 1280 },
  { name: 'iPad portrait', width: 820, height: 1180 },
  { name: 'iPad landscape', width: 1180, height: 820 },
];

for (const size of SIZES) {
  test.describe(`${size.name} (${size.width}×${size.height}, touch)`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, hasTouch: true, locale: 'it-IT' });

    test('every bar command shows its whole label inside the screen, before and after the first-start notice', async ({ quadro, server, page }) => {
      await quadro.open(server.url);
      const cut = () =>
        page.evaluate((width) => {
          const controls = [...document.querySelectorAll<HTMLElement>('header.bar button, header.bar select, .area-bar button')];
          return controls
            .filter((element) => element.getClientRects().length > 0)
            .map((element) => {
              const rect = element.getBoundingClientRect();
              return { name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '', clipped: element.scrollWidth > element.clientWidth + 1, right: rect.right };
            })
            .filter((control) => control.clipped || control.right > width + 0.5);
        }, size.width);
      expect(await cut()).toEqual([]);
      await dismissFirstStart(page);
      expect(await cut()).toEqual([]);
    });
  });
}
