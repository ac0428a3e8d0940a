/**
 * The known name a misspelled name (a Portage atom, a system.ini key) was most likely meant to
 * be. Unlike the suggestion for blueprint keys (validate/checks.ts), which forgives `-` and `_`
 * because genpack and the DSL spell keys differently, here every character counts (`app-mics`
 * is two edits from `app-misc`, a swap of neighbours being one), and the search stops early on
 * hopeless candidates: an atom is compared with the 19,000 of the Gentoo tree.
 */

/** The closest of `known` within max(2, a third of the name's length) edits, ignoring case; the first on a tie. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** "Did you mean `a`?", or "Did you mean `a`, `b` or `c`?"; undefined for no names. */
export function didYouMean(names: readonly (string | undefined)[]): string | undefined {
  const shown = names.filter((name) => name !== undefined).map((name) => `\`${name}\``);
  if (shown.length === 0) return undefined;
  return `Did you mean ${shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`}?`;
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`, or `limit + 1` as soon
 * as every alignment needs more than `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
