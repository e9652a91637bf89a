// `npm run bench`: runs bench/run.ts under tsx with a forced-GC hook, so timings do not carry earlier runs' garbage.
// Options: --quick (fewer runs and sizes), --only=B1,B3 (some figures), --no-build (use dist/ as it is).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', join(root, 'bench', 'run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
