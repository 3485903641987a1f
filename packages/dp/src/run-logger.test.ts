import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRunLogger } from './run-logger.js';

describe('createRunLogger', () => {
  it('given objects holding a token where a config, a request or headers would, when logged, then each shows [redacted]', () => {
    const lines: string[] = [];
    const logger = createRunLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ config: { dataplaneToken: 'jwt-1', name: 'dp-1' } }, 'config');
    logger.info({ request: { dataplaneToken: 'jwt-2', dataplaneTokenPath: '/t' } }, 'request');
    logger.info({ call: { headers: { authorization: 'jwt-3' } }, token: 'jwt-4' }, 'call');
    const text = lines.join('');
    for (const token of ['jwt-1', 'jwt-2', 'jwt-3', 'jwt-4']) assert.ok(!text.includes(token), text);
    const [config, request, call] = lines.map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    assert.deepEqual(config?.['config'], { dataplaneToken: '[redacted]', name: 'dp-1' });
    assert.deepEqual(request?.['request'], { dataplaneToken: '[redacted]', dataplaneTokenPath: '/t' });
    assert.deepEqual([call?.['call'], call?.['token']], [{ headers: { authorization: '[redacted]' } }, '[redacted]']);
  });
});
