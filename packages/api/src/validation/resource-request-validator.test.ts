import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RFC1123_MESSAGE } from './identifier-validator.js';
import { type ResourceRequest, type ResourceRequestCheckOptions, validateResourceRequest } from './resource-request-validator.js';
import type { Violation } from './violation.js';

function request(overrides: Partial<ResourceRequest['body']> = {}, url: Partial<Omit<ResourceRequest, 'body'>> = {}): ResourceRequest {
  return {
    urlType: 'Dataplane',
    urlName: 'dp-1',
    urlMesh: 'default',
    ...url,
    body: { type: 'Dataplane', name: 'dp-1', mesh: 'default', labels: {}, ...overrides },
  };
}

const standalone: ResourceRequestCheckOptions = { mode: 'standalone', zoneName: 'default' };
const global: ResourceRequestCheckOptions = { mode: 'global' };
const federatedZone: ResourceRequestCheckOptions = { mode: 'zone', federatedZone: true, zoneName: 'zone-1' };
const v = (field: string, message: string): Violation => ({ field, message });

describe('validateResourceRequest', () => {
  const cases: readonly (readonly [string, ResourceRequest, ResourceRequestCheckOptions, readonly Violation[]])[] = [
    ['a consistent request', request(), standalone, []],
    [
      'URL and body disagree on name, type and mesh; meta checked last',
      request({ name: 'other', type: 'Mesh', mesh: 'demo' }),
      standalone,
      [
        v('name', 'name from the URL has to be the same as in body'),
        v('type', 'type from the URL has to be the same as in body'),
        v('mesh', 'mesh from the URL has to be the same as in body'),
      ],
    ],
    [
      'global-scoped types have no mesh check',
      request({ type: 'ZoneIngress', mesh: undefined }, { urlType: 'ZoneIngress', urlMesh: '' }),
      standalone,
      [],
    ],
    [
      'federated zone: zone + "." + name must stay under 253 bytes',
      request({ name: 'a'.repeat(246) }, { urlName: 'a'.repeat(246) }),
      federatedZone,
      [v('name', 'the length of the name must be shorter')],
    ],
    ['federated zone: a shorter name fits', request({ name: 'a'.repeat(245) }, { urlName: 'a'.repeat(245) }), federatedZone, []],
    [
      'global: origin must be global',
      request({ labels: { 'kuma.io/origin': 'zone' } }),
      global,
      [v('labels["kuma.io/origin"]', "the origin label must be set to 'global'")],
    ],
    ['global: no origin label is fine', request(), global, []],
    [
      'global: origin check can be disabled',
      request({ labels: { 'kuma.io/origin': 'zone' } }),
      { mode: 'global', disableOriginLabelValidation: true },
      [],
    ],
    [
      'unknown origin value',
      request({ labels: { 'kuma.io/origin': 'moon' } }),
      global,
      [
        v('labels["kuma.io/origin"]', 'unknown resource origin "moon"'),
        v('labels["kuma.io/origin"]', "the origin label must be set to 'global'"),
      ],
    ],
    [
      'federated zone: plugin types need origin zone',
      request(),
      { ...federatedZone, pluginOriginated: true },
      [v('labels["kuma.io/origin"]', "the origin label must be set to 'zone'")],
    ],
    [
      'zone: the zone label must name this zone',
      request({ labels: { 'kuma.io/zone': 'zone-2' } }),
      federatedZone,
      [v('labels["kuma.io/zone"]', 'kuma.io/zone label should have zone-1 value')],
    ],
    [
      'zone: the mesh label must match the mesh',
      request({ labels: { 'kuma.io/mesh': 'other' } }),
      federatedZone,
      [v('labels["kuma.io/mesh"]', 'kuma.io/mesh label must not differ from mesh set on resource')],
    ],
    [
      'zone: resources of global origin skip the zone and mesh label checks',
      request({ labels: { 'kuma.io/origin': 'global', 'kuma.io/zone': 'x', 'kuma.io/mesh': 'y' } }),
      federatedZone,
      [],
    ],
    [
      'label keys and values follow Kubernetes rules, in key order',
      request({ labels: { 'b/c/d': 'ok', a: 'bad value' } }),
      standalone,
      [
        v(
          'labels["a"]',
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
        v(
          'labels["b/c/d"]',
          "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        ),
      ],
    ],
    [
      'meta rules come after the label rules',
      request({ name: 'DP', labels: { 'kuma.io/zone': 'zone-9' } }, { urlName: 'DP' }),
      federatedZone,
      [v('labels["kuma.io/zone"]', 'kuma.io/zone label should have zone-1 value'), v('name', RFC1123_MESSAGE)],
    ],
  ];
  for (const [name, req, options, expected] of cases) it(name, () => assert.deepEqual(validateResourceRequest(req, options), expected));
});
