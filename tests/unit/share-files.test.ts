// The share sheet gets the files with a title and a text that say what they are; a browser that refuses words beside files still gets the files.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shareFiles } from '../../src/lib/files/share-files.ts';
import { it as italian } from '../../src/lib/i18n/it.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const file = new File(['AMBITO;Risultati\r\n'], 'quadro_piano.csv', { type: 'text/csv' });

describe('sharing an export', () => {
  it('passes a title and a text naming plan, area, author and date', async () => {
    const share = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { share, canShare: () => true });
    const t = italian;
    const words = { title: t.shareTitle('Piano operativo 2012', 'AREA IMMIGRAZIONE'), text: t.shareTextAnyFormat('Piano operativo 2012', 'AREA IMMIGRAZIONE', 'Mario Rossi', '26/11/26, 14:34') };
    expect(await shareFiles([file], words)).toBe(true);
    expect(share).toHaveBeenCalledWith({ files: [file], ...words });
    expect(words.title).toBe('Quadro: Piano operativo 2012 – AREA IMMIGRAZIONE');
    expect(words.text).toContain('Mario Rossi');
    expect(words.text).toContain('26/11/26, 14:34');
  });

  it('shares the files alone where the browser does not take words beside them', async () => {
    const share = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { share, canShare: (data: ShareData) => data.text === undefined && data.title === undefined });
    expect(await shareFiles([file], { title: 'Quadro', text: 'testo' })).toBe(true);
    expect(share).toHaveBeenCalledWith({ files: [file] });
  });

  it('says false, not an error, when the user closes the sheet', async () => {
    vi.stubGlobal('navigator', { share: async () => Promise.reject(new DOMException('closed', 'AbortError')), canShare: () => true });
    expect(await shareFiles([file], { title: 'Quadro', text: 'testo' })).toBe(false);
  });
});
