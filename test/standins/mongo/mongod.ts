// `mongod` stand-in entry point: takes mongod's argv, picks the version persona from MONGO_STANDIN_VERSION, and runs one member.
import * as fs from 'node:fs';
import { ArgvError, parseMongodArgv } from './argv';
import { startMember, type Member } from './member';
import { DEFAULT_VERSION, personaFor } from './persona';

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

async function main(argv: string[]): Promise<number> {
  const version = process.env.MONGO_STANDIN_VERSION || DEFAULT_VERSION;
  const persona = personaFor(version);
  let args;
  try {
    args = parseMongodArgv(argv, persona);
  } catch (err) {
    if (err instanceof ArgvError) {
      process.stderr.write(`${err.message}\ntry 'mongod --help' for more information\n`);
      return err.exitCode;
    }
    throw err;
  }
  if (args.version) {
    process.stdout.write(`db version v${persona.version}\ngit version: stand-in\nallocator: tcmalloc\nmodules: none\nbuild environment:\n    distarch: x86_64\n    target_arch: x86_64\n`);
    return 0;
  }
  if (args.help) {
    process.stdout.write('Options:\n  --replSet arg  --port arg  --bind_ip arg' + (persona.knowsBindIpAll ? '  --bind_ip_all' : '') + '  --dbpath arg  --journal' + (persona.knowsSmallfiles ? '  --smallfiles' : '') + '\n');
    return 0;
  }
  if (!args.replSet) {
    process.stderr.write('this mongod stand-in only runs as a replica-set member: pass --replSet <name>\n');
    return 2;
  }
  if (args.dbpathGiven && !fs.existsSync(args.dbpath)) {
    // mongod refuses to start without its data directory (exit code 100, EXIT_UNCAUGHT).
    process.stdout.write(`${new Date().toISOString().replace('Z', '+0000')} I STORAGE  [initandlisten] exception in initAndListen: 29 Data directory ${args.dbpath} not found., terminating\n`);
    return 100;
  }
  let member: Member;
  try {
    member = await startMember({
      port: args.port,
      bindIp: args.bindIp,
      replSet: args.replSet,
      version,
      argv: ['/usr/bin/mongod', ...argv],
      parsedOptions: args.parsed,
      dbpath: args.dbpath,
      heartbeatIntervalMs: envNumber('MONGO_STANDIN_HEARTBEAT_MS'),
      electionTimeoutMs: envNumber('MONGO_STANDIN_ELECTION_TIMEOUT_MS'),
      log: (line) => process.stdout.write(line + '\n'),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'EADDRINUSE' ? 'Address already in use' : e.message;
    process.stdout.write(`${new Date().toISOString().replace('Z', '+0000')} E NETWORK  [initandlisten] listen(): bind() failed ${reason} for socket: ${args.bindIp.join(',')}:${args.port}\n`);
    return 48;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      process.stdout.write(`${new Date().toISOString().replace('Z', '+0000')} I CONTROL  [signalProcessingThread] got signal ${signal === 'SIGINT' ? 2 : 15} (${signal === 'SIGINT' ? 'Interrupt' : 'Terminated'}), will terminate after current cmd ends\n`);
      void member.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
