// Splits the hand-labelled public-text sentences (issue 21) into a tuning half and a held-out half, at random with a recorded seed.
// Run: npx tsx scripts/split-held-out.ts  → writes tests/fixtures/indicators/public-texts-split.made-by-split-held-out.json
import { readFileSync, writeFileSync } from 'node:fs';

/** The seed of the split that was committed; changing it would let the held-out half be chosen after seeing results. */
const SEED = 21_021;
const FIXTURE = new URL('../tests/fixtures/indicators/public-texts-labelled-by-hand.json', import.meta.url);
const OUTPUT = new URL('../tests/fixtures/indicators/public-texts-split.made-by-split-held-out.json', import.meta.url);

/** mulberry32: a small seeded generator, so the split is the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sentence {
  id: string;
  source: string;
}

const { sentences } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { sentences: Sentence[] };
const random = mulberry32(SEED);
const bySource = new Map<string, string[]>();
for (const s of sentences) bySource.set(s.source, [...(bySource.get(s.source) ?? []), s.id]);

// Within each source (so both halves see every kind of text): a Fisher–Yates shuffle, then the
// sentences go alternately to the two halves, starting with a coin toss.
const tuning: string[] = [];
const heldOut: string[] = [];
for (const ids of bySource.values()) {
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  const tuningFirst = random() < 0.5;
  ids.forEach((id, k) => ((k % 2 === 0) === tuningFirst ? tuning : heldOut).push(id));
}

writeFileSync(
  OUTPUT,
  `${JSON.stringify(
    {
      '//': 'Made by scripts/split-held-out.ts from public-texts-labelled-by-hand.json with the seed below. The held-out half is scored only as totals until the end of issue 21: its per-sentence results are not looked at while tuning.',
      seed: SEED,
      tuning: tuning.sort(),
      heldOut: heldOut.sort(),
    },
    null,
    1,
  )}\n`,
);
console.info(`${tuning.length} tuning, ${heldOut.length} held-out sentences`);
