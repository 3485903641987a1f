import type { Socket } from 'node:net';
import type { Server } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { buildErrorBody, MAX_RESOURCE_BYTES, SettingSchemas, type KumaErrorBody, type Setting } from '@kumiko/api';
import { sendError } from './rest-reply.js';

/** How long an API connection may take or idle, and how large a request body may be. */
export interface ApiHttpLimits {
  /** The whole request, headers and body, must arrive within this many milliseconds (else 408). */
  readonly requestTimeoutMs: number;
  /** The request headers must arrive within this many milliseconds (else 408). */
  readonly headersTimeoutMs: number;
  /** A kept-alive connection with no request for this many milliseconds is closed. */
  readonly idleTimeoutMs: number;
  /** The largest request body, in bytes (else 413). */
  readonly bodyLimitBytes: number;
}

/**
 * The settings both control planes read the limits from. The body limit's default leaves room for a resource
 * of the largest accepted size written as indented JSON; what is accepted is decided by the resource's own
 * size after decoding.
 */
export const apiHttpLimitSettings: {
  readonly apiRequestTimeoutMs: Setting<number>;
  readonly apiHeadersTimeoutMs: Setting<number>;
  readonly apiIdleTimeoutMs: Setting<number>;
  readonly apiBodyLimitBytes: Setting<number>;
} = {
  apiRequestTimeoutMs: {
    env: 'KUMA_API_SERVER_HTTP_REQUEST_TIMEOUT',
    default: '30s',
    schema: SettingSchemas.durationMs,
    description: 'REST API: a request (headers and body) must arrive within this time, else 408 and the connection closes',
  },
  apiHeadersTimeoutMs: {
    env: 'KUMA_API_SERVER_HTTP_HEADERS_TIMEOUT',
    default: '10s',
    schema: SettingSchemas.durationMs,
    description: 'REST API: request headers must arrive within this time, else 408 and the connection closes',
  },
  apiIdleTimeoutMs: {
    env: 'KUMA_API_SERVER_HTTP_IDLE_TIMEOUT',
    default: '5s',
    schema: SettingSchemas.durationMs,
    description: 'REST API: a kept-alive connection idle this long is closed',
  },
  apiBodyLimitBytes: {
    env: 'KUMA_API_SERVER_HTTP_BODY_LIMIT',
    default: String(4 * 1024 * 1024),
    schema: SettingSchemas.positiveInt,
    description: `REST API: the largest request body in bytes (413 above it); resources themselves are limited to ${MAX_RESOURCE_BYTES} bytes of JSON`,
  },
};

/**
 * Path parameters may be this long: longer than any name, mesh or KRI Kuma accepts (253 bytes each, percent-
 * encoded at most three times as long), so an over-long name reaches validation and gets Kuma's answer.
 */
const MAX_PARAM_LENGTH = 4096;

/** How often Node looks for connections past their header or request timeout. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** A framework-level refusal in Kuma's error shape: the status Fastify chose, its reason as the detail. */
export function frameworkErrorBody(error: Pick<FastifyError, 'statusCode' | 'code' | 'message'>): KumaErrorBody {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return buildErrorBody({ status, title: 'Payload Too Large', detail: 'request body is too large' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return buildErrorBody({ status, title: 'URI Too Long', detail: `a path segment is longer than ${MAX_PARAM_LENGTH} characters` });
    default:
      return buildErrorBody({ status, title: 'Bad Request', detail: error.message });
  }
}

/** What Node reports on a connection before any request exists, as Kuma-shaped bodies by Node's error code. */
const CLIENT_ERRORS: Readonly<Record<string, { readonly status: number; readonly title: string; readonly detail: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, title: 'Request Timeout', detail: 'the request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, title: 'Request Header Fields Too Large', detail: 'request headers are too large' },
};
const MALFORMED_REQUEST = { status: 400, title: 'Bad Request', detail: 'malformed request' };

/** Answers a connection-level error in Kuma's shape, then closes the connection. */
function answerClientError(error: Error & { readonly code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = buildErrorBody(CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED_REQUEST);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** The values of {@link apiHttpLimitSettings}, as a control plane's settings hold them. */
export type ApiHttpLimitValues = { readonly [K in keyof typeof apiHttpLimitSettings]: number };

/**
 * A Kuma-compatible API server (see {@link apiServerOptions}) with the limits a control plane's settings hold,
 * logging to `logger` without a line per request.
 */
export function createApiServer(logger: FastifyBaseLogger, limits: ApiHttpLimitValues): FastifyInstance {
  return Fastify({
    ...apiServerOptions({
      requestTimeoutMs: limits.apiRequestTimeoutMs,
      headersTimeoutMs: limits.apiHeadersTimeoutMs,
      idleTimeoutMs: limits.apiIdleTimeoutMs,
      bodyLimitBytes: limits.apiBodyLimitBytes,
    }),
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  });
}

/**
 * The Fastify options of a Kuma-compatible API server with `limits`: body limit, header, request and idle
 * timeouts, path parameters long enough for Kuma's own length rules to answer, and every refusal the framework
 * or Node makes before a route runs (a path segment too long or badly encoded, a malformed or late request) in
 * Kuma's error shape. Merge them into the options the server is created with.
 */
export function apiServerOptions(limits: ApiHttpLimits): FastifyHttpOptions<Server> {
  return {
    bodyLimit: limits.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      void sendError(reply, frameworkErrorBody(error));
    },
    clientErrorHandler: answerClientError,
  };
}
