/**
 * What an operator does before a deployment's proxies start, as the demo and docker-compose do it:
 *
 * 1. reads the admin user token, the GlobalSecret `admin-user-token`, which the global CP created at its first start
 *    and which only its own machine may read without a token (Kuma's "localhost is admin");
 * 2. with that token: turns on mTLS (builtin CA) in mesh `default`, as cross-zone traffic requires, and asks the
 *    global CP for one token per proxy, bound to it: a dataplane token bound to the Dataplane's name, mesh and
 *    service, or a zone token for a zone's ingress;
 * 3. writes each token to `<dir>/<proxy name>.token` (0600), the file kumiko-dp reads with `--dataplane-token-file`.
 *
 * As a command (docker-compose runs it in the global CP's network namespace):
 *
 *   kumiko-tsx scripts/demo-credentials.ts <local api url> <dir> dataplane:<mesh>:<name>:<service> ingress:<zone>:<name> …
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A proxy to issue a token for. */
export type ProxyCredential =
  | { readonly kind: 'dataplane'; readonly mesh: string; readonly name: string; readonly service: string }
  | { readonly kind: 'ingress'; readonly zone: string; readonly name: string };

/** How long the demo's tokens are valid. */
const VALID_FOR = '8760h';

async function call(url: string, init: RequestInit & { token?: string } = {}): Promise<string> {
  const { token, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${rest.method ?? 'GET'} ${url}: HTTP ${response.status} ${text}`);
  return text;
}

/** The admin user token, read as Kuma documents it: `GET /global-secrets/admin-user-token` from the CP's machine. */
export async function readAdminToken(localApiUrl: string): Promise<string> {
  const secret = JSON.parse(await call(`${localApiUrl}/global-secrets/admin-user-token`)) as { data?: string };
  if (secret.data === undefined) throw new Error('the admin-user-token GlobalSecret has no data');
  return Buffer.from(secret.data, 'base64').toString('utf8');
}

/** Mesh `default` with a builtin CA. */
export async function enableMeshMtls(apiUrl: string, adminToken: string): Promise<void> {
  const mesh = { type: 'Mesh', name: 'default', mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin' }] } };
  await call(`${apiUrl}/meshes/default`, { method: 'PUT', body: JSON.stringify(mesh), token: adminToken });
}

/** A token bound to one proxy, from the global CP. */
export async function issueProxyToken(apiUrl: string, adminToken: string, proxy: ProxyCredential): Promise<string> {
  if (proxy.kind === 'ingress') {
    const body = { zone: proxy.zone, scope: ['ingress'], validFor: VALID_FOR };
    return call(`${apiUrl}/tokens/zone`, { method: 'POST', body: JSON.stringify(body), token: adminToken });
  }
  const body = { name: proxy.name, mesh: proxy.mesh, tags: { 'kuma.io/service': [proxy.service] }, type: 'dataplane', validFor: VALID_FOR };
  return call(`${apiUrl}/tokens/dataplane`, { method: 'POST', body: JSON.stringify(body), token: adminToken });
}

/** Writes every proxy's token under `dir`; answers the files by proxy name. */
export async function writeProxyTokens(
  apiUrl: string,
  adminToken: string,
  dir: string,
  proxies: readonly ProxyCredential[],
): Promise<Map<string, string>> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = new Map<string, string>();
  for (const proxy of proxies) {
    const file = join(dir, `${proxy.name}.token`);
    writeFileSync(file, await issueProxyToken(apiUrl, adminToken, proxy), { mode: 0o600 });
    files.set(proxy.name, file);
  }
  return files;
}

function parseProxy(spec: string): ProxyCredential {
  const [kind, ...parts] = spec.split(':');
  if (kind === 'dataplane' && parts.length === 3) {
    const [mesh, name, service] = parts as [string, string, string];
    return { kind, mesh, name, service };
  }
  if (kind === 'ingress' && parts.length === 2) {
    const [zone, name] = parts as [string, string];
    return { kind, zone, name };
  }
  throw new Error(`cannot read "${spec}": expected dataplane:<mesh>:<name>:<service> or ingress:<zone>:<name>`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [apiUrl, dir, ...specs] = process.argv.slice(2);
  try {
    if (apiUrl === undefined || dir === undefined) throw new Error('usage: demo-credentials.ts <local api url> <dir> <proxy>…');
    const token = await readAdminToken(apiUrl);
    await enableMeshMtls(apiUrl, token);
    const files = await writeProxyTokens(apiUrl, token, dir, specs.map(parseProxy));
    for (const [name, file] of files) console.log(`${name}: ${file}`);
  } catch (error) {
    console.error(`demo-credentials: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
