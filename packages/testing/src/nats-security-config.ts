/**
 * The nats-server configuration of a Kumiko deployment: one account holding Kumiko's streams, a
 * `global` user with full access to it, one user per zone (user name = zone name) allowed exactly
 * what a zone CP does, and a system account. deploy/nats/nats.conf is this function's output for
 * zone-1 and zone-2; test/nats-zone-isolation.test.ts proves it against a real nats-server 2.9.
 *
 * Everything here is what nats-server 2.9 can express: permissions match whole subject tokens, the
 * JetStream API puts stream, consumer name and (for creation) the filter subject into the request
 * subject, and request bodies cannot be inspected.
 */

export interface NatsSecurityStreams {
  readonly zones: string;
  readonly global: string;
}

export interface NatsSecurityConfigOptions {
  /** Zone names; each becomes a user of that name. Written in sorted order. */
  readonly zones: readonly string[];
  /**
   * `'env'`: `$KUMIKO_NATS_<USER>_PASSWORD` references that nats-server expands from its environment
   * (see `natsPasswordVariable`). Otherwise the literal password of `global`, `sys` and every zone.
   */
  readonly passwords: Readonly<Record<string, string>> | 'env';
  /** Default: `{ zones: 'ZONES', global: 'GLOBAL' }`. */
  readonly streams?: NatsSecurityStreams;
  /**
   * Durable consumers of the global CP, on either stream, that no zone may create, update, inspect,
   * pull from or delete. Default: `['global-projector']`, the global CP's default projector name.
   */
  readonly globalConsumers?: readonly string[];
  /**
   * A zone name's subject token; pass `escapeToken` from @kumiko/events. Default: the name itself,
   * which must then be a plain token (`[A-Za-z0-9_-]+`, which `escapeToken` leaves unchanged).
   */
  readonly zoneToken?: (zone: string) => string;
  /** The account's JetStream quotas; each field defaults as {@link NatsJetStreamLimits} says. */
  readonly jetstreamLimits?: Partial<NatsJetStreamLimits>;
}

/**
 * JetStream quotas of Kumiko's account. nats-server 2.9 sets JetStream limits per account, not per user, and every
 * zone writes to the one shared ZONES stream, so a zone's share is bounded through the account: consumers are
 * granted per zone (a zone CP holds two ordered consumers at a time, more briefly while one resets), storage for
 * the whole account. What one zone can fill is further bounded by `max_msgs_per_subject` of ZONES (history per
 * resource) and by the largest message (`max_payload`), which every accepted resource fits under.
 */
export interface NatsJetStreamLimits {
  /** File storage of all streams, in bytes. Default 10 GiB. */
  readonly maxFileBytes: number;
  /** Memory storage of all streams, in bytes. Default 256 MiB. */
  readonly maxMemoryBytes: number;
  /** Streams in the account (ZONES, GLOBAL, and room for a migration). Default 4. */
  readonly maxStreams: number;
  /** Consumers granted per zone; the account's limit is this times the zones, plus the global CP's. Default 8. */
  readonly consumersPerZone: number;
  /** Consumers granted to the global CP (its projector and replica followers). Default 8. */
  readonly globalConsumers: number;
}

export const DEFAULT_NATS_JETSTREAM_LIMITS: NatsJetStreamLimits = Object.freeze({
  maxFileBytes: 10 * 1024 ** 3,
  maxMemoryBytes: 256 * 1024 ** 2,
  maxStreams: 4,
  consumersPerZone: 8,
  globalConsumers: 8,
});

/** NATS's default largest message, written out: every resource the APIs accept fits in one (see `MAX_RESOURCE_BYTES`). */
export const NATS_MAX_PAYLOAD = 1024 * 1024;

/** One permission subject and why it is there (written as a comment beside it). */
export interface NatsPermission {
  readonly subject: string;
  readonly reason: string;
}

export interface ZoneNatsPermissions {
  readonly publishAllow: readonly NatsPermission[];
  readonly publishDeny: readonly NatsPermission[];
  readonly subscribeAllow: readonly NatsPermission[];
}

export class NatsSecurityConfigError extends Error {
  override readonly name = 'NatsSecurityConfigError';
  readonly code = 'INVALID_NATS_SECURITY_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`invalid NATS security configuration: ${problems.join('; ')}`);
  }
}

export const KUMIKO_NATS_ACCOUNT = 'KUMIKO';
export const DEFAULT_GLOBAL_CP_CONSUMERS: readonly string[] = ['global-projector'];
const DEFAULT_STREAMS: NatsSecurityStreams = { zones: 'ZONES', global: 'GLOBAL' };
const GLOBAL_USER = 'global';
const SYS_USER = 'sys';
const PLAIN_TOKEN = /^[A-Za-z0-9_-]+$/;
const VALID_TOKEN = /^[^\s.*>]+$/;
const STREAM_OR_CONSUMER_NAME = /^[^\s.*>]+$/;

/** The environment variable holding a user's password: `zone-1` → `KUMIKO_NATS_ZONE_1_PASSWORD`. */
export function natsPasswordVariable(user: string): string {
  return `KUMIKO_NATS_${user.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_PASSWORD`;
}

/** The reply-subject prefix a zone CP connects with (`inboxPrefix`), from its subject token. */
export function zoneInboxPrefix(zoneToken: string): string {
  return `_INBOX_${zoneToken}`;
}

const plainToken = (zone: string): string => {
  if (!PLAIN_TOKEN.test(zone)) {
    throw new NatsSecurityConfigError([`zone ${JSON.stringify(zone)} is not a plain subject token; pass zoneToken: escapeToken`]);
  }
  return zone;
};

/** What one zone's user may do, with the reason for every entry, in the order they are written. */
export function zoneNatsPermissions(
  zoneToken: string,
  streams: NatsSecurityStreams = DEFAULT_STREAMS,
  globalConsumers: readonly string[] = DEFAULT_GLOBAL_CP_CONSUMERS,
): ZoneNatsPermissions {
  const { zones: Z, global: G } = streams;
  const both = [Z, G];
  return {
    publishAllow: [
      { subject: `kumiko.zone.${zoneToken}.>`, reason: 'publish its own resources and heartbeats' },
      ...both.map((s) => ({ subject: `$JS.API.STREAM.INFO.${s}`, reason: 'nats.js reads it before creating an ordered consumer' })),
      {
        subject: `$JS.API.CONSUMER.CREATE.${Z}.*.kumiko.zone.${zoneToken}.>`,
        reason: 'its own subjects only: the server refuses another body filter',
      },
      { subject: `$JS.API.CONSUMER.CREATE.${G}.*.kumiko.global.>`, reason: 'the global view' },
      ...both.map((s) => ({
        subject: `$JS.API.CONSUMER.MSG.NEXT.${s}.*`,
        reason: 'pulls; ordered consumer names are random',
      })),
      ...both.map((s) => ({ subject: `$JS.API.CONSUMER.INFO.${s}.*`, reason: 'consume() checks its consumer after missed heartbeats' })),
      ...both.map((s) => ({ subject: `$JS.API.CONSUMER.DELETE.${s}.*`, reason: 'an ordered consumer deletes the old one on reset' })),
    ],
    publishDeny: globalConsumers.flatMap((name) =>
      both.flatMap((s) => [
        { subject: `$JS.API.CONSUMER.*.${s}.${name}`, reason: "the global CP's durable: no info, delete or create" },
        { subject: `$JS.API.CONSUMER.*.${s}.${name}.>`, reason: 'no update: on 2.9 one may change the filter' },
        { subject: `$JS.API.CONSUMER.MSG.NEXT.${s}.${name}`, reason: "no pulls: it reads every zone's events" },
      ]),
    ),
    subscribeAllow: [{ subject: `${zoneInboxPrefix(zoneToken)}.>`, reason: 'its replies only (acks, API responses, pulled messages)' }],
  };
}

interface ResolvedUser {
  readonly user: string;
  readonly password: string;
}

/** Checks every input and returns all problems at once, in a stable order. */
function resolve(options: NatsSecurityConfigOptions): { users: ResolvedUser[]; tokens: Map<string, string>; problems: string[] } {
  const problems: string[] = [];
  const zones = [...options.zones].sort();
  const toToken = options.zoneToken ?? plainToken;
  const tokens = new Map<string, string>();
  const streams = options.streams ?? DEFAULT_STREAMS;
  if (zones.length === 0) problems.push('at least one zone is needed');
  for (const name of [streams.zones, streams.global, ...(options.globalConsumers ?? [])]) {
    if (!STREAM_OR_CONSUMER_NAME.test(name)) problems.push(`${JSON.stringify(name)} is not a valid stream or consumer name`);
  }
  if (streams.zones === streams.global) problems.push('the ZONES and GLOBAL streams need distinct names');
  const seenTokens = new Map<string, string>();
  const seenVariables = new Map<string, string>([
    [natsPasswordVariable(GLOBAL_USER), GLOBAL_USER],
    [natsPasswordVariable(SYS_USER), SYS_USER],
  ]);
  for (const zone of zones) {
    if (zone === GLOBAL_USER || zone === SYS_USER) problems.push(`zone ${JSON.stringify(zone)} would share a user with the ${zone} user`);
    if (tokens.has(zone)) problems.push(`zone ${JSON.stringify(zone)} is listed twice`);
    let token: string;
    try {
      token = toToken(zone);
    } catch (error) {
      if (error instanceof NatsSecurityConfigError) problems.push(...error.problems);
      else problems.push(`zone ${JSON.stringify(zone)}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!VALID_TOKEN.test(token)) problems.push(`zone ${JSON.stringify(zone)} gives the invalid subject token ${JSON.stringify(token)}`);
    const other = seenTokens.get(token);
    if (other !== undefined && other !== zone)
      problems.push(`zones ${JSON.stringify(other)} and ${JSON.stringify(zone)} share the subject token ${token}`);
    seenTokens.set(token, zone);
    tokens.set(zone, token);
    const variable = natsPasswordVariable(zone);
    const owner = seenVariables.get(variable);
    if (options.passwords === 'env' && owner !== undefined && owner !== zone) {
      problems.push(`zones ${JSON.stringify(owner)} and ${JSON.stringify(zone)} share the password variable ${variable}`);
    }
    seenVariables.set(variable, zone);
  }
  const users = [GLOBAL_USER, ...zones, SYS_USER].map((user): ResolvedUser => {
    if (options.passwords === 'env') return { user, password: `$${natsPasswordVariable(user)}` };
    const password = options.passwords[user];
    if (password === undefined || password === '') problems.push(`no password for user ${JSON.stringify(user)}`);
    else if (/["\\\u0000-\u001f\u007f]/.test(password))
      problems.push(`the password of ${JSON.stringify(user)} contains a quote, a backslash or a control character`);
    return { user, password: JSON.stringify(password ?? '') };
  });
  return { users, tokens, problems };
}

function permissionList(key: string, entries: readonly NatsPermission[], indent: string): string[] {
  const width = Math.max(...entries.map((entry) => JSON.stringify(entry.subject).length));
  return [
    `${indent}${key}: [`,
    ...entries.map((entry) => `${indent}  ${JSON.stringify(entry.subject).padEnd(width)}  # ${entry.reason}`),
    `${indent}]`,
  ];
}

function header(zones: readonly string[], fromEnv: boolean): string[] {
  return [
    '# NATS server configuration for a Kumiko deployment (nats-server >= 2.9; only 2.9 features are used).',
    '#',
    "# One account holds Kumiko's streams. Each zone CP has its own user that may publish only its own",
    "# zone's subjects (kumiko.zone.<zone>.>), follow its own subjects and the GLOBAL view with ordered",
    "# consumers, and use a private inbox prefix (_INBOX_<zone>) so no zone can read another zone's replies.",
    '# The global CP has full access.',
    ...(fromEnv
      ? [
          '# Passwords come from the environment (NATS expands $VARS in this file). nats-server parses a',
          '# variable\'s value as config: use letters, digits, "-" and "_", starting with a letter (a number',
          '# or "true" is refused, and "," or ";" silently cut the password short).',
        ]
      : ['# Passwords are literal: a test configuration.']),
    '#',
    `# Generated by natsSecurityConfig() in packages/testing/src/nats-security-config.ts for the zones`,
    `# ${zones.join(', ')}. Do not edit by hand: test/nats-zone-isolation.test.ts runs this file on a real`,
    '# nats-server (allowed and denied cases, and the limits of 2.9 permissions) and fails when it differs',
    '# from the generator; rewrite it with',
    '#   UPDATE_GOLDEN=1 node --import tsx --test test/nats-zone-isolation.test.ts',
  ];
}

/** The configuration text; deterministic for the same options. Throws NatsSecurityConfigError. */
export function natsSecurityConfig(options: NatsSecurityConfigOptions): string {
  const { users, tokens, problems } = resolve(options);
  if (problems.length > 0) throw new NatsSecurityConfigError(problems);
  const streams = options.streams ?? DEFAULT_STREAMS;
  const globalConsumers = options.globalConsumers ?? DEFAULT_GLOBAL_CP_CONSUMERS;
  const password = (user: string): string => users.find((entry) => entry.user === user)?.password ?? '';
  const zones = [...tokens.keys()];
  const limits = { ...DEFAULT_NATS_JETSTREAM_LIMITS, ...options.jetstreamLimits };

  const zoneUsers = zones.flatMap((zone) => {
    const permissions = zoneNatsPermissions(tokens.get(zone) ?? zone, streams, globalConsumers);
    return [
      `      # The CP of zone ${JSON.stringify(zone)}.`,
      '      {',
      `        user: ${JSON.stringify(zone)}, password: ${password(zone)}`,
      '        permissions: {',
      '          publish: {',
      ...permissionList('allow', permissions.publishAllow, '            '),
      ...(permissions.publishDeny.length > 0 ? permissionList('deny', permissions.publishDeny, '            ') : []),
      '          }',
      '          subscribe: {',
      ...permissionList('allow', permissions.subscribeAllow, '            '),
      '          }',
      '        }',
      '      }',
    ];
  });

  return [
    ...header(zones, options.passwords === 'env'),
    '',
    '# The store directory is given on the command line (-sd), so each deployment chooses its own.',
    'jetstream: enabled',
    '# The largest message: every resource the control planes accept fits in one event of this size.',
    `max_payload: ${NATS_MAX_PAYLOAD}`,
    '',
    'accounts {',
    `  ${KUMIKO_NATS_ACCOUNT} {`,
    `    # JetStream quotas: limits are per account in nats-server 2.9, and every zone shares the ZONES stream, so each`,
    `    # zone's share is granted here (${limits.consumersPerZone} consumers per zone, ${limits.globalConsumers} for the global CP) and storage`,
    '    # is bounded for all of them; max_msgs_per_subject of ZONES bounds the history of each resource.',
    '    jetstream: {',
    `      max_file: ${limits.maxFileBytes}`,
    `      max_mem: ${limits.maxMemoryBytes}`,
    `      max_streams: ${limits.maxStreams}`,
    `      max_consumers: ${limits.consumersPerZone * zones.length + limits.globalConsumers}`,
    '    }',
    '    users = [',
    '      # The global CP: provisions the streams, projects ZONES, publishes the GLOBAL view.',
    `      { user: ${JSON.stringify(GLOBAL_USER)}, password: ${password(GLOBAL_USER)} }`,
    ...zoneUsers,
    '    ]',
    '  }',
    '  SYS {',
    `    users = [ { user: ${JSON.stringify(SYS_USER)}, password: ${password(SYS_USER)} } ]`,
    '  }',
    '}',
    'system_account: SYS',
    '',
  ].join('\n');
}
