// Entry of the telefonicaiot/fiware-sth-comet:2.2.0 stand-in image: connect to Mongo like STH-Comet 2.2.0, then serve.
import { connectMongo, type MongoClientLike } from './driver';
import { readSthConfig, sthConnectionUrl, driverUrl } from './config';
import { createLogger } from './log';
import { createSthApp, STH_VERSION } from './app';
import { registerDataPath } from './dataPath';

const cfg = readSthConfig();
const log = createLogger(cfg.logLevel);
const PROOF_OF_LIFE_SECONDS = 60;

log('INFO', 'OPER_STH_STARTUP', `STH host set to value: ${cfg.host}`);
log('INFO', 'OPER_STH_STARTUP', `STH port set to value: ${cfg.port}`);
log('INFO', 'OPER_STH_STARTUP', `Database URI set to value: ${cfg.dbUri}`);
log(cfg.replicaSet ? 'INFO' : 'WARN', 'OPER_STH_STARTUP', cfg.replicaSet
  ? `Database replica set set to value: ${cfg.replicaSet}`
  : "Not configured database replica set, setting to default value: ''");
log('INFO', 'OPER_STH_SERVER_START', `Starting up the STH server version ${STH_VERSION}...`);

/** STH logs the error, then exits 1 half a second later (its winston flush delay). */
function exitWith(err: unknown): void {
  let message = String(err);
  if (message.includes('listen EADDRINUSE')) message += ' (another STH instance maybe already listening on the same port)';
  log('ERROR', 'OPER_STH_SHUTDOWN', message);
  setTimeout(() => process.exit(1), 500);
}

async function main(): Promise<void> {
  const url = sthConnectionUrl(cfg);
  log('INFO', 'OPER_STH_DB_CONN_OPEN', `Establishing connection to the database at ${url}`);
  let client: MongoClientLike;
  try {
    // The legacy topology is the one STH 2.2.0's driver had: its errors ("no primary found in
    // replicaset or invalid replica set name", "failed to connect to server [...] on first connect")
    // are the ones users see.
    client = await connectMongo(driverUrl(url), { poolSize: cfg.poolSize, useUnifiedTopology: false });
  } catch (err) {
    exitWith(err);
    return;
  }
  log('INFO', 'OPER_STH_DB_CONN_OPEN', `Connection successfully established to the database at ${url}`);
  const app = createSthApp({ db: client.db(), log: (line) => log('WARN', 'OPER_STH_SERVER_LOG', line) });
  registerDataPath(app, { client, version: STH_VERSION, log: (line) => log('DEBUG', 'OPER_STH_POST', line) });
  app.server.on('error', exitWith);
  app.server.listen(cfg.port, cfg.host, () => {
    log('INFO', 'OPER_STH_SERVER_START', `Server started at http://${cfg.host}:${cfg.port}`);
    setInterval(() => {
      log('INFO', 'OPER_STH_SERVER_LOG', `Everything OK, ${app.attended()} requests attended in the last ${PROOF_OF_LIFE_SECONDS}s interval`);
      app.resetAttended();
    }, PROOF_OF_LIFE_SECONDS * 1000).unref();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log('INFO', 'OPER_STH_DB_CONN_CLOSE', 'Closing the connection to the database...');
      app.server.close();
      void client.close().finally(() => {
        log('INFO', 'OPER_STH_SHUTDOWN', 'Application exited successfully');
        setTimeout(() => process.exit(0), 500);
      });
    });
  }
}

process.on('uncaughtException', exitWith);
void main();
