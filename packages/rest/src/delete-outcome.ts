import type { KumaErrorBody } from '@kumiko/api';

/** What a DELETE through the API did: done, nothing to delete (404), or refused with the Kuma error body to answer (400 while in use, 409 on a concurrent change …). */
export type DeleteOutcome =
  { readonly status: 'deleted' } | { readonly status: 'not-found' } | { readonly status: 'refused'; readonly error: KumaErrorBody };
