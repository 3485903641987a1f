import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, credentials } from '@grpc/grpc-js';
import { sayHello, startGreeterBackend, type GreeterBackend } from '@kumiko/xds/test-support';
import { GrpcIngressProxy } from './grpc-ingress-proxy.js';
import { IngressListener } from './ingress-listener.js';
import { IngressRoutes } from './ingress-routes.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

describe('GrpcIngressProxy behind the IngressListener: plaintext gRPC by :authority (meshes without mTLS)', () => {
  const backends: GreeterBackend[] = [];
  const clients: Client[] = [];
  let plaintext: GrpcIngressProxy;
  let listener: IngressListener;
  let port: number;

  const client = (authority: string): Client => {
    const made = new Client(`127.0.0.1:${port}`, credentials.createInsecure(), { 'grpc.default_authority': authority });
    clients.push(made);
    return made;
  };

  before(async () => {
    for (const name of ['greeter-1', 'greeter-2']) backends.push(await startGreeterBackend(name));
    const endpoints = backends.map((b) => ({ address: '127.0.0.1', port: b.port, weight: 1, tags: {} }));
    const routes = new IngressRoutes(['default:greeter', 'default:idle'], new Map([['default:greeter', endpoints]]));
    const balancer = new WeightedRoundRobin();
    plaintext = new GrpcIngressProxy(
      () => routes,
      (key, list) => balancer.pick(key, list),
    );
    listener = new IngressListener({
      routes: () => routes,
      balancer,
      plaintext: (socket) => plaintext.accept(socket),
      log: () => undefined,
    });
    port = await listener.listen('127.0.0.1', 0);
  });

  after(async () => {
    for (const made of clients) made.close();
    plaintext?.close();
    await listener?.close();
    await Promise.all(backends.map((b) => b.server.forceShutdown()));
  });

  it('given the authority of a service (also as <service>.mesh:<port>), then calls reach its endpoints round robin', async () => {
    const replies = [];
    for (const authority of ['greeter', 'greeter.mesh:80', 'greeter', 'greeter.mesh:80']) replies.push(await sayHello(client(authority)));
    assert.deepEqual(replies.sort(), ['greeter-1', 'greeter-1', 'greeter-2', 'greeter-2']);
  });

  it('given an unknown service or one without endpoints, then UNAVAILABLE with the reason', async () => {
    await assert.rejects(sayHello(client('nobody')), /UNAVAILABLE.*no service for authority "nobody"/);
    await assert.rejects(sayHello(client('idle')), /UNAVAILABLE.*no endpoints of default:idle/);
  });
});
