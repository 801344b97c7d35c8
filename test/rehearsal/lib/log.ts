// One-line-per-step progress output shared by the rehearsal scripts.
const started = Date.now();

export function step(message: string): void {
  const secs = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[rehearsal ${secs}s] ${message}\n`);
}
