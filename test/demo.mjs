// `npm run demo`: installs what it needs, then hands over to the demo proper (test/demo/run.ts).
import { spawnSync } from 'node:child_process';
import { ensureDependencies, ROOT } from './bootstrap.mjs';

ensureDependencies((m) => console.log(`[demo] ${m}`));
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/demo/run.ts', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
