// Paired timing: baseline (A) and Quadro (B) interleaved A B B A in one process, medians of the runs.

export interface Stats {
  median: number;
  min: number;
  max: number;
  p95: number;
  runs: number;
}

export interface Comparison {
  quadro: Stats;
  baseline: Stats;
  /** Median over the runs of Quadro ÷ baseline of the same pair: steadier than a ratio of medians on a noisy machine. */
  ratio: number;
}

export interface CompareOptions {
  warmups?: number;
  runs?: number;
  /** Called between timed runs (e.g. a forced GC) so one run's garbage is not charged to the next. */
  settle?: () => void | Promise<void>;
}

export const DEFAULT_WARMUPS = 2;
export const DEFAULT_RUNS = 7;

export function statsOf(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, p95: at(0.95), runs: sorted.length };
}

/** Times one call; `work` may return a promise, which is awaited. */
export async function timeOnce(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Runs baseline and Quadro in pairs, alternating which goes first (A B, B A, A B…), after
 * `warmups` untimed pairs. A `prepare` step (fresh store, fresh copy of the input) runs before each
 * timed call and is not timed.
 */
export async function compare(
  baseline: () => unknown,
  quadro: () => unknown,
  options: CompareOptions & { prepareBaseline?: () => unknown; prepareQuadro?: () => unknown } = {},
): Promise<Comparison> {
  const warmups = options.warmups ?? DEFAULT_WARMUPS;
  const runs = options.runs ?? DEFAULT_RUNS;
  const a: number[] = [];
  const b: number[] = [];
  const runA = async (): Promise<number> => {
    await options.prepareBaseline?.();
    await options.settle?.();
    return timeOnce(baseline);
  };
  const runB = async (): Promise<number> => {
    await options.prepareQuadro?.();
    await options.settle?.();
    return timeOnce(quadro);
  };
  for (let i = 0; i < warmups; i++) {
    await runA();
    await runB();
  }
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(await runA());
      b.push(await runB());
    } else {
      b.push(await runB());
      a.push(await runA());
    }
  }
  const ratios = a.map((t, i) => (b[i] as number) / t);
  return { quadro: statsOf(b), baseline: statsOf(a), ratio: statsOf(ratios).median };
}

/** Times one function alone (no baseline), e.g. each of 200 edits. */
export async function sample(work: () => unknown, options: CompareOptions = {}): Promise<Stats & { samples: number[] }> {
  const warmups = options.warmups ?? DEFAULT_WARMUPS;
  const runs = options.runs ?? DEFAULT_RUNS;
  for (let i = 0; i < warmups; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await options.settle?.();
    samples.push(await timeOnce(work));
  }
  return { ...statsOf(samples), samples };
}
