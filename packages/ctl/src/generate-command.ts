import type { Command } from 'commander';

/** Where the global CP's API answers unless `--api-url` says otherwise (Kuma's default API port on localhost). */
export const DEFAULT_API_URL = 'http://localhost:5681';

/** `--tag kuma.io/service=web,web-api`, repeatable: a key and the comma-separated values a token allows. */
function collectTag(text: string, tags: Record<string, string[]>): Record<string, string[]> {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`invalid tag "${text}": expected key=value[,value…]`);
  const key = text.slice(0, at);
  return {
    ...tags,
    [key]: [
      ...(tags[key] ?? []),
      ...text
        .slice(at + 1)
        .split(',')
        .filter((v) => v !== ''),
    ],
  };
}

/** Posts a token request and answers the token text, or throws with the API's error detail. */
export async function requestToken(apiUrl: string, kind: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${apiUrl.replace(/\/+$/, '')}/tokens/${kind}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const text = await response.text();
  if (response.ok) return text;
  let detail = text;
  try {
    const error = JSON.parse(text) as { title?: string; detail?: string; invalid_parameters?: { field: string; reason: string }[] };
    const fields = (error.invalid_parameters ?? []).map((p) => `${p.field}: ${p.reason}`);
    detail = [error.title, error.detail, ...fields].filter(Boolean).join(': ');
  } catch {
    // not Kuma's JSON error: the text as it came
  }
  throw new Error(`failed to generate a ${kind} token (HTTP ${response.status}): ${detail}`);
}

/**
 * `kumikoctl generate dataplane-token`, as kumactl's: asks the global CP (`POST /tokens/dataplane`) for a token
 * bound to a mesh and optionally a name, tags and proxy type, and prints it.
 */
export function addGenerateCommand(program: Command): void {
  const generate = program.command('generate').description('generate resources and tokens');
  generate
    .command('dataplane-token')
    .description('generate a token a data plane proxy presents to the zone control plane')
    .requiredOption('--mesh <mesh>', 'mesh the token is for', 'default')
    .option('--name <name>', 'name of the Dataplane the token is bound to', '')
    .option('--tag <key=values>', 'tag the Dataplane must carry, values comma-separated (repeatable)', collectTag, {})
    .option('--proxy-type <type>', 'dataplane, ingress or egress', '')
    .requiredOption('--valid-for <duration>', 'how long the token is valid, in Go duration syntax (24h, 8760h)')
    .option('--api-url <url>', 'the global control plane API', DEFAULT_API_URL)
    .action(
      async (options: {
        mesh: string;
        name: string;
        tag: Record<string, string[]>;
        proxyType: string;
        validFor: string;
        apiUrl: string;
      }) => {
        const token = await requestToken(options.apiUrl, 'dataplane', {
          name: options.name,
          mesh: options.mesh,
          tags: options.tag,
          type: options.proxyType,
          validFor: options.validFor,
        });
        process.stdout.write(token);
      },
    );
}
