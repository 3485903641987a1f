import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DnsTcpFramer } from './dns-tcp-framer.js';

describe('DnsTcpFramer', () => {
  it('given two framed messages split at odd places, when pushed chunk by chunk, then each comes out whole, in order', () => {
    // given
    const stream = Buffer.concat([DnsTcpFramer.frame(Buffer.from('first')), DnsTcpFramer.frame(Buffer.from('second!'))]);
    const framer = new DnsTcpFramer();
    // when
    const out = [stream.subarray(0, 1), stream.subarray(1, 9), stream.subarray(9, 10), stream.subarray(10)].flatMap((chunk) =>
      framer.push(chunk),
    );
    // then
    assert.deepEqual(out.map(String), ['first', 'second!']);
    assert.equal(framer.pending, 0);
  });

  it('given an incomplete message, when pushed, then nothing comes out and the bytes wait', () => {
    const framer = new DnsTcpFramer();
    assert.deepEqual(framer.push(Buffer.from([0, 10, 1, 2])), []);
    assert.equal(framer.pending, 4);
  });

  it('given a message, when framed, then it is prefixed by its big-endian length', () => {
    assert.deepEqual([...DnsTcpFramer.frame(Buffer.alloc(300))].slice(0, 2), [1, 44]);
  });
});
