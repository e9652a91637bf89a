// The zip container of an .xlsx, both ways: the only user of fflate (synchronous calls only, so it runs in any worker under the app's CSP).
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** Why a zip could not be opened: not a zip at all, or parts that would unpack past the cap. */
export type UnzipFailure = { kind: 'not-zip'; cause: string } | { kind: 'too-large'; unpackedBytes: number };

/**
 * The wanted parts of a zip, decompressed. A part's size is what the zip's directory declares, and
 * fflate never writes past it, so a "zip bomb" (a few kB that claim or inflate to gigabytes) is
 * refused from the directory alone when the parts it would unpack add up to more than `maxBytes`,
 * before anything is inflated; a part that lies about its size comes out cut, and fails as XML.
 */
export function unzipParts(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  maxBytes: number,
): { ok: true; parts: Map<string, Uint8Array>; declaredBytes: number } | { ok: false; failure: UnzipFailure } {
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (wanted(file.name)) declared += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    return { ok: false, failure: { kind: 'not-zip', cause: String(error) } };
  }
  if (declared > maxBytes) return { ok: false, failure: { kind: 'too-large', unpackedBytes: declared } };
  try {
    const files = unzipSync(bytes, { filter: (file) => wanted(file.name) });
    return { ok: true, parts: new Map(Object.entries(files)), declaredBytes: declared };
  } catch (error) {
    return { ok: false, failure: { kind: 'not-zip', cause: String(error) } };
  }
}

/** Every part's time in the zip: fixed, so the same plan gives the same bytes (and no clock is read). */
const PART_TIME = new Date(1980, 0, 1);

/**
 * fflate's fastest deflate: on a 20,000-row plan (48 MB of XML) level 1 took 1.1 s and made 11.7 MB,
 * level 6 took 2.3 s for 9.8 MB (docs/PERFORMANCE.md, ".xlsx"); a plan of a few hundred rows is small at any level.
 */
const DEFLATE_LEVEL = 1;

/** A zip of the parts, deflated, in the order given (`[Content_Types].xml` first, as Office writes it). */
export function zipParts(parts: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of parts) files[name] = data;
  return zipSync(files, { level: DEFLATE_LEVEL, mtime: PART_TIME });
}
