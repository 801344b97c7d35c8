// Benchmark: linting the recipe and a 10,000-line env file against bash sourcing them, and the cost of re-validating per keystroke.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lintRecipe } from '../src/core/lint/lintRecipe';
import { readRecipeFolder } from '../src/core/lint/recipeFolder';

const RECIPE = join(__dirname, '..', '..', 'shared', 'recipe', 'sth-ha');
const LINT_RUNS = 200;
const BASH_RUNS = 30;
const KEYSTROKES = 1000;

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function timeRuns(runs: number, work: () => void, warmUp = Math.min(20, runs)): number[] {
  // Warm-up runs let the JIT compile the code paths; they are not measured.
  for (let i = 0; i < warmUp; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

function bashSourcing(dir: string, files: string[]): number[] {
  const script = `set -a; ${files.map((file) => `. ./${file}`).join('; ')}`;
  return timeRuns(BASH_RUNS, () => {
    const result = spawnSync('bash', ['--noprofile', '--norc', '-c', script], { cwd: dir, env: {}, stdio: 'ignore' });
    if (result.error) throw result.error;
  });
}

/** A large env file with the constructs real ones hold: quotes, defaults, comments, exports. */
function generatedEnvFile(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    switch (i % 6) {
      case 0: out.push(`# setting ${i}`); break;
      case 1: out.push(`VAR_${i}=plain-value-${i}`); break;
      case 2: out.push(`VAR_${i}="double quoted $VAR_${i - 1} value"`); break;
      case 3: out.push(`export VAR_${i}='single quoted ${i}' # trailing comment`); break;
      case 4: out.push(`VAR_${i}=\${VAR_${i - 3}:-"default ${i}"}`); break;
      default: out.push(`VAR_${i}=\${UNSET_${i}:-\${VAR_${i - 4}}}/suffix`);
    }
  }
  return out.join('\n') + '\n';
}

function report(label: string, ours: number[], bash: number[]): void {
  const oursMedian = percentile(ours, 0.5);
  const bashMedian = percentile(bash, 0.5);
  console.log(`${label}: lint median ${oursMedian.toFixed(3)} ms (p95 ${percentile(ours, 0.95).toFixed(3)} ms); bash sourcing median ${bashMedian.toFixed(3)} ms; lint/bash ratio ${(oursMedian / bashMedian).toFixed(2)}`);
}

const recipe = readRecipeFolder(RECIPE, {});
report('recipe files (backend.env, frontend.env, 2 compose files)', timeRuns(LINT_RUNS, () => lintRecipe(recipe, { liveUnavailableReason: 'bench' })), bashSourcing(RECIPE, ['backend.env', 'frontend.env']));

const scratch = mkdtempSync(join(tmpdir(), 'envfile-bench-'));
try {
  const big = generatedEnvFile(10_000);
  writeFileSync(join(scratch, 'big.env'), big);
  report('generated 10,000-line env file', timeRuns(20, () => lintRecipe({ frontendEnv: { path: 'big.env', text: big } }, { liveUnavailableReason: 'bench' })), bashSourcing(scratch, ['big.env']));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Each keystroke changes frontend.env; the whole recipe is linted again, as the editor would.
const frontend = recipe.frontendEnv?.text ?? '';
const typed = 'mongo-rs_mongo';
const keystrokes = timeRuns(KEYSTROKES, (() => {
  let i = 0;
  return () => {
    const partial = typed.slice(0, (i++ % typed.length) + 1);
    lintRecipe({ ...recipe, frontendEnv: { path: 'frontend.env', text: frontend.replace(/MONGO_SERVICE_URI=.*/, `MONGO_SERVICE_URI=${partial}`) } }, { liveUnavailableReason: 'bench' });
  };
})());
const median = percentile(keystrokes, 0.5);
const p95 = percentile(keystrokes, 0.95);
console.log(`per keystroke (recipe-size re-validation, ${KEYSTROKES} runs): median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms; goal under 2 ms: ${p95 < 2 ? 'met' : 'NOT met'}`);
