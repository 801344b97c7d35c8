// Bundles the extension and the CLI into dist/, each a single CommonJS file.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * dockerode requires its BuildKit session (gRPC and protobufjs) and docker-modem its SSH transport
 * (ssh2) when they load, though a refresh over a socket or TCP uses neither: that cost 60 ms of every
 * `comet-swarm status` (bench/snapshot.bench.ts). Inside the bundle a require in a function runs
 * on first call, so each becomes a function that requires on first use.
 */
const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    const rewrites = [
      [/dockerode[\\/]lib[\\/]docker\.js$/, "withSession = require('./session'),", "withSession = function () { return require('./session').apply(this, arguments); },"],
      [/docker-modem[\\/]lib[\\/]modem\.js$/, "ssh = require('./ssh'),", "ssh = function () { return require('./ssh').apply(this, arguments); },"],
    ];
    build.onLoad({ filter: /(dockerode[\\/]lib[\\/]docker|docker-modem[\\/]lib[\\/]modem)\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [file, from, to] of rewrites) {
        if (!file.test(args.path)) continue;
        // A dependency update that changes the line must not silently bring the cost back.
        if (!text.includes(from)) throw new Error(`lazy-requires: ${args.path} no longer contains ${from}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/**
 * The heaviest dependencies live in bundles of their own under dist/vendor/, loaded by the first
 * require that needs them: a process pays for parsing only what it uses (`comet-swarm status`
 * never needs undici or yaml, `lint` never needs the mongodb driver or ssh2).
 */
const VENDOR_PACKAGES = ['mongodb', 'undici', 'yaml'];
const VENDOR_FILES = [
  // dockerode's BuildKit session and docker-modem's SSH transport, required on first use (above).
  { importer: /dockerode[\\/]lib[\\/]docker\.js$/, path: './session', entry: 'node_modules/dockerode/lib/session.js', name: 'dockerode-session' },
  { importer: /docker-modem[\\/]lib[\\/]modem\.js$/, path: './ssh', entry: 'node_modules/docker-modem/lib/ssh.js', name: 'docker-modem-ssh' },
];

const vendorSplit = {
  name: 'vendor-split',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${VENDOR_PACKAGES.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
    build.onResolve({ filter: /^\.\/(session|ssh)$/ }, (args) => {
      const file = VENDOR_FILES.find((f) => f.path === args.path && f.importer.test(args.importer));
      return file ? { path: `./vendor/${file.name}.js`, external: true } : undefined;
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  plugins: [lazyRequires, vendorSplit],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ssh2 (pulled in by docker-modem) probes optional native helpers; none is needed to reach
  // a unix socket or a TCP/TLS engine, and a bundler cannot inline them anyway.
  external: ['vscode', 'cpu-features', '*.node',
    // optional peers of the mongodb 3.x driver that the extension never uses
    'kerberos', 'mongodb-client-encryption', 'bson-ext', 'snappy', 'aws4', 'saslprep', 'snappy/package.json'],
};

const vendor = {
  ...common,
  plugins: [],
  entryPoints: {
    ...Object.fromEntries(VENDOR_PACKAGES.map((name) => [name, name])),
    ...Object.fromEntries(VENDOR_FILES.map((file) => [file.name, file.entry])),
  },
  outdir: 'dist/vendor',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  vendor,
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
