import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextLink } from '@kumiko/api';
import { parseListRequest } from './list-request.js';

const parse = (query: string, dataplaneFilters = true) => parseListRequest(new URLSearchParams(query), { routePath: '/meshes/{mesh}/dataplanes', dataplaneFilters });

describe('list requests as Kuma reads them', () => {
  it('defaults to a page of 100 from offset 0 with no filters', () => {
    assert.deepEqual(parse(''), { ok: true, value: { size: 100, offset: 0, nameContains: '', labels: {}, tags: [], gateway: 'any' } });
  });

  it('keeps the last value per tag key and ignores tags without a colon; a value may contain colons', () => {
    const parsed = parse('tag=a:1&tag=b&tag=a:2&tag=c:x:y');
    assert.deepEqual(parsed.ok ? parsed.value.tags : undefined, [{ key: 'a', value: '2' }, { key: 'c', value: 'x:y' }]);
  });

  it('reads label filters, the last value winning', () => {
    const parsed = parse('filter[labels.team]=a&filter[labels.team]=b&filter[labels.kuma.io/zone]=z');
    assert.deepEqual(parsed.ok ? parsed.value.labels : undefined, { team: 'b', 'kuma.io/zone': 'z' });
  });

  it('checks the page size before the filters and the offset last, as Kuma does', () => {
    const both = parse('size=x&filter[a]=1&offset=y');
    assert.equal(both.ok ? undefined : both.error.detail, 'Invalid page size');
    const filterAndOffset = parse('filter[a]=1&offset=y');
    assert.equal(filterAndOffset.ok ? undefined : filterAndOffset.error.detail, 'Resource is not valid');
    const gatewayAndOffset = parse('gateway=x&offset=y');
    assert.equal(gatewayAndOffset.ok ? undefined : gatewayAndOffset.error.invalid_parameters?.[0]?.field, '/meshes/{mesh}/dataplanes.gateway');
  });

  it('ignores tag and gateway parameters outside Dataplane lists', () => {
    assert.equal(parse('gateway=nonsense&tag=a:b', false).ok, true);
  });

  it('accepts a signed size as strconv.Atoi does', () => {
    const parsed = parse('size=%2B5');
    assert.equal(parsed.ok ? parsed.value.size : undefined, 5);
  });
});

describe('next links', () => {
  const base = { protocol: 'http', host: 'cp:5681', path: '/meshes/default/dataplanes' };
  it('sorts keys, keeps repeated values in order and escapes as Go’s url.QueryEscape', () => {
    const query = new URLSearchParams('tag=kuma.io/service:a b&size=2&tag=v:*~&offset=0');
    assert.equal(nextLink(base, query, 2), 'http://cp:5681/meshes/default/dataplanes?offset=2&size=2&tag=kuma.io%2Fservice%3Aa+b&tag=v%3A%2A~');
  });
  it('is null on the last page', () => {
    assert.equal(nextLink(base, new URLSearchParams(), undefined), null);
  });
});
