import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapYaml } from '../test-support/test-control-plane.js';
import { BootstrapResponseError, decodeBootstrapResponse } from './bootstrap-response.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('decodeBootstrapResponse', () => {
  it("given Kuma's JSON answer, when decoded, then the YAML, the sidecar configuration and the admin address", () => {
    const yaml = bootstrapYaml(9902);
    const body = JSON.stringify({ bootstrap: base64(yaml), kumaSidecarConfiguration: { networking: { address: '10.0.0.1' } } });
    assert.deepEqual(decodeBootstrapResponse('application/json; charset=utf-8', body), {
      bootstrapYaml: yaml,
      sidecarConfiguration: { networking: { address: '10.0.0.1' } },
      admin: { host: '127.0.0.1', port: 9902 },
    });
  });

  it('given a raw YAML answer with camelCase admin fields, when decoded, then it is used as it is', () => {
    const yaml = 'admin:\n  address:\n    socketAddress: {address: 127.0.0.2, portValue: 9903}\n';
    const decoded = decodeBootstrapResponse('text/x-yaml', yaml);
    assert.deepEqual([decoded.bootstrapYaml, decoded.admin], [yaml, { host: '127.0.0.2', port: 9903 }]);
  });

  it('given a bootstrap without an admin section, when decoded, then no admin address', () => {
    assert.equal(decodeBootstrapResponse('text/x-yaml', 'node: {id: a}\n').admin, undefined);
  });

  const bad: [string, string, string][] = [
    ['not JSON', 'nope', 'not valid JSON'],
    ['no bootstrap field', '{"kumaSidecarConfiguration":{}}', 'bootstrap:'],
    ['a bootstrap that is not base64', '{"bootstrap":"***"}', 'expected base64'],
    ['base64 of broken YAML', JSON.stringify({ bootstrap: base64('a: b: c') }), 'not valid YAML'],
    ['base64 of a YAML list', JSON.stringify({ bootstrap: base64('- a\n') }), 'not one YAML object'],
  ];
  for (const [name, body, message] of bad) {
    it(`given ${name}, when decoded, then BootstrapResponseError`, () => {
      assert.throws(
        () => decodeBootstrapResponse('application/json', body),
        (error: unknown) => error instanceof BootstrapResponseError && error.message.includes(message),
      );
    });
  }
});
