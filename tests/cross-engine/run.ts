// Runs the cross-engine smoke in the lanes named on the command line (webkit, firefox) against dist/, timing each step.
import { performance } from 'node:perf_hooks';
import { launchFirefox } from './firefox.ts';
import { launchWebKit } from './webkit.ts';
import { QuadroPage } from './page-model.ts';
import { SMOKE, serveBuild, type SmokeContext } from './smoke.ts';
import type { EngineDriver } from './driver.ts';

const LANES: Record<string, () => Promise<EngineDriver>> = { webkit: launchWebKit, firefox: launchFirefox };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function runLane(lane: string): Promise<boolean> {
  const launch = LANES[lane];
  if (!launch) throw new Error(`Unknown lane «${lane}»: use ${Object.keys(LANES).join(', ')}`);
  const started = performance.now();
  const { server, restart } = await serveBuild();
  const driver = await launch();
  // Ctrl+C or a CI timeout: end the browser, its driver and Xvfb rather than leave them running.
  const interrupt = (): void => void driver.close().finally(() => process.exit(130));
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  console.log(`\n[${lane}] ${driver.version}`);
  const context: SmokeContext = { quadro: new QuadroPage(driver), server, restartServer: restart };
  let passed = true;
  try {
    for (const step of SMOKE) {
      const stepStarted = performance.now();
      try {
        await step.run(context);
        console.log(`  ✓ ${step.name} (${seconds(performance.now() - stepStarted)})`);
      } catch (error) {
        console.log(`  ✘ ${step.name} (${seconds(performance.now() - stepStarted)})`);
        console.log(`    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.replaceAll('\n', '\n    '));
        passed = false;
        break;
      }
    }
    const problems = await context.quadro.pageProblems();
    if (problems.length > 0) {
      passed = false;
      console.log(`  ✘ no page errors and no CSP violations:\n    ${problems.join('\n    ')}`);
    } else {
      const when = driver.probesBeforeLoad ? 'watched from before the page scripts' : 'watched from each load';
      console.log(`  ✓ no page errors and no CSP violations (${when})`);
    }
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    await driver.close();
    await context.server.stop().catch(() => undefined);
  }
  console.log(`[${lane}] ${passed ? 'passed' : 'FAILED'} in ${seconds(performance.now() - started)}`);
  return passed;
}

const lanes = process.argv.slice(2);
if (lanes.length === 0) lanes.push(...Object.keys(LANES));
let allPassed = true;
for (const lane of lanes) allPassed = (await runLane(lane)) && allPassed;
process.exitCode = allPassed ? 0 : 1;
