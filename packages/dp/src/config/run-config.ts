import { isIPv4, isIPv6 } from 'node:net';
import { SettingSchemas } from '@kumiko/api';
import { z } from 'zod';
import { type DnsUpstream, parseDnsUpstream } from '../dns/dns-upstream.js';
import { type DataplaneVars, parseDataplaneVars } from './dataplane-vars.js';
import { type DpProxyType, DpProxyTypes } from './dp-proxy-type.js';
import { type RawRunFlags, type RunFlagName, runFlags } from './run-flags.js';
import { UsageError } from './usage-error.js';

/** Where the proxy resource comes from; `none`: the CP already knows it (`--name`, `--mesh` only). */
export type ResourceSource =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'inline'; readonly text: string } | { readonly kind: 'none' };

/** `kumiko-dp run`'s configuration, fully defaulted (see {@link runFlags} for each default). */
export interface RunConfig {
  /** The DP server's base URL, without a trailing slash. */
  readonly cpAddress: string;
  /** `--ca-cert-file`: the CA that verifies an https DP server; `undefined`: the system roots. */
  readonly caCertFile: string | undefined;
  readonly resource: ResourceSource;
  readonly vars: DataplaneVars;
  readonly name: string | undefined;
  readonly mesh: string | undefined;
  readonly proxyType: DpProxyType;
  readonly dataplaneToken: string | undefined;
  readonly dataplaneTokenFile: string | undefined;
  readonly binaryPath: string;
  /** `undefined`: a new temporary directory, removed at exit. */
  readonly configDir: string | undefined;
  readonly adminPort: number | undefined;
  readonly drainTimeMs: number;
  readonly envoyLogLevel: string;
  /** 0: Envoy decides. */
  readonly concurrency: number;
  readonly bootstrapTimeoutMs: number;
  readonly dns: {
    readonly enabled: boolean;
    readonly port: number;
    /** `undefined`: read /etc/resolv.conf at start. */
    readonly upstream: DnsUpstream | undefined;
    readonly pollIntervalMs: number;
  };
  /** `--proxyless`: beside a proxyless gRPC app instead of Envoy. */
  readonly proxyless: {
    readonly enabled: boolean;
    /** Where the app's ADS is served; port 0 picks a free one. Always a loopback address. */
    readonly adsAddress: LoopbackAddress;
  };
  readonly logLevel: z.infer<typeof SettingSchemas.logLevel>;
}

/** A host (an IP literal, IPv6 without brackets) and port on this machine's loopback. */
export interface LoopbackAddress {
  readonly host: string;
  readonly port: number;
}

const url = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL');
const envoyLogLevel = z.enum(['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off']);
const upstream = z.string().transform((value, ctx) => {
  const parsed = parseDnsUpstream(value);
  if (parsed === undefined) ctx.issues.push({ code: 'custom', input: value, message: 'expected an IP address with an optional :port' });
  return parsed ?? z.NEVER;
});
const loopbackAddress = z.string().transform((value, ctx) => {
  const parsed = parseLoopbackAddress(value);
  if (parsed === undefined)
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'expected a loopback ip:port (127.0.0.1:0, [::1]:15000): the relay is plaintext',
    });
  return parsed ?? z.NEVER;
});
const positiveDuration = SettingSchemas.durationMs.refine((ms) => ms > 0, 'must be greater than 0');

/**
 * Resolves `kumiko-dp run`'s flags against the environment (flag, then variable, then default) and
 * validates every value. Pure: the caller passes both. Throws {@link UsageError} listing every problem,
 * each naming the flag and, when the value came from there, the variable.
 */
export function parseRunConfig(flags: RawRunFlags, env: Readonly<Record<string, string | undefined>>): RunConfig {
  const problems: string[] = [];
  const raw = (key: RunFlagName): string | undefined => {
    const flag = flags[key];
    if (typeof flag === 'string') return flag;
    if (flag === true) return 'true';
    const fromEnv = env[runFlags[key].env];
    return fromEnv === undefined || fromEnv === '' ? runFlags[key].default : fromEnv;
  };
  const source = (key: RunFlagName): string => {
    const long = runFlags[key].flag.replace(/^-\w, /, '').split(' ')[0] ?? key;
    return flags[key] === undefined && env[runFlags[key].env] ? `${runFlags[key].env} (${long})` : long;
  };
  function read<T>(key: RunFlagName, schema: z.ZodType<T>): T {
    const value = raw(key);
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${source(key)}=${JSON.stringify(value ?? '')}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return undefined as T;
  }
  const optional = <T>(schema: z.ZodType<T>) => schema.optional();

  const file = read('dataplaneFile', optional(z.string().min(1)));
  const inline = read('dataplane', optional(z.string().min(1)));
  if (file !== undefined && inline !== undefined) problems.push('--dataplane and --dataplane-file: give only one of them');
  const varFlags = flags.dataplaneVar;
  const { vars, problems: varProblems } = parseDataplaneVars(
    Array.isArray(varFlags) ? varFlags : typeof varFlags === 'string' ? [varFlags] : [],
    env[runFlags.dataplaneVar.env],
  );
  problems.push(...varProblems);

  const config: RunConfig = {
    cpAddress: read('cpAddress', url)?.replace(/\/+$/, ''),
    caCertFile: read('caCertFile', optional(z.string().min(1))),
    resource:
      file !== undefined ? { kind: 'file', path: file } : inline !== undefined ? { kind: 'inline', text: inline } : { kind: 'none' },
    vars,
    name: read('name', optional(z.string().min(1))),
    mesh: read('mesh', optional(z.string().min(1))),
    proxyType: read('proxyType', z.enum(Object.values(DpProxyTypes), { error: 'expected dataplane, ingress or egress' })),
    dataplaneToken: read('dataplaneToken', optional(z.string().min(1))),
    dataplaneTokenFile: read('dataplaneTokenFile', optional(z.string().min(1))),
    binaryPath: read('binaryPath', z.string().min(1)),
    configDir: read('configDir', optional(z.string().min(1))),
    adminPort: read('adminPort', optional(SettingSchemas.port)),
    drainTimeMs: read('drainTime', SettingSchemas.durationMs),
    envoyLogLevel: read('envoyLogLevel', envoyLogLevel),
    concurrency: read('concurrency', z.coerce.number().int().min(0).max(1024)),
    bootstrapTimeoutMs: read('bootstrapTimeout', positiveDuration),
    dns: {
      enabled: read('dnsEnabled', SettingSchemas.boolean),
      port: read('dnsPort', SettingSchemas.port),
      upstream: read('dnsUpstream', optional(upstream)),
      pollIntervalMs: read('dnsPollInterval', positiveDuration),
    },
    proxyless: {
      enabled: read('proxyless', SettingSchemas.boolean),
      adsAddress: read('proxylessAdsAddress', loopbackAddress),
    },
    logLevel: read('logLevel', SettingSchemas.logLevel),
  };
  if (config.proxyless.enabled && config.proxyType !== DpProxyTypes.dataplane) {
    problems.push(
      `--proxyless runs beside a proxyless gRPC app, which is a Dataplane: --proxy-type ${config.proxyType} cannot be proxyless`,
    );
  }
  if (config.resource.kind === 'none' && config.name === undefined) {
    problems.push('--dataplane-file (or --dataplane, or --name of a proxy the CP already knows) is required');
  }
  if (problems.length > 0) throw new UsageError(problems);
  return config;
}

/**
 * `ip:port` or `[ipv6]:port` on the loopback (127.0.0.0/8, ::1); `undefined` otherwise. A plaintext relay that
 * forwards to the CP on the agent's behalf must not be reachable from other machines.
 */
export function parseLoopbackAddress(value: string): LoopbackAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !Number.isInteger(port) || port > 65535) return undefined;
  const loopback = (isIPv4(host) && host.startsWith('127.')) || (isIPv6(host) && (host === '::1' || host === '0:0:0:0:0:0:0:1'));
  return loopback ? { host, port } : undefined;
}
