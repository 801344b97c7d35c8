// Entry of the rehearsal load balancer image: LB_LISTEN_PORT -> LB_TARGET_HOST:LB_TARGET_PORT, round robin.
import { createBalancer } from './balancer';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`lb: missing environment variable ${name}\n`);
    process.exit(2);
  }
  return value;
}

const listenPort = Number(required('LB_LISTEN_PORT'));
const targetHost = required('LB_TARGET_HOST');
const targetPort = Number(required('LB_TARGET_PORT'));
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} lb ${line}\n`);

const balancer = createBalancer({ targetHost, targetPort, log });
balancer.server.listen(listenPort, '0.0.0.0', () => log(`listening on 0.0.0.0:${listenPort} for ${targetHost}:${targetPort}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => { log(`${signal}: closing`); void balancer.close().then(() => process.exit(0)); setTimeout(() => process.exit(0), 2_000).unref(); });
}
