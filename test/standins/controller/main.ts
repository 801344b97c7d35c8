// Entry of the martel/mongo-replica-ctrl stand-in image, installed as /src/replica_ctrl.py and run by `python` (node).
import { DockerApi } from './docker-api';
import { driverMongoAdmin } from './mongo-admin';
import { readControllerEnv, runController, ORIGINAL_TIMINGS, type Logger } from './replica';

// Python's logging.basicConfig layout. The original means to log DEBUG when DEBUG is set but its
// test (`'DEBUG' is os.environ`) is always false, so it logs INFO and up only; so does this.
function pythonLogger(name: string): Logger {
  const line = (level: string) => (msg: string) => process.stderr.write(`${level}:${name}:${msg}\n`);
  return { debug: () => undefined, info: line('INFO'), warning: line('WARNING'), error: line('ERROR') };
}

async function main(): Promise<number> {
  const log = pythonLogger('__main__');
  let settings;
  try {
    settings = readControllerEnv();
  } catch (err) {
    process.stderr.write(`Traceback (most recent call last):\n${(err as Error).message}\n`);
    return 1;
  }
  const deps = {
    docker: new DockerApi(),
    mongo: driverMongoAdmin(),
    log,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  };
  return runController(deps, settings, ORIGINAL_TIMINGS);
}

process.on('SIGTERM', () => process.exit(0));
main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`Traceback (most recent call last):\n${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
