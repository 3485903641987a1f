import type { LoggingBackend, TracingBackend } from '../resources/mesh.js';
import { validatePort } from './common-validators.js';
import { goQuote } from './go-quote.js';
import { requestURIPort } from './go-request-uri.js';
import { splitHostPort } from './ip-address.js';
import { type MessageFields, decodeStruct } from './jsonpb-struct-decoder.js';
import type { ViolationSink } from './violation.js';

/*
 * Kuma's Mesh logging and tracing backend checks (`mesh_validator.go`): per backend, in list order, its own
 * checks at `<section>.backends[i]`, then a repeated name; finally the default backend must name one of
 * them. Backend configs are decoded from `conf` the way Kuma does (`could not parse config: …` at
 * `<backend>.config`).
 */

const FILE_LOGGING_CONFIG: MessageFields = [['path', { kind: 'string' }]];
const TCP_LOGGING_CONFIG: MessageFields = [['address', { kind: 'string' }]];
const ZIPKIN_CONFIG: MessageFields = [
  ['url', { kind: 'string' }],
  ['traceId128bit', { kind: 'bool' }],
  ['apiVersion', { kind: 'string' }],
  ['sharedSpanContext', { kind: 'boolValue' }],
];
const DATADOG_CONFIG: MessageFields = [
  ['address', { kind: 'string' }],
  ['port', { kind: 'uint32' }],
  ['splitService', { kind: 'bool' }],
];
const ZIPKIN_API_VERSIONS: ReadonlySet<string> = new Set(['', 'httpJsonV1', 'httpJson', 'httpProto']);

function duplicateName(name: string): string {
  return `${goQuote(name)} name is already used for another backend`;
}

/** `mesh.logging`: each backend, duplicates, then `defaultBackend`. */
export function validateLogging(
  out: ViolationSink,
  logging: { readonly defaultBackend: string; readonly backends: readonly LoggingBackend[] } | undefined,
): void {
  if (logging === undefined) return;
  const used = new Set<string>();
  logging.backends.forEach((backend, i) => {
    const base = `logging.backends[${i}]`;
    if (backend.name === '') out.push({ field: base + '.name', message: 'cannot be empty' });
    if (backend.type === 'file') validateFileLogging(out, base + '.config', backend.conf);
    else if (backend.type === 'tcp') validateTcpLogging(out, base + '.config', backend.conf);
    else out.push({ field: base + '.type', message: 'unknown backend type. Available backends: "tcp", "file"' });
    if (used.has(backend.name)) out.push({ field: base + '.name', message: duplicateName(backend.name) });
    used.add(backend.name);
  });
  if (logging.defaultBackend !== '' && !used.has(logging.defaultBackend)) {
    out.push({ field: 'logging.defaultBackend', message: 'has to be set to one of the logging backend in mesh' });
  }
}

function validateFileLogging(out: ViolationSink, path: string, conf: Readonly<Record<string, unknown>> | undefined): void {
  const decoded = decodeStruct(conf, FILE_LOGGING_CONFIG);
  if (!decoded.ok) out.push({ field: path, message: `could not parse config: ${decoded.error}` });
  else if ((decoded.value['path'] ?? '') === '') out.push({ field: path + '.path', message: 'cannot be empty' });
}

function validateTcpLogging(out: ViolationSink, path: string, conf: Readonly<Record<string, unknown>> | undefined): void {
  const decoded = decodeStruct(conf, TCP_LOGGING_CONFIG);
  if (!decoded.ok) {
    out.push({ field: path, message: `could not parse config: ${decoded.error}` });
    return;
  }
  const address = (decoded.value['address'] as string | undefined) ?? '';
  if (address === '') {
    out.push({ field: path + '.address', message: 'cannot be empty' });
    return;
  }
  const split = splitHostPort(address);
  if (split === undefined || split[0] === '' || split[1] === '') {
    out.push({ field: path + '.address', message: 'has to be in format of HOST:PORT' });
  }
}

/** `mesh.tracing`: each backend, duplicates, then `defaultBackend`. */
export function validateTracing(
  out: ViolationSink,
  tracing: { readonly defaultBackend: string; readonly backends: readonly TracingBackend[] } | undefined,
): void {
  if (tracing === undefined) return;
  const used = new Set<string>();
  tracing.backends.forEach((backend, i) => {
    const base = `tracing.backends[${i}]`;
    if (backend.name === '') out.push({ field: base + '.name', message: 'cannot be empty' });
    const sampling = backend.sampling ?? 0;
    if (sampling < 0 || sampling > 100) out.push({ field: base + '.sampling', message: 'has to be in [0.0 - 100.0] range' });
    if (backend.type === 'zipkin') validateZipkin(out, base + '.config', backend.conf);
    else if (backend.type === 'datadog') validateDatadog(out, base + '.config', backend.conf);
    else out.push({ field: base + '.type', message: 'unknown backend type. Available backends: "zipkin", "datadog"' });
    if (used.has(backend.name)) out.push({ field: base + '.name', message: duplicateName(backend.name) });
    used.add(backend.name);
  });
  if (tracing.defaultBackend !== '' && !used.has(tracing.defaultBackend)) {
    out.push({ field: 'tracing.defaultBackend', message: 'has to be set to one of the tracing backend in mesh' });
  }
}

function validateZipkin(out: ViolationSink, path: string, conf: Readonly<Record<string, unknown>> | undefined): void {
  const decoded = decodeStruct(conf, ZIPKIN_CONFIG);
  if (!decoded.ok) {
    out.push({ field: path, message: `could not parse config: ${decoded.error}` });
    return;
  }
  const apiVersion = (decoded.value['apiVersion'] as string | undefined) ?? '';
  if (!ZIPKIN_API_VERSIONS.has(apiVersion)) {
    out.push({ field: path + '.apiVersion', message: 'has invalid value. Allowed values: httpJsonV1, httpJson, httpProto' });
  }
  const url = (decoded.value['url'] as string | undefined) ?? '';
  if (url === '') {
    out.push({ field: path + '.url', message: 'cannot be empty' });
    return;
  }
  const port = requestURIPort(url);
  if (port === undefined) out.push({ field: path + '.url', message: 'invalid URL' });
  else if (port === '') out.push({ field: path + '.url', message: 'port has to be explicitly specified' });
}

function validateDatadog(out: ViolationSink, path: string, conf: Readonly<Record<string, unknown>> | undefined): void {
  const decoded = decodeStruct(conf, DATADOG_CONFIG);
  if (!decoded.ok) {
    out.push({ field: path, message: `could not parse config: ${decoded.error}` });
    return;
  }
  if (((decoded.value['address'] as string | undefined) ?? '') === '') out.push({ field: path + '.address', message: 'cannot be empty' });
  validatePort(out, path + '.port', (decoded.value['port'] as number | undefined) ?? 0);
}
