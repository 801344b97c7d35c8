// Service logs arrive multiplexed in frames; lines come out whole, whatever the chunking.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogDemuxer, type LogLine } from '../../../src/core/swarm/logs';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

test('frames cut at every byte still give whole lines per stream', () => {
  const data = Buffer.concat([frame(1, 'comet_comet.1.x@node | Everything OK, 3 requests attended\ncomet_'), frame(2, 'err ünïcode\n'), frame(1, 'comet.2.y@node | started\n')]);
  const lines: LogLine[] = [];
  const demuxer = new LogDemuxer((l) => lines.push(l));
  for (let i = 0; i < data.length; i++) demuxer.push(data.subarray(i, i + 1));
  demuxer.end();
  assert.deepEqual(lines, [
    { stream: 'stdout', text: 'comet_comet.1.x@node | Everything OK, 3 requests attended' },
    { stream: 'stderr', text: 'err ünïcode' },
    { stream: 'stdout', text: 'comet_comet.2.y@node | started' },
  ]);
});

test('an unterminated last line is emitted at the end', () => {
  const lines: LogLine[] = [];
  const demuxer = new LogDemuxer((l) => lines.push(l));
  demuxer.push(frame(1, 'no newline'));
  assert.deepEqual(lines, []);
  demuxer.end();
  assert.deepEqual(lines, [{ stream: 'stdout', text: 'no newline' }]);
});
