import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextLink } from '@kumiko/api';
import { parseListRequest } from './list-request.js';

const parse = (query: string, dataplaneFilters = true) =>
  parseListRequest(new URLSearchParams(query), { routePath: '/meshes/{mesh}/dataplanes', dataplaneFilters });

describe('list requests as Kuma reads them', () => {
  it('defaults to a page of 100 from offset 0 with no filters', () => {
    assert.deepEqual(parse(''), { ok: true, value: { size: 100, offset: 0, nameContains: '', labels: {}, tags: [], gateway: 'any' } });
  });

  it('keeps the last value per tag key and ignores tags without a colon; a value may contain colons', () => {
    const parsed = parse('tag=a:1&tag=b&tag=a:2&tag=c:x:y');
    assert.deepEqual(parsed.ok ? parsed.value.tags : undefined, [
      { key: 'a', value: '2' },
      { key: 'c', value: 'x:y' },
    ]);
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
    assert.equal(
      gatewayAndOffset.ok ? undefined : gatewayAndOffset.error.invalid_parameters?.[0]?.field,
      '/meshes/{mesh}/dataplanes.gateway',
    );
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
    assert.equal(
      nextLink(base, query, 2),
      'http://cp:5681/meshes/default/dataplanes?offset=2&size=2&tag=kuma.io%2Fservice%3Aa+b&tag=v%3A%2A~',
    );
  });
  it('is null on the last page', () => {
    assert.equal(nextLink(base, new URLSearchParams(), undefined), null);
  });
});

describe('list requests: paging and filter errors', () => {
  const errors: Array<[string, string, string, string | undefined]> = [
    ['a size that is not a number', 'size=ten', 'Invalid page size', 'invalid format'],
    ['a negative size', 'size=-1', 'Invalid page size', 'invalid format'],
    ['a size over the maximum', 'size=1001', 'Invalid page size', 'invalid page size of 1001. Maximum page size is 1000'],
    ['a fractional size', 'size=1.5', 'Invalid page size', 'invalid format'],
    ['an offset that is not a number', 'offset=abc', 'Invalid offset', 'Invalid format'],
    ['a negative offset', 'offset=-10', 'Invalid offset', 'Invalid format'],
    ['a filter on something other than labels', 'filter[name]=x', 'Resource is not valid', 'filters are only supported on labels'],
    ['an advanced label filter', 'filter[labels.team][op]=x', 'Resource is not valid', 'advanced filters are not supported'],
    [
      'an unknown gateway mode',
      'gateway=maybe',
      'Resource is not valid',
      "shoud use `true`, `false`, 'builtin' or 'delegated' instead of maybe",
    ],
  ];
  for (const [name, query, detail, reason] of errors) {
    it(`given ${name}, then the request is refused with Kuma’s “${detail}” body`, () => {
      const parsed = parse(query);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.equal(parsed.error.status, 400);
      assert.equal(parsed.error.detail, detail);
      assert.equal(parsed.error.invalid_parameters?.[0]?.reason, reason);
    });
  }

  const accepted: Array<[string, string, Partial<{ size: number; offset: number; gateway: string; nameContains: string }>]> = [
    ['the maximum size', 'size=1000', { size: 1000 }],
    ['an empty size (the default)', 'size=&offset=', { size: 100, offset: 0 }],
    ['an offset from a next link', 'size=10&offset=30', { size: 10, offset: 30 }],
    ['gateway=TRUE in capitals', 'gateway=TRUE', { gateway: 'gateway' }],
    ['gateway=false', 'gateway=false', { gateway: 'not-gateway' }],
    ['gateway=builtin', 'gateway=builtin', { gateway: 'builtin' }],
    ['gateway=delegated', 'gateway=delegated', { gateway: 'delegated' }],
    ['a name substring', 'name=web', { nameContains: 'web' }],
  ];
  for (const [name, query, expected] of accepted) {
    it(`given ${name}, then it is read as ${JSON.stringify(expected)}`, () => {
      const parsed = parse(query);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      for (const [key, value] of Object.entries(expected)) assert.equal(parsed.value[key as keyof typeof parsed.value], value, key);
    });
  }

  it('given lists that take no label filters (service insights), then filter parameters are ignored', () => {
    const parsed = parseListRequest(new URLSearchParams('filter[name]=x&filter[labels.a]=b'), {
      routePath: '/meshes/{mesh}/service-insights',
      labelFilters: false,
    });
    assert.deepEqual(parsed.ok ? parsed.value.labels : undefined, {});
  });

  it('given several bad filters, then every violation is reported, in key order', () => {
    const parsed = parse('filter[zeta]=1&filter[alpha]=2');
    assert.deepEqual(parsed.ok ? undefined : parsed.error.invalid_parameters?.map((p) => p.field), [
      '/meshes/{mesh}/dataplanes.filter[alpha]',
      '/meshes/{mesh}/dataplanes.filter[zeta]',
    ]);
  });
});
