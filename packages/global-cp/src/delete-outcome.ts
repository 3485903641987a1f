import type { KumaErrorBody } from '@kumiko/api';

/** What a DELETE through the API did: done, nothing to delete (404), or refused with Kuma's 400 body. */
export type DeleteOutcome =
  | { readonly status: 'deleted' }
  | { readonly status: 'not-found' }
  | { readonly status: 'refused'; readonly error: KumaErrorBody };
