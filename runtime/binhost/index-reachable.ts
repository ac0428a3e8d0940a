/** How long a binhost has to answer for its index before the build goes on without it. */
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Why the binhost at `url` cannot be used, or undefined when it serves an index. Portage asks
 * for `Packages.gz`, then `Packages`, and on failure only prints an error and builds from
 * source; gp asks first so that it can say so in the build's own words. The lower's containers
 * share the host's network, so what answers here answers emerge.
 */
export async function binhostIndexProblem(url: string, signal?: AbortSignal): Promise<string | undefined> {
  const answers: string[] = [];
  for (const name of ["Packages", "Packages.gz"]) {
    const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
    try {
      // A GET, as Portage's own: some servers answer HEAD otherwise (a bucket whose policy grants
      // GetObject refuses it on moto); the body is not read.
      const response = await fetch(`${url}/${name}`, { redirect: "follow", signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
      await response.body?.cancel();
      if (response.ok) return undefined;
      answers.push(`${name}: HTTP ${response.status}`);
    } catch (problem) {
      if (signal?.aborted === true) throw problem;
      const cause = (problem as { cause?: { code?: string; message?: string } }).cause;
      const reason = timeout.aborted ? `no answer in ${PROBE_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (problem as Error).message);
      return `the binhost ${url} cannot be reached (${reason})`;
    }
  }
  return `the binhost ${url} has no package index (${answers.join(", ")})`;
}
