import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { DeltaDiscoveryRequest, DiscoveryRequest } from '../generated/envoy/service/discovery/v3/discovery.js';

export const ADS_SERVICE = 'envoy.service.discovery.v3.AggregatedDiscoveryService';
export const SOTW_ADS_PATH = `/${ADS_SERVICE}/StreamAggregatedResources`;
export const DELTA_ADS_PATH = `/${ADS_SERVICE}/DeltaAggregatedResources`;

const identity = (bytes: Buffer): Buffer => bytes;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The server side of the ADS service as a raw grpc-js definition: requests are decoded with the
 * generated codecs, responses are written as the bytes the server already encoded (so cached,
 * pre-encoded resources go out without being encoded again).
 */
export const adsServiceDefinition = {
  StreamAggregatedResources: {
    path: SOTW_ADS_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: (request: DiscoveryRequest) => toBuffer(DiscoveryRequest.encode(request).finish()),
    requestDeserialize: (bytes: Buffer) => DiscoveryRequest.decode(bytes),
    responseSerialize: identity,
    responseDeserialize: identity,
  } satisfies MethodDefinition<DiscoveryRequest, Buffer>,
  DeltaAggregatedResources: {
    path: DELTA_ADS_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: (request: DeltaDiscoveryRequest) => toBuffer(DeltaDiscoveryRequest.encode(request).finish()),
    requestDeserialize: (bytes: Buffer) => DeltaDiscoveryRequest.decode(bytes),
    responseSerialize: identity,
    responseDeserialize: identity,
  } satisfies MethodDefinition<DeltaDiscoveryRequest, Buffer>,
} satisfies ServiceDefinition;
