/** Orders type names as Kuma's catalogues do: by code unit, as Go compares strings (`MeshHTTPRoute` before `MeshHealthCheck`). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
