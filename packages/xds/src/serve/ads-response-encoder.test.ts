import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeDeltaDiscoveryResponse, encodeDiscoveryResponse } from './ads-response-encoder.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { DeltaDiscoveryResponse, DiscoveryResponse } from '../generated/envoy/service/discovery/v3/discovery.js';
import { loadAssignment, rawResource } from '../../test-support/snapshot-cache-fixtures.js';
import { TypeUrls } from '../snapshot/xds-snapshot.js';

const cla = loadAssignment('backend', [{ address: '10.0.0.1', port: 8080 }]);
const resource = rawResource('backend', ClusterLoadAssignment.encode(cla).finish());
const other = rawResource('other', new Uint8Array([10, 5, 111, 116, 104, 101, 114]));

describe('ADS response encoding', () => {
  it('frames pre-encoded resources into a DiscoveryResponse the generated codec reads back', () => {
    // when a SotW response is encoded around two cached resources
    const bytes = encodeDiscoveryResponse({
      typeUrl: TypeUrls.ClusterLoadAssignment,
      versionInfo: 'v7',
      nonce: '2a',
      resources: [resource, other],
    });

    // then it decodes to the version, nonce, type URL and the resources packed as Any
    const decoded = DiscoveryResponse.decode(bytes);
    assert.equal(decoded.version_info, 'v7');
    assert.equal(decoded.nonce, '2a');
    assert.equal(decoded.type_url, TypeUrls.ClusterLoadAssignment);
    assert.deepEqual(
      decoded.resources?.map((any) => any.type_url),
      [TypeUrls.ClusterLoadAssignment, TypeUrls.ClusterLoadAssignment],
    );
    assert.deepEqual(
      ClusterLoadAssignment.decode(decoded.resources?.[0]?.value ?? new Uint8Array()),
      ClusterLoadAssignment.fromPartial(cla),
    );
    // and it is byte-identical to what the generated encoder writes (same field order)
    const canonical = DiscoveryResponse.encode({
      version_info: 'v7',
      resources: [resource, other].map((r) => ({ type_url: TypeUrls.ClusterLoadAssignment, value: Buffer.from(r.encoded) })),
      type_url: TypeUrls.ClusterLoadAssignment,
      nonce: '2a',
    }).finish();
    assert.deepEqual(new Uint8Array(bytes), canonical);
  });

  it('frames a DeltaDiscoveryResponse with per-resource versions and removals', () => {
    // when a delta response carries one resource and two removals
    const bytes = encodeDeltaDiscoveryResponse({
      typeUrl: TypeUrls.ClusterLoadAssignment,
      systemVersionInfo: 's1',
      nonce: '9',
      resources: [resource],
      removed: ['gone', 'missing'],
    });

    // then each resource has its name, its own version and its Any
    const decoded = DeltaDiscoveryResponse.decode(bytes);
    assert.equal(decoded.system_version_info, 's1');
    assert.equal(decoded.nonce, '9');
    assert.equal(decoded.type_url, TypeUrls.ClusterLoadAssignment);
    assert.deepEqual(decoded.removed_resources, ['gone', 'missing']);
    assert.equal(decoded.resources?.length, 1);
    const [first] = decoded.resources ?? [];
    assert.equal(first?.name, 'backend');
    assert.equal(first?.version, resource.version);
    assert.equal(first?.resource?.type_url, TypeUrls.ClusterLoadAssignment);
    assert.deepEqual(ClusterLoadAssignment.decode(first?.resource?.value ?? new Uint8Array()), ClusterLoadAssignment.fromPartial(cla));
  });
});
