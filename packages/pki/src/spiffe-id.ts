/**
 * go-spiffe's rules for the SPIFFE ID `spiffe://<trust domain>/<segment>` Kuma builds for each service
 * (the mesh is the trust domain, the service one path segment). Each function returns go-spiffe's error
 * text, or `undefined` when the part is valid.
 */

export function trustDomainError(trustDomain: string): string | undefined {
  if (trustDomain === '') return 'trust domain is missing';
  if (!/^[a-z0-9._-]+$/.test(trustDomain))
    return 'trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores';
  return undefined;
}

export function pathSegmentError(segment: string): string | undefined {
  if (segment === '') return 'path cannot contain empty segments';
  if (segment === '.' || segment === '..') return 'path cannot contain dot segments';
  if (!/^[A-Za-z0-9._-]+$/.test(segment)) return 'path segment characters are limited to letters, numbers, dots, dashes, and underscores';
  return undefined;
}
