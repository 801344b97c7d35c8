// Tears the rehearsal down: its stacks, then the networks and volume it created; `--engine` also stops the dockerd it started. Images stay (cache).
import { engineAnswers, stopEngine } from './engine';
import { step } from './lib/log';
import { docker } from './lib/run';
import { readCreated, forgetCreated, withLock } from './lib/state';
import { waitFor } from './lib/wait';
import { removeStack, STACKS } from './up';

export interface DownOptions {
  /** Also stop the dockerd this rehearsal started (by its recorded pid). */
  engine?: boolean;
}

export async function down(opts: DownOptions = {}): Promise<void> {
  await withLock('up', 900_000, async () => {
    if (!(await engineAnswers())) {
      step('no docker engine answers: nothing to remove');
    } else {
      const created = readCreated();
      const order = [...created.stacks.filter((s) => !Object.values(STACKS).includes(s as never)), STACKS.lb, STACKS.orion, STACKS.comet, STACKS.mongo];
      // Removed side by side: each waits (bounded) for its own services, containers and networks.
      await Promise.all(order.filter((stack) => created.stacks.includes(stack)).map((stack) => removeStack(stack)));
      for (const name of created.networks) {
        step(`removing network ${name}`);
        // A network stays busy for a moment after the last task of a removed stack leaves it.
        await waitFor(`network ${name} to be removed`, async () => {
          const r = await docker(['network', 'rm', name], { allowFail: true, timeoutMs: 30_000 });
          return r.code === 0 || /not found/i.test(r.stderr);
        }, { timeoutMs: 60_000, intervalMs: 1_000 });
        forgetCreated('networks', name);
      }
      for (const name of created.volumes) {
        step(`removing volume ${name}`);
        await waitFor(`volume ${name} to be removed`, async () => {
          const r = await docker(['volume', 'rm', name], { allowFail: true, timeoutMs: 30_000 });
          return r.code === 0 || /no such volume/i.test(r.stderr);
        }, { timeoutMs: 60_000, intervalMs: 1_000 });
        forgetCreated('volumes', name);
      }
    }
    if (opts.engine) await stopEngine();
    step('rehearsal is down');
  });
}

if (require.main === module) {
  down({ engine: process.argv.includes('--engine') }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
