/**
 * Plain assignment, except that a `__proto__` key (which JSON input may carry) becomes an own property instead of
 * replacing the target's prototype.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
