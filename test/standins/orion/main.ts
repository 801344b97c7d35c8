// Entry of the fiware/orion:1.12.0 stand-in image, installed as /usr/bin/contextBroker.
import { parseOrionArgs, OrionArgsError } from './args';
import { createOrionApp, ORION_VERSION } from './app';
import { registerNgsi } from './ngsi';
import { OrionStore } from './store';

function log(level: string, msg: string): void {
  // Orion's own line layout (pipe separated fields).
  process.stdout.write(`time=${new Date().toISOString()} | lvl=${level} | corr=N/A | trans=N/A | from=N/A | srv=N/A | subsrv=N/A | comp=Orion | op=contextBroker.cpp | msg=${msg}\n`);
}

let args;
try {
  args = parseOrionArgs(process.argv.slice(2));
} catch (err) {
  if (err instanceof OrionArgsError) {
    process.stderr.write(`contextBroker: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const debug = args.logLevel.toUpperCase() === 'DEBUG';
const app = createOrionApp({ log: debug ? (line) => log('DEBUG', line) : undefined });
registerNgsi(app, { store: OrionStore.forDbHost(args.dbhost, args.rplSet, args.dbTimeout), version: ORION_VERSION, multiservice: args.multiservice, log: debug ? (line) => log('DEBUG', line) : undefined });
log('INFO', `Orion Context Broker is running (version ${ORION_VERSION}, dbhost ${args.dbhost}, rplSet '${args.rplSet}', dbTimeout ${args.dbTimeout}, multiservice ${args.multiservice})`);
app.server.listen(args.port, args.localIp, () => log('INFO', `Startup completed, listening on ${args.localIp}:${args.port}`));
app.server.on('error', (err) => { log('FATAL', `cannot listen: ${err.message}`); process.exit(1); });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => { log('INFO', `Received ${signal}, exiting`); process.exit(0); });
}
