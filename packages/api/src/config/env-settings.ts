import { z } from 'zod';
import { parseGoDuration } from '../resources/go-duration.js';

/**
 * Settings read from the environment: each has a name (Kuma's where Kuma has one), a default, a zod
 * schema and a description (the README's configuration table lists the same). Pure: the caller
 * passes the environment.
 */
export interface Setting<T> {
  readonly env: string;
  /** Used when the variable is unset or empty; `undefined` means "no value" (the schema must allow it). */
  readonly default: string | undefined;
  readonly schema: z.ZodType<T>;
  readonly description: string;
  /** Printed as `***` in logs and `--help`. */
  readonly secret?: boolean;
}

export type Settings = Readonly<Record<string, Setting<unknown>>>;
export type SettingValues<S extends Settings> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly code = 'INVALID_SETTINGS';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Reads and validates every setting; throws a SettingsError listing every bad variable. */
export function loadSettings<S extends Settings>(settings: S, env: Readonly<Record<string, string | undefined>>): SettingValues<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    const raw = env[setting.env] === undefined || env[setting.env] === '' ? setting.default : env[setting.env];
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else
      problems.push(
        `${setting.env}=${setting.secret ? '***' : JSON.stringify(raw ?? '')}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return values as SettingValues<S>;
}

/** `{ ENV_NAME: value }` with secrets replaced by `***`, for the start-up log. */
export function describeSettings<S extends Settings>(settings: S, values: SettingValues<S>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const value = (values as Record<string, unknown>)[key];
    out[setting.env] = setting.secret && value !== undefined ? '***' : value;
  }
  return out;
}

/** Schemas for common setting kinds. */
export const SettingSchemas = {
  port: z.coerce.number().int().min(1).max(65535),
  positiveInt: z.coerce.number().int().min(1),
  text: z.string().min(1),
  optionalText: z.string().min(1).optional(),
  /** Any text, the empty string included (an unset path, say). */
  anyText: z.string(),
  /** A Go duration (`30s`, `1m30s`), as milliseconds. */
  durationMs: z.string().transform((value, ctx) => {
    const duration = parseGoDuration(value);
    if (duration === undefined || duration.seconds < 0 || duration.nanos < 0) {
      ctx.issues.push({ code: 'custom', input: value, message: 'expected a non-negative Go duration such as 30s or 1m30s' });
      return z.NEVER;
    }
    return duration.seconds * 1000 + Math.round(duration.nanos / 1e6);
  }),
  boolean: z.enum(['true', 'false']).transform((value) => value === 'true'),
  /** A comma-separated list (`a,b`); blanks around items are dropped, as are empty items. */
  list: z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
} as const;
