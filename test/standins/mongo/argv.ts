// Parses mongod's command line the way the versions the recipe deploys do, including their refusals.
import type { Document } from './bson';
import type { Persona } from './persona';

export interface MongodArgs {
  port: number;
  bindIp: string[];
  replSet: string;
  dbpath: string;
  dbpathGiven: boolean;
  help: boolean;
  version: boolean;
  /** The `parsed` document of getCmdLineOpts. */
  parsed: Document;
}

export class ArgvError extends Error {
  /** mongod exits with EXIT_BADOPTIONS (2) on command-line errors. */
  readonly exitCode = 2;
}

interface OptionSpec {
  takesValue: boolean;
  /** Whether this version knows the option. */
  known?: (p: Persona) => boolean;
  apply?: (value: string, out: MongodArgs) => void;
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let d = doc;
  for (const p of parts.slice(0, -1)) d = (d[p] ??= {}) as Document;
  d[parts[parts.length - 1]] = value;
}

const OPTIONS: Record<string, OptionSpec> = {
  replSet: { takesValue: true, apply: (v, o) => { o.replSet = v; setPath(o.parsed, 'replication.replSet', v); } },
  port: {
    takesValue: true,
    apply: (v, o) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) throw new ArgvError(`Error parsing command line: the argument ('${v}') for option '--port' is invalid`);
      o.port = n;
      setPath(o.parsed, 'net.port', n);
    },
  },
  bind_ip: { takesValue: true, apply: (v, o) => { o.bindIp = v.split(',').map((s) => s.trim()).filter(Boolean); setPath(o.parsed, 'net.bindIp', v); } },
  bind_ip_all: { takesValue: false, known: (p) => p.knowsBindIpAll, apply: (_v, o) => { o.bindIp = ['0.0.0.0']; setPath(o.parsed, 'net.bindIpAll', true); } },
  dbpath: { takesValue: true, apply: (v, o) => { o.dbpath = v; o.dbpathGiven = true; setPath(o.parsed, 'storage.dbPath', v); } },
  journal: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'storage.journal.enabled', true) },
  nojournal: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'storage.journal.enabled', false) },
  smallfiles: { takesValue: false, known: (p) => p.knowsSmallfiles, apply: (_v, o) => setPath(o.parsed, 'storage.mmapv1.smallFiles', true) },
  noprealloc: { takesValue: false, known: (p) => p.knowsSmallfiles, apply: (_v, o) => setPath(o.parsed, 'storage.mmapv1.preallocDataFiles', false) },
  oplogSize: { takesValue: true, apply: (v, o) => setPath(o.parsed, 'replication.oplogSizeMB', Number(v)) },
  storageEngine: { takesValue: true, apply: (v, o) => setPath(o.parsed, 'storage.engine', v) },
  wiredTigerCacheSizeGB: { takesValue: true, apply: (v, o) => setPath(o.parsed, 'storage.wiredTiger.engineConfig.cacheSizeGB', Number(v)) },
  logpath: { takesValue: true, apply: (v, o) => setPath(o.parsed, 'systemLog.path', v) },
  logappend: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'systemLog.logAppend', true) },
  quiet: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'systemLog.quiet', true) },
  ipv6: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'net.ipv6', true) },
  noauth: { takesValue: false },
  nounixsocket: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'net.unixDomainSocket.enabled', false) },
  maxConns: { takesValue: true, apply: (v, o) => setPath(o.parsed, 'net.maxIncomingConnections', Number(v)) },
  setParameter: { takesValue: true, apply: (v, o) => { const [k, ...rest] = v.split('='); setPath(o.parsed, `setParameter.${k}`, rest.join('=')); } },
  enableMajorityReadConcern: { takesValue: false, apply: (_v, o) => setPath(o.parsed, 'replication.enableMajorityReadConcern', true) },
  help: { takesValue: false, apply: (_v, o) => { o.help = true; } },
  version: { takesValue: false, apply: (_v, o) => { o.version = true; } },
};

const SHORT: Record<string, string> = { '-h': 'help', '--help': 'help' };

export function parseMongodArgv(argv: string[], persona: Persona): MongodArgs {
  const out: MongodArgs = { port: 27017, bindIp: [], replSet: '', dbpath: '/data/db', dbpathGiven: false, help: false, version: false, parsed: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (SHORT[arg] === 'help') {
      out.help = true;
      continue;
    }
    if (/^-v+$/.test(arg)) continue;
    if (!arg.startsWith('--')) {
      throw new ArgvError(`Error parsing command line: too many positional options have been specified on the command line`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = OPTIONS[name];
    if (!spec || (spec.known && !spec.known(persona))) {
      throw new ArgvError(`Error parsing command line: unrecognised option '${eq < 0 ? arg : arg.slice(0, eq)}'`);
    }
    let value = '';
    if (spec.takesValue) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
      else throw new ArgvError(`Error parsing command line: the required argument for option '--${name}' is missing`);
    } else if (eq >= 0) {
      throw new ArgvError(`Error parsing command line: option '--${name}' does not take any arguments`);
    }
    spec.apply?.(value, out);
  }
  if (out.parsed.net?.bindIpAll && out.parsed.net?.bindIp !== undefined) {
    throw new ArgvError('Error parsing command line: --bind_ip and --bind_ip_all are mutually exclusive');
  }
  if (out.bindIp.length === 0) out.bindIp = persona.localhostOnlyByDefault ? ['127.0.0.1'] : ['0.0.0.0'];
  return out;
}
