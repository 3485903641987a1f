import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ProxyResourceInput, ProxyResourceError, loadProxyResource } from './proxy-resource-loader.js';
import { TemplateRenderError } from './template-renderer.js';

const DATAPLANE = `type: Dataplane
mesh: default
name: {{ name }}
networking:
  address: {{ address }}
  inbound:
  - port: {{ port }}
    tags:
      kuma.io/service: backend
`;

function input(overrides: Partial<ProxyResourceInput>): ProxyResourceInput {
  return {
    template: DATAPLANE,
    source: 'dp.yaml',
    vars: new Map([
      ['name', 'dp-1'],
      ['address', '10.0.0.1'],
      ['port', '8080'],
    ]),
    proxyType: 'dataplane',
    name: undefined,
    mesh: undefined,
    adminPort: undefined,
    ...overrides,
  };
}

function violationsOf(run: () => unknown): readonly { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProxyResourceError) return error.violations;
    throw error;
  }
  assert.fail('expected a ProxyResourceError');
}

describe('loadProxyResource', () => {
  it('given a Dataplane template and its vars, when loaded, then the rendered document is sent as JSON', () => {
    const resource = loadProxyResource(input({}));
    assert.equal(resource.type, 'Dataplane');
    assert.equal(resource.name, 'dp-1');
    assert.equal(resource.mesh, 'default');
    assert.deepEqual(JSON.parse(resource.json ?? ''), {
      type: 'Dataplane',
      mesh: 'default',
      name: 'dp-1',
      networking: { address: '10.0.0.1', inbound: [{ port: 8080, tags: { 'kuma.io/service': 'backend' } }] },
    });
  });

  it('given a file without name or mesh, when loaded with --name and --mesh, then they are filled in', () => {
    const template = 'type: Dataplane\nnetworking: {address: 10.0.0.1, inbound: [{port: 1, tags: {kuma.io/service: a}}]}\n';
    const resource = loadProxyResource(input({ template, name: 'dp-9', mesh: 'm1' }));
    assert.deepEqual([resource.name, resource.mesh], ['dp-9', 'm1']);
    assert.equal(JSON.parse(resource.json ?? '').name, 'dp-9');
  });

  it('given labels from the run mode and a file with labels, when loaded, then both are sent and the run mode’s win', () => {
    const template = `${DATAPLANE}labels:\n  team: a\n  kumiko.io/proxyless: "false"\n`;
    const resource = loadProxyResource(input({ template, labels: { 'kumiko.io/proxyless': 'true' } }));
    const sent = JSON.parse(resource.json ?? '{}') as { labels?: Record<string, string> };
    assert.deepEqual(sent.labels, { team: 'a', 'kumiko.io/proxyless': 'true' });
  });

  it('given --name and --mesh that contradict the file, when loaded, then both contradictions are reported', () => {
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ name: 'other', mesh: 'm2' }))),
      [
        { field: 'name', message: '"dp-1" in the file does not match --name "other"' },
        { field: 'mesh', message: '"default" in the file does not match --mesh "m2"' },
      ],
    );
  });

  it('given a ZoneIngress file with --proxy-type dataplane, when loaded, then the type mismatch is reported', () => {
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ template: 'type: ZoneIngress\nname: zi-1\n' }))),
      [{ field: 'type', message: '"ZoneIngress" does not match --proxy-type dataplane (expected "Dataplane")' }],
    );
  });

  it('given a ZoneIngress with --proxy-type ingress and --admin-port, when loaded, then it has no mesh and the admin port is set', () => {
    const template = 'type: ZoneIngress\nname: zi-1\nnetworking: {address: 10.0.0.2, port: 10001, admin: {port: 1}}\n';
    const resource = loadProxyResource(input({ template, proxyType: 'ingress', adminPort: 9902 }));
    assert.deepEqual([resource.type, resource.name, resource.mesh], ['ZoneIngress', 'zi-1', '']);
    assert.deepEqual(JSON.parse(resource.json ?? '').networking, { address: '10.0.0.2', port: 10001, admin: { port: 9902 } });
  });

  it('given --mesh for an egress, when loaded, then it is rejected: a ZoneEgress belongs to no mesh', () => {
    const template = 'type: ZoneEgress\nname: ze-1\nnetworking: {address: 10.0.0.3, port: 10002}\n';
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ template, proxyType: 'egress', mesh: 'default' }))),
      [{ field: 'mesh', message: '--mesh does not apply: a ZoneEgress belongs to no mesh' }],
    );
  });

  it('given a file with no name and a bad field type, when loaded, then the decode issue and the meta violation both appear', () => {
    const template = 'type: Dataplane\nmesh: default\nnetworking: {address: 10.0.0.1, inbound: [{port: "abc"}]}\n';
    const violations = violationsOf(() => loadProxyResource(input({ template })));
    assert.ok(
      violations.some((v) => v.field === 'networking.inbound[0].port'),
      JSON.stringify(violations),
    );
  });

  it('given a valid document without a name anywhere, when loaded, then name "cannot be empty"', () => {
    const template = 'type: Dataplane\nmesh: default\nnetworking: {address: 10.0.0.1, inbound: [{port: 1, tags: {kuma.io/service: a}}]}\n';
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ template }))),
      [{ field: 'name', message: 'cannot be empty' }],
    );
  });

  it('given two documents or broken YAML, when loaded, then the document problem is reported', () => {
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ template: 'type: Dataplane\n---\ntype: Dataplane\n' }))),
      [{ field: '', message: 'expected exactly one resource, found 2' }],
    );
    const [broken] = violationsOf(() => loadProxyResource(input({ template: 'name: a: b\n' })));
    assert.match(broken?.message ?? '', /^invalid YAML at line 1/);
  });

  it('given a template variable that is not given, when loaded, then the TemplateRenderError names it', () => {
    assert.throws(
      () =>
        loadProxyResource(
          input({
            vars: new Map([
              ['name', 'dp-1'],
              ['address', 'a'],
            ]),
          }),
        ),
      (error: unknown) => {
        assert.ok(error instanceof TemplateRenderError);
        assert.deepEqual(error.missing, ['port']);
        return true;
      },
    );
  });

  it('given no file but --name and --mesh, when loaded, then the CP is asked for a proxy it already knows', () => {
    assert.deepEqual(loadProxyResource(input({ template: undefined, name: 'dp-1', mesh: 'default' })), {
      type: 'Dataplane',
      name: 'dp-1',
      mesh: 'default',
      json: undefined,
    });
    assert.deepEqual(
      violationsOf(() => loadProxyResource(input({ template: undefined, name: 'dp-1' }))),
      [{ field: 'mesh', message: 'cannot be empty' }],
    );
  });
});
