// What the evaluator reports while reading env files, and where each value came from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateEnvFiles } from '../../../src/core/envfile/evaluate';
import { parseEnvFile } from '../../../src/core/envfile/parse';
import { provenanceOf } from '../../../src/core/envfile/types';

const evaluate = (backend: string, frontend?: string, env: Record<string, string> = {}) =>
  evaluateEnvFiles([{ path: 'backend.env', text: backend }, ...(frontend === undefined ? [] : [{ path: 'frontend.env', text: frontend }])], env);
const codes = (text: string) => evaluate(text).findings.map((finding) => finding.code);

test('an unterminated quote is a syntax error at the quote, and nothing after it is set', () => {
  const result = evaluate('A=1\nB="x\nC=3\n');
  assert.deepEqual(result.findings.map((f) => [f.code, f.range.start.line, f.range.start.character]), [['syntax', 1, 2]]);
  assert.deepEqual([...result.variables.keys()], ['A']);
});

test('KEY = value runs KEY as a command: an error whose fix removes the spaces', () => {
  const [finding] = evaluate('KEY = value\n').findings;
  assert.equal(finding.code, 'runs-command');
  assert.deepEqual(finding.fixes?.[0].edits.map((edit) => [edit.range.start.character, edit.range.end.character, edit.newText]), [[3, 4, ''], [5, 6, '']]);
});

test('KEY= value runs value as a command with KEY empty only for it', () => {
  const result = evaluate('KEY= value\n');
  assert.match(result.findings[0].message, /space after `KEY=`/);
  assert.equal(result.variables.has('KEY'), false);
});

test('a byte order mark makes the first line a command: an error with a fix that removes it', () => {
  const result = evaluate('\uFEFFSTACK_NAME=comet\n');
  assert.deepEqual(codes('\uFEFFSTACK_NAME=comet\n'), ['byte-order-mark']);
  assert.equal(result.variables.has('STACK_NAME'), false);
});

test('command substitution is reported, not run, and its value is unknown', () => {
  const result = evaluate('A=$(touch /tmp/should-not-exist-cs)\n');
  assert.deepEqual(result.findings.map((f) => f.code), ['command-substitution']);
  assert.equal(result.variables.get('A')?.value.known, false);
  assert.equal(result.variables.get('A')?.existenceKnown, true);
});

test('${X:?} with X unset is an error and the deploy script exits', () => {
  const result = evaluate('A=${X:?}\n', 'B=1\n');
  assert.deepEqual(result.findings.map((f) => f.code), ['required-variable']);
  assert.ok(result.exited);
  assert.equal(result.variables.has('B'), false);
});

test('a compound command is reported and later values become unknown', () => {
  const result = evaluate('A=1\nif true; then A=2; fi\n');
  assert.deepEqual(result.findings.map((f) => f.code), ['unsupported-syntax']);
  assert.equal(result.variables.get('A')?.value.known, false);
});

test("frontend.env's ${MONGO_SERVICE_URI:-...} keeps backend.env's value, with provenance saying no default was used", () => {
  const result = evaluate('MONGO_SERVICE_URI="mongo-rs_mongo"\n', 'MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"other"}\n');
  const variable = result.variables.get('MONGO_SERVICE_URI');
  assert.ok(variable);
  assert.equal(variable.value.text, 'mongo-rs_mongo');
  const provenance = provenanceOf(variable);
  assert.deepEqual([provenance.file, provenance.line, provenance.defaultUsed], ['frontend.env', 0, undefined]);
  assert.deepEqual(variable.value.segments.map((segment) => [segment.file, segment.range.start.character, segment.range.end.character]), [['backend.env', 19, 33]]);
});

test('a default that holds quotes yields the value without them, and provenance names the default', () => {
  const variable = evaluate('', 'MONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"mongo-rs_mongo"}\n').variables.get('MONGO_SERVICE_URI');
  assert.ok(variable);
  assert.equal(variable.value.text, 'mongo-rs_mongo');
  assert.deepEqual(provenanceOf(variable).defaultUsed, { name: 'MONGO_SERVICE_URI', operator: ':-', operand: '"mongo-rs_mongo"' });
});

test('a CRLF line end stays in the value, as bash keeps it', () => {
  assert.equal(evaluate('A=1\r\n').variables.get('A')?.value.text, '1\r');
});

test('every word and part keeps its offsets', () => {
  const parsed = parseEnvFile('f.env', 'export A="x$B" # c\n');
  const words = parsed.lines[0].commands[0].words;
  assert.deepEqual(words.map((word) => [word.start, word.end]), [[0, 6], [7, 14]]);
  assert.deepEqual(words[1].parts.map((part) => [part.kind, part.start, part.end]), [['literal', 7, 9], ['literal', 10, 11], ['parameter', 11, 13]]);
  assert.deepEqual(parsed.comments.map((comment) => [comment.text, comment.start]), [['# c', 15]]);
});
