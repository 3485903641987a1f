import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Where a token could sit in a logged object (a config, a bootstrap request, call headers). Nothing logs one on
 * purpose; this is the second line of defence, as Kuma shows the token as `[redacted]` in config dumps.
 */
const TOKEN_LOG_PATHS = [
  'token',
  'jwt',
  'dataplaneToken',
  'authorization',
  '*.token',
  '*.jwt',
  '*.dataplaneToken',
  '*.authorization',
  '*.headers.authorization',
];

/** kumiko-dp's JSON logger (stdout unless `destination`), with every token path above shown as `[redacted]`. */
export function createRunLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  const options: LoggerOptions = { level, base: { component: 'kumiko-dp' }, redact: { paths: TOKEN_LOG_PATHS, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
