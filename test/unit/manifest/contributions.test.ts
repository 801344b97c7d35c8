// package.json, its translations and the code agree: every string shown has English and Japanese text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

test('every %key% in package.json has English and Japanese text', () => {
  const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 10);
  for (const file of ['package.nls.json', 'package.nls.ja.json']) {
    const nls = JSON.parse(read(file));
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key].length > 0, `${file} lacks ${key}`);
    assert.deepEqual(Object.keys(nls).sort(), [...new Set(keys)].sort(), `${file} has keys package.json does not use`);
  }
});

test('every vscode.l10n.t string in src has a Japanese translation', () => {
  const ja = JSON.parse(read('l10n/bundle.l10n.ja.json'));
  const used = new Set<string>();
  for (const file of sourceFiles('src')) {
    for (const m of read(file).matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) used.add(m[1].replace(/\\'/g, "'"));
  }
  assert.ok(used.size > 20);
  for (const s of used) assert.ok(typeof ja[s] === 'string' && ja[s].length > 0, `no Japanese for "${s}"`);
});

test('commands in menus and welcome links are contributed', () => {
  const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const menuCommands = Object.values(manifest.contributes.menus).flat().map((m) => (m as { command: string }).command);
  const nls = JSON.parse(read('package.nls.json'));
  const linked = Object.values(nls).flatMap((v) => [...String(v).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
  for (const command of [...menuCommands, ...linked]) assert.ok(contributed.has(command), `${command} is used but not contributed`);
});

test('every setting has a description and lives under cometSwarm.', () => {
  for (const [key, value] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.match(key, /^cometSwarm\./);
    assert.ok((value as { markdownDescription?: string }).markdownDescription, `${key} has no description`);
  }
});

test('the core has no vscode import', () => {
  for (const file of sourceFiles('src/core')) assert.doesNotMatch(read(file), /from 'vscode'|require\('vscode'\)/, file);
});
