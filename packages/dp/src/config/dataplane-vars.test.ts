import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDataplaneVars } from './dataplane-vars.js';

describe('parseDataplaneVars', () => {
  it('given key=value flags, when parsed, then the value is everything after the first "=" (possibly empty)', () => {
    const { vars, problems } = parseDataplaneVars(['address=10.0.0.1', 'url=http://x/?a=b', 'empty=', 'some.key=v'], undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.fromEntries(vars), { address: '10.0.0.1', url: 'http://x/?a=b', empty: '', 'some.key': 'v' });
  });

  it('given the variable and flags, when parsed, then flags override the variable and a later flag wins', () => {
    const { vars } = parseDataplaneVars(['port=2', 'port=3'], 'address=1.1.1.1,port=1');
    assert.deepEqual(Object.fromEntries(vars), { address: '1.1.1.1', port: '3' });
  });

  it('given entries without "=" or with an empty key, when parsed, then every one is a problem naming its source', () => {
    const { problems } = parseDataplaneVars(['address', '=x'], 'port');
    assert.deepEqual(problems, [
      'KUMA_DATAPLANE_RUNTIME_RESOURCE_VARS: "port" must be key=value',
      '--dataplane-var: "address" must be key=value',
      '--dataplane-var: "=x" has an empty key',
    ]);
  });
});
