// Parses contextBroker's command line the way Orion 1.12 does for the options the recipe and its image use.
export interface OrionArgs {
  fg: boolean;
  multiservice: boolean;
  ngsiv1Autocast: boolean;
  localIp: string;
  port: number;
  logLevel: string;
  dbhost: string;
  rplSet: string;
  db: string;
  dbTimeout: number;
}

const BOOLEAN = new Set(['-fg', '-multiservice', '-ngsiv1Autocast']);
const STRING = new Set(['-localIp', '-logLevel', '-dbhost', '-rplSet', '-db']);
const NUMBER = new Set(['-port', '-dbTimeout']);
const LOG_LEVELS = ['NONE', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG'];

export class OrionArgsError extends Error {}

/** Throws OrionArgsError for what Orion would refuse at start (unknown option, missing value). */
export function parseOrionArgs(argv: readonly string[]): OrionArgs {
  const out: OrionArgs = {
    fg: false,
    multiservice: false,
    ngsiv1Autocast: false,
    localIp: '0.0.0.0',
    port: 1026,
    logLevel: 'WARN',
    dbhost: 'localhost',
    rplSet: '',
    db: 'orion',
    dbTimeout: 10000,
  };
  for (let i = 0; i < argv.length; i++) {
    const opt = argv[i];
    const key = opt.slice(1) as keyof OrionArgs;
    if (BOOLEAN.has(opt)) {
      (out as unknown as Record<string, unknown>)[key] = true;
      continue;
    }
    if (!STRING.has(opt) && !NUMBER.has(opt)) throw new OrionArgsError(`${opt}: unrecognized option`);
    const value = argv[++i];
    if (value === undefined) throw new OrionArgsError(`${opt}: missing value`);
    if (NUMBER.has(opt)) {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new OrionArgsError(`${opt}: bad number '${value}'`);
      (out as unknown as Record<string, unknown>)[key] = n;
    } else {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  if (!LOG_LEVELS.includes(out.logLevel.toUpperCase())) throw new OrionArgsError(`-logLevel: bad value '${out.logLevel}'`);
  return out;
}
