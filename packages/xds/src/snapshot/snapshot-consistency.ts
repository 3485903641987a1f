import type { GeneratedResource } from './generated-resource.js';
import { referencesOf } from './resource-references.js';
import { TypeUrls, type TypeUrl } from './xds-snapshot.js';
import { compareStrings } from './string-order.js';

/** What can be wrong with a set of resources meant to become one snapshot. */
export const SnapshotProblemCodes = {
  /** A listener or route names a cluster the set does not have. */
  missingCluster: 'MISSING_CLUSTER',
  /** A listener's HTTP connection manager uses RDS for a route configuration the set does not have. */
  missingRoute: 'MISSING_ROUTE',
  /** An EDS cluster has no load assignment (Envoy would keep it warming forever). */
  missingLoadAssignment: 'MISSING_LOAD_ASSIGNMENT',
  /** A load assignment no EDS cluster uses. */
  unusedLoadAssignment: 'UNUSED_LOAD_ASSIGNMENT',
  /** A route configuration no listener uses. */
  unusedRoute: 'UNUSED_ROUTE',
  /** Two different resources of one type share a name. */
  duplicateName: 'DUPLICATE_NAME',
} as const;
export type SnapshotProblemCode = (typeof SnapshotProblemCodes)[keyof typeof SnapshotProblemCodes];

export interface SnapshotProblem {
  readonly code: SnapshotProblemCode;
  /** Type and name of the resource the problem is about. */
  readonly typeUrl: TypeUrl;
  readonly name: string;
  /** The name it refers to but cannot find (for the `MISSING_*` codes). */
  readonly reference?: string;
}

/** A snapshot that failed its consistency check; `problems` lists every violation in a stable order. */
export class SnapshotInconsistentError extends Error {
  override readonly name = 'SnapshotInconsistentError';
  readonly code = 'SNAPSHOT_INCONSISTENT';
  readonly problems: readonly SnapshotProblem[];

  constructor(problems: readonly SnapshotProblem[]) {
    super(`inconsistent xDS snapshot: ${problems.map(formatProblem).join('; ')}`);
    this.problems = problems;
  }
}

export function formatProblem(problem: SnapshotProblem): string {
  const type = problem.typeUrl.slice(problem.typeUrl.lastIndexOf('.') + 1);
  const reference = problem.reference === undefined ? '' : ` -> ${JSON.stringify(problem.reference)}`;
  return `${problem.code} ${type} ${JSON.stringify(problem.name)}${reference}`;
}

type ResourcesByType = ReadonlyMap<TypeUrl, ReadonlyMap<string, GeneratedResource>>;

/**
 * Checks the rules of go-control-plane's `Snapshot.Consistent()`, plus Kumiko's own: every cluster
 * a listener or route names exists, every RDS name a listener uses exists, every EDS cluster has its
 * load assignment, and no load assignment or route configuration is left unused. `byType` holds
 * one resource per (type, name) (duplicates are the builder's to report). Problems are sorted by
 * code, type, name, reference.
 */
export function checkSnapshotConsistency(byType: ResourcesByType): SnapshotProblem[] {
  const none = new Map<string, GeneratedResource>();
  const listeners = byType.get(TypeUrls.Listener) ?? none;
  const routes = byType.get(TypeUrls.RouteConfiguration) ?? none;
  const clusters = byType.get(TypeUrls.Cluster) ?? none;
  const assignments = byType.get(TypeUrls.ClusterLoadAssignment) ?? none;
  const problems: SnapshotProblem[] = [];
  const missing = (code: SnapshotProblemCode, resource: GeneratedResource, reference: string): void => {
    problems.push({ code, typeUrl: resource.typeUrl, name: resource.name, reference });
  };
  const usedRoutes = new Set<string>();
  const usedAssignments = new Set<string>();

  for (const resource of [...listeners.values(), ...routes.values()]) {
    const refs = referencesOf(resource);
    for (const cluster of refs.clusters) {
      if (!clusters.has(cluster)) missing(SnapshotProblemCodes.missingCluster, resource, cluster);
    }
    for (const route of refs.routes) {
      usedRoutes.add(route);
      if (!routes.has(route)) missing(SnapshotProblemCodes.missingRoute, resource, route);
    }
  }
  for (const cluster of clusters.values()) {
    for (const assignment of referencesOf(cluster).loadAssignments) {
      usedAssignments.add(assignment);
      if (!assignments.has(assignment)) missing(SnapshotProblemCodes.missingLoadAssignment, cluster, assignment);
    }
  }
  for (const name of assignments.keys()) {
    if (!usedAssignments.has(name)) {
      problems.push({ code: SnapshotProblemCodes.unusedLoadAssignment, typeUrl: TypeUrls.ClusterLoadAssignment, name });
    }
  }
  for (const name of routes.keys()) {
    if (!usedRoutes.has(name)) problems.push({ code: SnapshotProblemCodes.unusedRoute, typeUrl: TypeUrls.RouteConfiguration, name });
  }
  return problems.sort(compareProblems);
}

/** Order of problems: code, type URL, name, reference. */
export function compareProblems(a: SnapshotProblem, b: SnapshotProblem): number {
  return (
    compareStrings(a.code, b.code) ||
    compareStrings(a.typeUrl, b.typeUrl) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.reference ?? '', b.reference ?? '')
  );
}
