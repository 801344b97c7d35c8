// Runs real bash on many env-file cases (each a top-level script, batched into a few drivers) and reads back every exported variable.

import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OracleCase {
  readonly name: string;
  /** Sourced in order as ./a.env, ./b.env... */
  readonly files: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface OracleResult {
  /** False when bash exited while sourcing (e.g. `${X:?}`), so nothing was printed. */
  readonly completed: boolean;
  readonly variables: ReadonlyMap<string, string>;
}

const CASE_END = '@@CASE-END@@';
const SOURCED = '@@SOURCED@@';

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function fileNameOf(index: number): string {
  return `${String.fromCharCode(97 + index)}.env`;
}

const NAME_INITIALS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'];

/**
 * The sourcing script each case runs as a top-level bash script, like deploy_front.sh: in a
 * subshell bash would exit on an expansion error, at top level it goes on. It lists set, exported
 * variables with ${!X@} (no fork), NUL-separated.
 */
function runnerScript(fileCount: number): string {
  const sources = Array.from({ length: fileCount }, (_, index) => `. ./${fileNameOf(index)}`).join('\n');
  const names = NAME_INITIALS.map((initial) => `\${!${initial}@}`).join(' ');
  return [
    'set -o allexport',
    sources,
    'set +o allexport',
    `printf '${SOURCED}\\0'`,
    `for __cs_name in ${names}; do`,
    `  [[ \${!__cs_name@a} == *x* && -n \${!__cs_name+set} ]] && printf '%s=%s\\0' "$__cs_name" "\${!__cs_name}"`,
    'done',
    '',
  ].join('\n');
}

function parseOutput(output: string, count: number): OracleResult[] {
  const chunks = output.split(`${CASE_END}\0`);
  return Array.from({ length: count }, (_, index) => {
    const fields = (chunks[index] ?? '').split('\0');
    const sourcedAt = fields.indexOf(SOURCED);
    const variables = new Map<string, string>();
    if (sourcedAt >= 0) {
      for (const field of fields.slice(sourcedAt + 1)) {
        const equals = field.indexOf('=');
        if (equals > 0) variables.set(field.slice(0, equals), field.slice(equals + 1));
      }
    }
    return { completed: sourcedAt >= 0, variables };
  });
}

/**
 * Runs every case as its own `bash runner.sh` in its own directory, from drivers started with an
 * empty environment; a few driver
 * scripts share the cases so the whole corpus takes seconds.
 */
export async function runBash(cases: readonly OracleCase[], drivers = Math.max(1, Math.min(8, availableParallelism()))): Promise<OracleResult[]> {
  const root = mkdtempSync(join(tmpdir(), 'envfile-oracle-'));
  try {
    const fileCounts = new Set(cases.map((oracleCase) => oracleCase.files.length));
    for (const count of fileCounts) writeFileSync(join(root, `runner${count}.sh`), runnerScript(count));
    const lines = cases.map((oracleCase, index) => {
      const dir = join(root, `case${index}`);
      mkdirSync(dir);
      oracleCase.files.forEach((text, fileIndex) => writeFileSync(join(dir, fileNameOf(fileIndex)), text));
      // The driver starts with an empty environment, so prefix assignments are all the case sees.
      const env = Object.entries(oracleCase.env ?? {}).map(([name, value]) => `${name}=${singleQuoted(value)} `).join('');
      const runner = singleQuoted(join(root, `runner${oracleCase.files.length}.sh`));
      return `cd ${singleQuoted(dir)} && ${env}bash --noprofile --norc ${runner} </dev/null 2>/dev/null; printf '${CASE_END}\\0'`;
    });
    const batchSize = Math.ceil(lines.length / drivers);
    const batches: Promise<OracleResult[]>[] = [];
    for (let first = 0; first < lines.length; first += batchSize) {
      const batch = lines.slice(first, first + batchSize);
      const driverPath = join(root, `driver${first}.sh`);
      writeFileSync(driverPath, batch.join('\n') + '\n');
      batches.push(
        new Promise((resolve, reject) => {
          execFile('bash', ['--noprofile', '--norc', driverPath], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: {} }, (error, stdout) => {
            if (error) reject(error);
            else resolve(parseOutput(stdout, batch.length));
          });
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
