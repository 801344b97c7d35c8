// Builds the benchmark's tiny image: FROM scratch with one static binary that waits for a signal.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SLEEPER_IMAGE = 'csbench-sleeper:1';

// pause() until SIGTERM/SIGINT, then exit 0 at once: 200 tasks must stop in a second, not in Docker's 10 s grace.
const SOURCE = `#include <signal.h>
#include <unistd.h>
static void done(int sig) { (void)sig; _exit(0); }
int main(void) {
  signal(SIGTERM, done);
  signal(SIGINT, done);
  for (;;) pause();
}
`;

/** Compiles the waiter with `gcc -static` and builds the image, unless an image of that tag already exists. */
export function ensureSleeperImage(): void {
  const present = execFileSync('docker', ['image', 'ls', '-q', SLEEPER_IMAGE], { encoding: 'utf8' }).trim();
  if (present) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csbench-image-'));
  try {
    fs.writeFileSync(path.join(dir, 'wait.c'), SOURCE);
    try {
      execFileSync('gcc', ['-static', '-Os', '-s', '-o', path.join(dir, 'wait'), path.join(dir, 'wait.c')], { stdio: 'pipe' });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      throw new Error(`gcc -static failed (needs gcc and libc6-dev: apt-get install -y gcc libc6-dev):\n${stderr}`);
    }
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY wait /wait\nENTRYPOINT ["/wait"]\n');
    execFileSync('docker', ['build', '-q', '-t', SLEEPER_IMAGE, '--label', 'csbench=1', dir], { stdio: 'pipe' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function removeSleeperImage(): void {
  execFileSync('docker', ['image', 'rm', '-f', SLEEPER_IMAGE], { stdio: 'ignore' });
}
