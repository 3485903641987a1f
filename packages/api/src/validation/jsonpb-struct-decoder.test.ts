import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MessageFields, decodeStruct } from './jsonpb-struct-decoder.js';

const CONFIG: MessageFields = [
  ['port', { kind: 'uint32' }],
  ['path', { kind: 'string' }],
  ['tags', { kind: 'stringMap' }],
  ['skip', { kind: 'boolValue' }],
  ['items', { kind: 'list', element: { kind: 'message', fields: [['name', { kind: 'string' }]] } }],
  ['nested', { kind: 'message', fields: [['flag', { kind: 'bool' }]] }],
  ['mode', { kind: 'enum', fullName: 'pkg.Msg.Mode', values: ['a', 'b', 'c'] }],
];

describe('decodeStruct (jsonpb into a typed message)', () => {
  it('decodes a valid config, ignoring unknown keys and nulls', () => {
    const result = decodeStruct(
      { port: '8080', path: '/m', tags: { a: 'x', b: null }, skip: false, items: [null, { name: 'n' }], mode: 'c', extra: 1, nested: null },
      CONFIG,
    );
    assert.deepEqual(result, {
      ok: true,
      value: { port: 8080, path: '/m', tags: { a: 'x', b: '' }, skip: false, items: [{}, { name: 'n' }], mode: 2 },
    });
  });

  it('an absent conf is the empty message', () => {
    assert.deepEqual(decodeStruct(undefined, CONFIG), { ok: true, value: {} });
  });

  const failures: readonly (readonly [string, Record<string, unknown>, string])[] = [
    ['string into uint32', { port: 'abc' }, "invalid character 'a' looking for beginning of value"],
    ['empty string into uint32', { port: '' }, 'unexpected end of JSON input'],
    ['fraction into uint32', { port: 1.5 }, 'json: cannot unmarshal number 1.5 into Go value of type uint32'],
    ['quoted fraction into uint32 keeps the literal', { port: '1.50' }, 'json: cannot unmarshal number 1.50 into Go value of type uint32'],
    ['negative into uint32', { port: -1 }, 'json: cannot unmarshal number -1 into Go value of type uint32'],
    ['too big for uint32', { port: 4294967296 }, 'json: cannot unmarshal number 4294967296 into Go value of type uint32'],
    ['number then garbage in a quoted uint32', { port: '12x' }, "invalid character 'x' after top-level value"],
    ['bool into uint32', { port: true }, 'json: cannot unmarshal bool into Go value of type uint32'],
    ['number into string', { path: 1 }, 'json: cannot unmarshal number into Go value of type string'],
    ['object into string', { path: {} }, 'json: cannot unmarshal object into Go value of type string'],
    ['number map value', { tags: { a: 1 } }, 'json: cannot unmarshal number into Go value of type string'],
    ['array into map', { tags: [] }, 'json: cannot unmarshal array into Go value of type map[string]json.RawMessage'],
    ['string into BoolValue', { skip: 'true' }, 'json: cannot unmarshal string into Go value of type bool'],
    ['object into list', { items: {} }, 'json: cannot unmarshal object into Go value of type []json.RawMessage'],
    ['string into message', { nested: 'x' }, 'json: cannot unmarshal string into Go value of type map[string]json.RawMessage'],
    ['unknown enum name', { mode: 'd' }, 'unknown value "\\"d\\"" for enum pkg.Msg.Mode'],
    ['fraction into enum', { mode: 1.5 }, 'json: cannot unmarshal number 1.5 into Go value of type protoreflect.EnumNumber'],
    ['first field in descriptor order wins', { path: 1, port: 'x' }, "invalid character 'x' looking for beginning of value"],
  ];
  for (const [name, conf, error] of failures) {
    it(`fails on ${name}`, () => assert.deepEqual(decodeStruct(conf, CONFIG), { ok: false, error }));
  }

  it('accepts any int32 as an enum number', () => {
    assert.deepEqual(decodeStruct({ mode: 7 }, CONFIG), { ok: true, value: { mode: 7 } });
  });
});
