// Bundles the extension and the CLI into dist/, each a single CommonJS file.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
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

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
