import { isIP, isIPv4Literal } from './ip-address.js';

/**
 * Go `url.ParseRequestURI(raw) == nil` (`net/url`, Go 1.25 with the October 2025 bracketed-host fix), which
 * Kuma uses for probe paths (`should be a valid URL Path`).
 *
 * Contract: accepted are `*`, an absolute path (`/x?q`), an absolute URL (`http://host:port/path`), and any
 * `scheme:opaque` (`mailto:x`, even `a:b`). Rejected are the empty string, anything containing an ASCII
 * control character, a relative path (`healthz`, `8080/healthz`), a leading `:`, a bad `%` escape in the
 * path, and a URL whose authority is malformed: a non-numeric port, a host character Go refuses, a bad
 * userinfo character, or a bracketed host that is not an IPv6 address.
 * Unlike `url.Parse`, `#` is not special: it stays part of the path.
 */
export function isValidRequestURI(raw: string): boolean {
  return parseRequestURIHost(raw) !== undefined;
}

/**
 * Go `url.ParseRequestURI(raw).Port()`: the digits after the host's last `:` (`""` when there are none, or
 * when the URL has no host), or `undefined` when `raw` does not parse.
 */
export function requestURIPort(raw: string): string | undefined {
  const host = parseRequestURIHost(raw);
  if (host === undefined) return undefined;
  const colon = host.lastIndexOf(':');
  return colon !== -1 && isValidOptionalPort(host, colon) ? host.slice(colon + 1) : '';
}

/** The raw `host[:port]` of the authority (`""` without one), or `undefined` when Go rejects `raw`. */
function parseRequestURIHost(raw: string): string | undefined {
  if (raw === '') return undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return undefined;
  }
  if (raw === '*') return '';

  let hasScheme = false;
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isAlpha(c)) continue;
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) break;
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) return undefined; // missing protocol scheme
      hasScheme = true;
      rest = raw.slice(i + 1);
    }
    break;
  }

  const q = rest.indexOf('?');
  if (q !== -1) rest = rest.slice(0, q);

  if (rest.charCodeAt(0) !== 0x2f) return hasScheme ? '' : undefined; // scheme:opaque is fine; a relative path is not
  let host = '';
  if (hasScheme && rest.charCodeAt(1) === 0x2f) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash !== -1) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    if (!isValidAuthority(authority)) return undefined;
    host = authority.slice(authority.lastIndexOf('@') + 1);
  }
  return unescapes(rest, 0, rest.length, PATH) ? host : undefined;
}

const PATH = 0;
const HOST = 1;
const ZONE = 2;

function isAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function hexValue(c: number): number {
  return isDigit(c) ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

/** Go `shouldEscape(c, encodeHost)` for an ASCII byte. */
function hostMustEscape(c: number): boolean {
  if (isAlpha(c) || isDigit(c)) return false;
  return `!$&'()*+,;=:[]<>"-_.~`.indexOf(String.fromCharCode(c)) === -1;
}

/** Go `unescape(s[start:end], mode)` succeeding. */
function unescapes(s: string, start: number, end: number, mode: number): boolean {
  for (let i = start; i < end;) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (i + 2 >= end || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return false;
      const isPct25 = s.charCodeAt(i + 1) === 0x32 && s.charCodeAt(i + 2) === 0x35;
      if (mode === HOST && hexValue(s.charCodeAt(i + 1)) < 8 && !isPct25) return false;
      if (mode === ZONE) {
        const v = hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2));
        if (!isPct25 && v !== 0x20 && (v >= 0x80 || hostMustEscape(v))) return false;
      }
      i += 3;
    } else {
      if (mode !== PATH && c !== 0x2b && c < 0x80 && hostMustEscape(c)) return false;
      i++;
    }
  }
  return true;
}

/** Go `validOptionalPort`: empty, or `:` followed by digits only. */
function isValidOptionalPort(s: string, start: number): boolean {
  if (start === s.length) return true;
  if (s.charCodeAt(start) !== 0x3a) return false;
  for (let i = start + 1; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Go `parseAuthority`: `[userinfo@]host[:port]`, split at the last `@`. */
function isValidAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (!isValidHost(at === -1 ? authority : authority.slice(at + 1))) return false;
  if (at === -1) return true;
  for (let i = 0; i < at; i++) {
    const c = authority.charCodeAt(i);
    if (isAlpha(c) || isDigit(c)) continue;
    if (`-._:~!$&'()*+,;=%@`.indexOf(String.fromCharCode(c)) === -1) return false;
  }
  return unescapes(authority, 0, at, PATH);
}

/** Go `parseHost`, including the Go 1.25.2 rule that brackets may only hold an IPv6 address. */
function isValidHost(host: string): boolean {
  if (host.charCodeAt(0) === 0x5b) {
    const close = host.lastIndexOf(']');
    if (close === -1 || !isValidOptionalPort(host, close + 1)) return false;
    const zone = host.slice(0, close).indexOf('%25');
    if (zone !== -1) {
      return unescapes(host, 0, zone, HOST) && unescapes(host, zone, close, ZONE) && unescapes(host, close, host.length, HOST);
    }
    const literal = host.slice(1, close);
    return literal.indexOf('%') === -1 && isIP(literal) && !isIPv4Literal(literal);
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !isValidOptionalPort(host, colon)) return false;
  return unescapes(host, 0, host.length, HOST);
}
