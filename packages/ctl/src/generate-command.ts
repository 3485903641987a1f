import { Option, type Command } from 'commander';
import { postJson, type ApiConnection } from './api-client.js';

/** Where the global CP's API answers unless `--api-url` says otherwise (Kuma's default API port on localhost). */
export const DEFAULT_API_URL = 'http://localhost:5681';

/** A failed token request: the API's answer, readable. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

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

/** A repeatable option's values in order; `undefined` until given once. */
function collect(value: string, values: string[] | undefined): string[] {
  return [...(values ?? []), value];
}

/** What every command that calls the API accepts: where it is, the user token, and the CA of an HTTPS API. */
interface ApiOptions {
  readonly apiUrl: string;
  readonly authToken?: string;
  readonly caCertFile?: string;
}

/** Adds `--api-url`, `--auth-token` (env `KUMIKO_API_TOKEN`) and `--ca-cert-file` to `command`. */
function withApiOptions(command: Command): Command {
  return command
    .option('--api-url <url>', 'the global control plane API', DEFAULT_API_URL)
    .addOption(new Option('--auth-token <jwt>', 'user token sent as "Authorization: Bearer <jwt>"').env('KUMIKO_API_TOKEN'))
    .option('--ca-cert-file <file>', 'PEM file of the CA that signed the HTTPS API certificate');
}

function connectionOf(options: ApiOptions): ApiConnection {
  return {
    apiUrl: options.apiUrl,
    ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
    ...(options.caCertFile === undefined ? {} : { caCertFile: options.caCertFile }),
  };
}

/** Posts a token request to `POST /tokens/<kind>` and answers the token text, or throws with the API's error detail. */
export async function requestToken(connection: ApiConnection, kind: string, body: Record<string, unknown>): Promise<string> {
  const answer = await postJson(connection, `/tokens/${kind}`, body);
  if (answer.status === 200) return answer.text;
  let detail = answer.text;
  try {
    const error = JSON.parse(answer.text) as { title?: string; detail?: string; invalid_parameters?: { field: string; reason: string }[] };
    const fields = (error.invalid_parameters ?? []).map((p) => `${p.field}: ${p.reason}`);
    detail = [error.title, error.detail, ...fields].filter(Boolean).join(': ');
  } catch {
    // not Kuma's JSON error: the text as it came
  }
  throw new TokenRequestError(`failed to generate a ${kind} token (HTTP ${answer.status}): ${detail}`, answer.status);
}

const VALID_FOR = 'how long the token is valid, in Go duration syntax (24h, 8760h)';

/**
 * `kumikoctl generate dataplane-token | zone-token | user-token`, as kumactl's: asks the global CP
 * (`POST /tokens/<kind>`) for a token and prints it.
 */
export function addGenerateCommand(program: Command): void {
  const generate = program.command('generate').description('generate resources and tokens');
  withApiOptions(
    generate
      .command('dataplane-token')
      .description('generate a token a data plane proxy presents to the zone control plane')
      .requiredOption('--mesh <mesh>', 'mesh the token is for', 'default')
      .option('--name <name>', 'name of the Dataplane the token is bound to', '')
      .option('--tag <key=values>', 'tag the Dataplane must carry, values comma-separated (repeatable)', collectTag, {})
      .option('--proxy-type <type>', 'dataplane, ingress or egress', '')
      .requiredOption('--valid-for <duration>', VALID_FOR),
  ).action(
    async (options: ApiOptions & { mesh: string; name: string; tag: Record<string, string[]>; proxyType: string; validFor: string }) => {
      const token = await requestToken(connectionOf(options), 'dataplane', {
        name: options.name,
        mesh: options.mesh,
        tags: options.tag,
        type: options.proxyType,
        validFor: options.validFor,
      });
      process.stdout.write(token);
    },
  );
  withApiOptions(
    generate
      .command('zone-token')
      .description('generate a token a zone proxy (ingress, egress) presents to its zone control plane')
      .requiredOption('--zone <zone>', 'zone the token is bound to')
      .option('--scope <scope>', 'ingress or egress (repeatable; default both)', collect)
      .requiredOption('--valid-for <duration>', VALID_FOR),
  ).action(async (options: ApiOptions & { zone: string; scope?: string[]; validFor: string }) => {
    const token = await requestToken(connectionOf(options), 'zone', {
      zone: options.zone,
      scope: options.scope ?? ['ingress', 'egress'],
      validFor: options.validFor,
    });
    process.stdout.write(token);
  });
  withApiOptions(
    generate
      .command('user-token')
      .description('generate a token a user of the API presents as "Authorization: Bearer <token>"')
      .requiredOption('--name <name>', 'name of the user')
      .option('--group <group>', 'group of the user (repeatable)', collect)
      .requiredOption('--valid-for <duration>', VALID_FOR),
  ).action(async (options: ApiOptions & { name: string; group?: string[]; validFor: string }) => {
    const token = await requestToken(connectionOf(options), 'user', {
      name: options.name,
      ...(options.group === undefined ? {} : { groups: options.group }),
      validFor: options.validFor,
    });
    process.stdout.write(token);
  });
}
