import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeProto3, planOf } from './field-plan.js';
import {
  boolValue,
  protoBool,
  protoEnum,
  protoList,
  protoMap,
  protoMessage,
  protoObject,
  protoString,
  protoStringMap,
  protoUint32,
  protoUint64,
  uint32Value,
} from './proto-json.js';

const schema = protoObject({
  name: protoString,
  port: protoUint32,
  count: protoUint64,
  state: protoEnum(['Ready', 'NotReady']),
  tags: protoStringMap,
  items: protoList(protoObject({ name: protoString, on: boolValue })),
  threshold: uint32Value,
  health: protoMessage({ ready: protoBool }),
  byName: protoMap(protoObject({ port: protoUint32 })),
});

describe('proto3 JSON encoding from the decoding schemas', () => {
  it('given zero scalars, default enums, empty lists and maps, then they are left out', () => {
    assert.deepEqual(encodeProto3({ name: '', port: 0, count: '0', state: 'Ready', tags: {}, items: [], byName: {} }, planOf(schema)), {});
  });

  it('given set values, set wrappers at zero and set empty messages, then they are written', () => {
    assert.deepEqual(
      encodeProto3(
        { name: 'a', port: 1, count: '7', state: 'NotReady', tags: { k: '' }, threshold: 0, health: {}, items: [{ name: '', on: false }] },
        planOf(schema),
      ),
      { name: 'a', port: 1, count: '7', state: 'NotReady', tags: { k: '' }, threshold: 0, health: {}, items: [{ on: false }] },
    );
  });

  it('given messages inside maps and unknown keys, then the maps’ messages are encoded and unknown keys kept unless unset', () => {
    assert.deepEqual(encodeProto3({ byName: { a: { port: 0 } }, extra: 'x', gone: undefined }, planOf(schema)), {
      byName: { a: {} },
      extra: 'x',
    });
  });

  it('given a value, then it is not mutated', () => {
    const value = { name: '', items: [{ name: '', on: true }] };
    const before = structuredClone(value);
    encodeProto3(value, planOf(schema));
    assert.deepEqual(value, before);
  });
});
