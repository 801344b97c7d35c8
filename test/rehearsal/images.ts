// Builds the rehearsal's images FROM scratch out of this machine's own files, tagged with the recipe's image names.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { step } from './lib/log';
import { run, docker } from './lib/run';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BUILD_DIR = path.join(REPO_ROOT, 'test', '.build');
const LABEL = 'comet-swarm.rehearsal.inputs';
export const BASE_IMAGE = 'comet-swarm-rehearsal/base:latest';
export const LB_IMAGE = 'comet-swarm-rehearsal/lb:latest';

/** Versions each `mongo:<tag>` persona reports (the last patch release of each line). */
export const MONGO_PERSONAS: Record<string, string> = {
  '3.2': '3.2.22', '3.4': '3.4.24', '3.6': '3.6.23', '4.0': '4.0.28', '4.2': '4.2.25',
  '4.4': '4.4.29', '5.0': '5.0.31', '6.0': '6.0.20', '7.0': '7.0.21',
};

export const MONGOD_ENTRY = path.join(REPO_ROOT, 'test', 'standins', 'mongo', 'mongod.ts');
export const MONGO_SHELL_ENTRY = path.join(REPO_ROOT, 'test', 'standins', 'mongo', 'shell.ts');

/** Host programs every image carries, as the real (CentOS, Debian, Alpine) images do: the product and the probes use them. */
const HOST_PROGRAMS = ['/usr/bin/node', '/usr/bin/bash', '/usr/bin/cat', '/usr/bin/hostname', '/usr/bin/curl'];
/** Loaded at run time by name lookups, so ldd does not list them. */
const NSS_LIBS = ['libnss_dns.so.2', 'libnss_files.so.2', 'libresolv.so.2'];

function hashOf(parts: string[]): string {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** A file's identity for the input hash: what it is without reading 100 MB every run. */
function fileStamp(file: string): string {
  const st = fs.statSync(file);
  return `${file}:${st.size}:${st.mtimeMs}`;
}

async function lddLibs(binary: string): Promise<string[]> {
  const r = await run('ldd', [binary], { timeoutMs: 15_000 });
  const libs: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]);
  }
  return libs;
}

async function imageLabel(tag: string): Promise<string | undefined> {
  const r = await docker(['image', 'inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, tag], { allowFail: true, timeoutMs: 15_000 });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

function writeFile(root: string, dest: string, content: string | Buffer, mode = 0o644): void {
  const target = path.join(root, dest);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  fs.chmodSync(target, mode);
}

function copyInto(root: string, source: string, dest = source): void {
  const target = path.join(root, dest);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(fs.realpathSync(source), target);
  fs.chmodSync(target, fs.statSync(fs.realpathSync(source)).mode & 0o777);
}

function symlinkInto(root: string, dest: string, linkTarget: string): void {
  const target = path.join(root, dest);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { force: true });
  fs.symlinkSync(linkTarget, target);
}

/** Builds `tag` from a context dir unless the image already carries `hash`. */
async function buildIfChanged(tag: string, hash: string, fill: (contextDir: string) => void | Promise<void>, dockerfile: string): Promise<boolean> {
  if ((await imageLabel(tag)) === hash) {
    step(`image ${tag} is up to date`);
    return false;
  }
  const dir = path.join(BUILD_DIR, 'images', tag.replace(/[^a-zA-Z0-9._-]+/g, '_'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await fill(dir);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `${dockerfile}\nLABEL ${LABEL}="${hash}"\n`);
  step(`building image ${tag}`);
  await docker(['build', '--quiet', '-t', tag, dir], { timeoutMs: 300_000, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  return true;
}

/** The shared base: node, bash (also as sh), cat, hostname, curl and their libraries, nothing else. */
async function buildBase(): Promise<string> {
  const libs = new Set<string>();
  for (const program of HOST_PROGRAMS) for (const lib of await lddLibs(program)) libs.add(lib);
  const libDir = path.dirname([...libs].find((l) => l.includes('/libc.so'))!);
  for (const nss of NSS_LIBS) libs.add(path.join(libDir, nss));
  const files = [...HOST_PROGRAMS, ...[...libs].sort()];
  const etc = {
    'etc/nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files dns\n',
    'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
    'etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  };
  const hash = hashOf(['base-v1', ...files.map(fileStamp), JSON.stringify(etc)]);
  await buildIfChanged(BASE_IMAGE, hash, (dir) => {
    const root = path.join(dir, 'rootfs');
    for (const file of files) copyInto(root, file);
    symlinkInto(root, 'bin', 'usr/bin');
    symlinkInto(root, 'usr/bin/sh', 'bash');
    for (const [dest, content] of Object.entries(etc)) writeFile(root, dest, content);
    for (const d of ['tmp', 'root', 'data/db', 'data/configdb']) fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.chmodSync(path.join(root, 'tmp'), 0o1777);
  }, 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  return hash;
}

/**
 * An `import` of a dual package picks its ESM build, and bson 6's ESM build has a top-level await
 * that CommonJS output cannot hold: resolve such imports as node's require() would.
 */
const requireConditionForImports: Plugin = {
  name: 'require-condition-for-imports',
  setup(b) {
    b.onResolve({ filter: /^bson$/ }, (args) => (args.kind === 'import-statement'
      ? { path: require.resolve(args.path, { paths: [args.resolveDir] }) }
      : undefined));
  },
};

/** Bundles one stand-in entry into a single CommonJS file under test/.build/bundles. */
export async function bundle(entry: string, name: string, executable = false): Promise<string> {
  const outfile = path.join(BUILD_DIR, 'bundles', `${name}.js`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    // The driver's optional native or cloud add-ons, which it loads only when present.
    external: ['kerberos', 'snappy', 'snappy/package.json', 'bson-ext', 'mongodb-client-encryption', 'aws4', 'saslprep', '@mongodb-js/zstd'],
    banner: executable ? { js: '#!/usr/bin/node' } : undefined,
    plugins: [requireConditionForImports],
  });
  return outfile;
}

interface StandinImage {
  tag: string;
  /** dest path in the image -> bundle file; executables get mode 755. */
  files: Record<string, string>;
  links?: Record<string, string>;
  dockerfileTail: string;
}

async function buildStandin(baseHash: string, image: StandinImage): Promise<void> {
  const contents = Object.entries(image.files).sort().map(([dest, file]) => `${dest}:${hashOf([fs.readFileSync(file, 'utf8')])}`);
  const hash = hashOf(['standin-v1', baseHash, image.tag, ...contents, JSON.stringify(image.links ?? {}), image.dockerfileTail]);
  await buildIfChanged(image.tag, hash, (dir) => {
    const root = path.join(dir, 'rootfs');
    for (const [dest, file] of Object.entries(image.files)) writeFile(root, dest, fs.readFileSync(file), 0o755);
    for (const [dest, target] of Object.entries(image.links ?? {})) symlinkInto(root, dest, target);
  }, `FROM ${BASE_IMAGE}\nCOPY rootfs/ /\n${image.dockerfileTail}`);
}

export interface BuildOptions {
  /** mongo:<tag> personas to build; default the recipe's (backend.env MONGO_VERSION=3.2). */
  mongoTags?: string[];
}

export function mongoStandinPresent(): boolean {
  return fs.existsSync(MONGOD_ENTRY) && fs.existsSync(MONGO_SHELL_ENTRY);
}

/** Builds every image the rehearsal deploys; returns the tags built or found up to date. */
export async function buildImages(opts: BuildOptions = {}): Promise<string[]> {
  const baseHash = await buildBase();
  step('bundling the stand-ins with esbuild');
  const sdir = path.join(REPO_ROOT, 'test', 'standins');
  const [ctrl, sth, orion, lb] = await Promise.all([
    bundle(path.join(sdir, 'controller', 'main.ts'), 'controller'),
    bundle(path.join(sdir, 'sth', 'main.ts'), 'sth', true),
    bundle(path.join(sdir, 'orion', 'main.ts'), 'orion', true),
    bundle(path.join(sdir, 'lb', 'main.ts'), 'lb'),
  ]);
  const images: StandinImage[] = [
    {
      // The original runs `python /src/replica_ctrl.py`; node runs a file with an unknown extension as CommonJS.
      tag: 'martel/mongo-replica-ctrl:latest',
      files: { 'src/replica_ctrl.py': ctrl },
      links: { 'usr/bin/python': 'node' },
      dockerfileTail: 'WORKDIR /src',
    },
    {
      tag: 'telefonicaiot/fiware-sth-comet:2.2.0',
      files: { 'opt/sth/bin/sth': sth },
      dockerfileTail: 'WORKDIR /opt/sth\nEXPOSE 8666\nENTRYPOINT bin/sth',
    },
    {
      tag: 'fiware/orion:1.12.0',
      files: { 'usr/bin/contextBroker': orion },
      dockerfileTail: 'WORKDIR /\nEXPOSE 1026\nENTRYPOINT ["/usr/bin/contextBroker","-fg","-multiservice","-ngsiv1Autocast"]',
    },
    {
      tag: LB_IMAGE,
      files: { 'usr/local/bin/lb': lb },
      dockerfileTail: 'ENTRYPOINT ["/usr/bin/node","/usr/local/bin/lb"]',
    },
  ];
  if (mongoStandinPresent()) {
    const [mongod, shell] = await Promise.all([bundle(MONGOD_ENTRY, 'mongod', true), bundle(MONGO_SHELL_ENTRY, 'mongo-shell', true)]);
    for (const tag of opts.mongoTags ?? ['3.2']) {
      const version = MONGO_PERSONAS[tag];
      if (!version) throw new Error(`no mongo persona for tag ${tag} (known: ${Object.keys(MONGO_PERSONAS).join(', ')})`);
      const major = Number(version.split('.')[0]);
      images.push({
        tag: `mongo:${tag}`,
        // From 6.0 on the image has no legacy `mongo` shell (mongosh replaces it).
        files: major < 6 ? { 'usr/bin/mongod': mongod, 'usr/bin/mongo': shell } : { 'usr/bin/mongod': mongod },
        dockerfileTail: `ENV MONGO_STANDIN_VERSION=${version}\nVOLUME /data/db /data/configdb\nEXPOSE 27017\nENTRYPOINT ["/usr/bin/mongod"]`,
      });
    }
  } else {
    step(`the mongo stand-in (${path.relative(REPO_ROOT, MONGOD_ENTRY)}) is not there yet: no mongo image`);
  }
  for (const image of images) await buildStandin(baseHash, image);
  return [BASE_IMAGE, ...images.map((i) => i.tag)];
}

if (require.main === module) {
  const tags = process.argv.slice(2);
  buildImages({ mongoTags: tags.length ? tags : undefined }).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
