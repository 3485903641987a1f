import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface CpHttpRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface CpHttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One request to the zone CP's DP server (`http://` or `https://`). Over https the server is verified
 * against `caPem` when given (kumiko-dp's `--ca-cert-file`), else against the system roots; TLS 1.2 at
 * least. Node's `fetch` cannot take a CA without an extra dependency, hence node:https.
 */
export function cpHttpRequest(url: string, options: CpHttpRequest & { readonly caPem?: string | undefined }): Promise<CpHttpResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const common = { method: options.method, headers: options.headers ?? {}, signal: options.signal };
    const onResponse = (response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(
            target,
            { ...common, minVersion: 'TLSv1.2', ...(options.caPem === undefined ? {} : { ca: options.caPem }) },
            onResponse,
          )
        : httpRequest(target, common, onResponse);
    req.on('error', reject);
    req.end(options.body);
  });
}
