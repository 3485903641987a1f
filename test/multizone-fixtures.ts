/** What the multi-zone scenarios send to and read from the control planes' REST APIs, black-box. */

export interface RestReply {
  readonly status: number;
  // Black-box JSON as the API sends it.
  readonly body: Record<string, unknown> & { items?: Array<Record<string, unknown>>; total?: number };
}

/** One request to a CP's REST API; a connection failure rejects. */
export async function rest(
  base: string,
  path: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestReply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as RestReply['body']) };
}

/** The status of `GET path`, or 0 while the CP does not answer. */
export async function statusOf(base: string, path: string): Promise<number> {
  return rest(base, path).then(
    (reply) => reply.status,
    () => 0,
  );
}

export interface DataplaneShape {
  readonly address?: string;
  readonly port?: number;
  readonly service: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Services it has an explicit outbound to, on ports 20001, 20002, … */
  readonly outbounds?: readonly string[];
}

/** A universal Dataplane as `kumactl apply` / a REST PUT sends it: one inbound, optional outbounds. */
export function dataplaneBody(mesh: string, name: string, shape: DataplaneShape): Record<string, unknown> {
  return {
    type: 'Dataplane',
    mesh,
    name,
    networking: {
      address: shape.address ?? '10.0.0.1',
      inbound: [{ port: shape.port ?? 8080, tags: { 'kuma.io/service': shape.service, ...shape.tags } }],
      ...(shape.outbounds === undefined
        ? {}
        : { outbound: shape.outbounds.map((service, i) => ({ port: 20001 + i, tags: { 'kuma.io/service': service } })) }),
    },
  };
}

/** PUTs a Dataplane through a zone CP's REST API; throws unless it answers 200 or 201. */
export async function putDataplane(zoneUrl: string, mesh: string, name: string, shape: DataplaneShape): Promise<number> {
  const reply = await rest(zoneUrl, `/meshes/${mesh}/dataplanes/${name}`, 'PUT', dataplaneBody(mesh, name, shape));
  if (reply.status !== 200 && reply.status !== 201) throw new Error(`PUT ${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.status;
}

/** A mesh with Kuma's builtin CA enabled, as PUT on the global CP. */
export function mtlsMeshBody(name: string): Record<string, unknown> {
  return { type: 'Mesh', name, mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } };
}

export interface ZoneSubscription {
  readonly zoneInstanceId?: string;
  readonly connectTime?: string;
  readonly disconnectTime?: string;
}

/** The newest subscription of `zone` in the global CP's `/zones/_overview`, if any. */
export async function lastZoneSubscription(globalUrl: string, zone: string): Promise<ZoneSubscription | undefined> {
  const { body } = await rest(globalUrl, '/zones/_overview');
  const item = body.items?.find((entry) => entry['name'] === zone) as { zoneInsight?: { subscriptions?: ZoneSubscription[] } } | undefined;
  return item?.zoneInsight?.subscriptions?.at(-1);
}
