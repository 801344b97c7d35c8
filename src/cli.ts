// comet-swarm: the command-line twin of the extension, over the same core.
import type { CliCommand, CliIo } from './cli/io';
import { version } from '../package.json';

const USAGE = `Usage: comet-swarm <command> [options]

Commands:
  status   the swarm's nodes, services, tasks and Mongo replica set   (--json, --watch)
  lint     the recipe's env and compose files, as the deploy scripts read them   (--json)
  env      the variables deploy_front.sh sees after backend.env and frontend.env   (--json)
  flow     the recipe's check: insert, subscribe, update, query STH    (--json)
  deploy   networks, back or front: checked first, then watched until converged   (--dir, --yes)

Run "comet-swarm <command> --help" for a command's options.`;

/* eslint-disable @typescript-eslint/no-require-imports */
/** Each command's module loads when it runs, so that `status` does not parse the linter, the flow or their libraries. */
const commands: Record<string, () => CliCommand> = {
  status: () => (require('./cli/status') as typeof import('./cli/status')).status,
  lint: () => (require('./cli/lint') as typeof import('./cli/lint')).lint,
  env: () => (require('./cli/env') as typeof import('./cli/env')).env,
  flow: () => (require('./cli/flow') as typeof import('./cli/flow')).flow,
  deploy: () => (require('./cli/deploy') as typeof import('./cli/deploy')).deployCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name]() : undefined;
  if (!command) {
    io.stderr.write(`comet-swarm: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  return command(rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`comet-swarm: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
