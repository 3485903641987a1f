import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** How kumikoctl reaches a control plane's API (the options every API-calling command takes). */
export interface ApiConnection {
  /** `http://…` or `https://…`. */
  readonly apiUrl: string;
  /** A user token, sent as `Authorization: Bearer <jwt>`; absent: the request is anonymous. */
  readonly authToken?: string;
  /** A PEM file of the CA that signed an HTTPS API's certificate, trusted besides the system's CAs. */
  readonly caCertFile?: string;
}

/** An API answer: status, content type and body text. */
export interface ApiAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Names what went wrong reaching the API (not an HTTP error status, which is an answer). */
export class ApiConnectionError extends Error {
  override readonly name = 'ApiConnectionError';
}

/**
 * Sends `body` as JSON to `path` on the API and resolves to its answer, whatever the status. Rejects with
 * {@link ApiConnectionError} when the API cannot be reached, the URL is not http(s), or the CA file cannot be read.
 */
export async function postJson(connection: ApiConnection, path: string, body: unknown): Promise<ApiAnswer> {
  let url: URL;
  try {
    url = new URL(`${connection.apiUrl.replace(/\/+$/, '')}${path}`);
  } catch {
    throw new ApiConnectionError(`invalid API URL "${connection.apiUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiConnectionError(`unsupported API URL scheme "${url.protocol}"`);
  let ca: string[] | undefined;
  if (connection.caCertFile !== undefined) {
    try {
      ca = [...rootCertificates, await readFile(connection.caCertFile, 'utf8')];
    } catch (error) {
      throw new ApiConnectionError(`cannot read CA certificate file "${connection.caCertFile}": ${(error as Error).message}`);
    }
  }
  const payload = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
  if (connection.authToken !== undefined && connection.authToken !== '') headers['authorization'] = `Bearer ${connection.authToken}`;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: 'POST', headers, ...(ca === undefined ? {} : { ca }) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new ApiConnectionError(`reading the answer of ${url.origin}: ${error.message}`)));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.on('error', (error) => reject(new ApiConnectionError(`cannot reach the API at ${url.origin}: ${error.message}`)));
    outgoing.end(payload);
  });
}
