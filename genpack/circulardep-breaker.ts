/**
 * Whether a circular dependency breaker with these `packages` does nothing: genpack runs its
 * emerge only when `packages` names some (genpack-builder notes §4.4), so a breaker without is
 * as if it were not there.
 */
export function breaksNothing(packages: unknown): boolean {
  return packages === undefined || packages === null || (Array.isArray(packages) && packages.length === 0);
}
