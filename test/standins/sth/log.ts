// STH-Comet's log line layout (logops "pipe" format with STH's operation contexts).
export type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
const ORDER: Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export function createLogger(minLevel: string, write: (line: string) => void = (l) => process.stdout.write(l)) {
  const min = Math.max(0, ORDER.indexOf(minLevel as Level));
  return (level: Level, op: string, msg: string): void => {
    if (ORDER.indexOf(level) < min) return;
    write(`time=${new Date().toISOString()} | lvl=${level} | corr=n/a | trans=n/a | op=${op} | from=n/a | srv=n/a | subsrv=n/a | comp=STH | msg=${msg}\n`);
  };
}

export type Logger = ReturnType<typeof createLogger>;
