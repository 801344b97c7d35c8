// `mongo` shell stand-in for the recipe's health probe: `mongo --quiet "$host/test" --eval 'quit(db.runCommand({ ping: 1 }).ok ? 0 : 2)'`.
import { splitHostPort, WireClient } from './client';

const PING_PROBE = /^\s*quit\s*\(\s*db\s*\.\s*runCommand\s*\(\s*\{\s*ping\s*:\s*1\s*\}\s*\)\s*\.\s*ok\s*\?\s*0\s*:\s*2\s*\)\s*;?\s*$/;
const TIMEOUT_MS = 5000;

interface ShellArgs {
  quiet: boolean;
  address: string;
  host?: string;
  port?: number;
  evalScript?: string;
}

function parse(argv: string[]): ShellArgs {
  const out: ShellArgs = { quiet: false, address: 'test' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quiet') out.quiet = true;
    else if (a === '--eval') out.evalScript = argv[++i];
    else if (a === '--host') out.host = argv[++i];
    else if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--nodb' || a.startsWith('-')) throw new Error(`the mongo shell stand-in does not support the option ${a}`);
    else out.address = a;
  }
  return out;
}

/** "host[:port]/db", "host/db", "db" or a mongodb:// URI, as the legacy shell accepts them. */
function target(args: ShellArgs): { host: string; port: number; db: string } {
  let address = args.address;
  if (address.startsWith('mongodb://')) address = address.slice('mongodb://'.length).split('?')[0];
  let hostPart = '127.0.0.1';
  let db = address;
  const slash = address.indexOf('/');
  if (slash >= 0) {
    hostPart = address.slice(0, slash) || hostPart;
    db = address.slice(slash + 1) || 'test';
  } else if (/[:.]/.test(address) && !args.host) {
    hostPart = address;
    db = 'test';
  }
  if (args.host) hostPart = args.host;
  const [host, port] = splitHostPort(hostPart.split(',')[0]);
  return { host, port: args.port ?? port, db };
}

function stamp(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

async function main(argv: string[]): Promise<number> {
  let args: ShellArgs;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 253;
  }
  if (args.evalScript === undefined || !PING_PROBE.test(args.evalScript)) {
    process.stderr.write(
      `the mongo shell stand-in only runs the recipe's health probe: --eval 'quit(db.runCommand({ ping: 1 }).ok ? 0 : 2)' (got ${JSON.stringify(args.evalScript ?? null)})\n`,
    );
    return 253;
  }
  const { host, port, db } = target(args);
  if (!args.quiet) {
    process.stdout.write(`MongoDB shell version: ${process.env.MONGO_STANDIN_VERSION || '3.2.22'}\nconnecting to: ${host}:${port}/${db}\n`);
  }
  let client: WireClient | undefined;
  try {
    client = await WireClient.connect(host, port, TIMEOUT_MS);
    await client.handshake(TIMEOUT_MS);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ECONNREFUSED' ? 'errno:111 Connection refused' : e.message;
    process.stdout.write(`${stamp()} W NETWORK  [thread1] Failed to connect to ${host}:${port}, reason: ${reason}\n`);
    process.stdout.write(`${stamp()} E QUERY    [thread1] Error: couldn't connect to server ${host}:${port}, connection attempt failed\n`);
    process.stdout.write('exception: connect failed\n');
    client?.close();
    return 1;
  }
  try {
    const reply = await client.command(db, { ping: 1 }, TIMEOUT_MS);
    return reply.ok === 1 || reply.ok === true ? 0 : 2;
  } catch (err) {
    process.stdout.write(`${stamp()} E QUERY    [thread1] Error: ${(err as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
