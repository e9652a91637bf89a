// Deterministic, UUID-shaped ids for the records of the bundled plan.
//
// Every device seeds the same default plan on its own, offline, and consultants later exchange CSV
// files whose rows are matched by id: so the seed's ids must come out identical everywhere. A
// random `crypto.randomUUID()` would give each device its own ids and no row would ever match.
// Hashing a structural key ("seed-2012/area/1/row/3") gives the same id on every device, and
// shaping it like a version-4 UUID keeps it indistinguishable in format from the ids of records
// users create, so storage, CSV and validation need no special case.

/**
 * A UUID-v4-shaped id (8-4-4-4-12 lowercase hex, version nibble 4, variant 8-b) derived from a
 * 128-bit hash of `key`. The same key always gives the same id; different keys collide with
 * negligible probability (122 hash bits remain after the version and variant bits).
 */
export function stableId(key: string): string {
  const hex = hash128(key)
    .map((word) => word.toString(16).padStart(8, '0'))
    .join('');
  const version = '4';
  // The variant's two high bits are 10, so the nibble is one of 8, 9, a, b.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    version + hex.slice(13, 16),
    variant + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join('-');
}

/**
 * A 128-bit non-cryptographic hash (cyrb128: four 32-bit lanes mixed with Math.imul), as four
 * unsigned 32-bit words. Ids need spread, not secrecy, and this runs without Web Crypto, which is
 * asynchronous and would make seeding async for no gain.
 */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
