import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxylessServerNames } from './proxyless-server-names.js';

const services = (...pairs: [string, string][]) => pairs.map(([mesh, service]) => ({ mesh, service }));

describe('proxylessServerNames', () => {
  const cases: [string, ReturnType<typeof services>, Record<string, string[]>][] = [
    ['one service: its name, with and without .mesh', services(['secure', 'greeter']), { 'secure:greeter': ['greeter', 'greeter.mesh'] }],
    [
      'a service with `_`: also its `.` name (Kuma’s second DNS name)',
      services(['secure', 'my_svc']),
      { 'secure:my_svc': ['my.svc', 'my.svc.mesh', 'my_svc', 'my_svc.mesh'] },
    ],
    [
      'the same service in two meshes: no bare name for either',
      services(['a', 'greeter'], ['b', 'greeter'], ['b', 'other']),
      { 'b:other': ['other', 'other.mesh'] },
    ],
    [
      'a `.` name claimed in two meshes by different services: dropped, the exact names stay',
      services(['a', 'x_y'], ['b', 'x.y']),
      { 'a:x_y': ['x_y', 'x_y.mesh'] },
    ],
    [
      'within a mesh the exact service name beats another service’s `.` name, as the proxyless resolver does',
      services(['m', 'x_y'], ['m', 'x.y']),
      { 'm:x.y': ['x.y', 'x.y.mesh'], 'm:x_y': ['x_y', 'x_y.mesh'] },
    ],
    [
      'within a mesh two services claiming the same name (`x.mesh`): neither gets it',
      services(['m', 'x'], ['m', 'x.mesh']),
      { 'm:x': ['x'], 'm:x.mesh': ['x.mesh.mesh'] },
    ],
    ['a name a TLS client cannot send as a host name: none', services(['m', 'a{b}']), {}],
  ];
  for (const [name, input, expected] of cases) {
    it(`given ${name}`, () => {
      assert.deepEqual(Object.fromEntries(proxylessServerNames(input)), expected);
    });
  }
});
