import type { Diagnostic } from "../../errors/diagnostics.js";
import type { CatalogData } from "./catalog-data.js";
import { mergeRepositories } from "./merge-repositories.js";
import { readRepository } from "./read-repository.js";
import type { RepositoryContents } from "./repository-contents.js";

/**
 * Reads Portage repositories, in order (a master such as `gentoo` before its overlays), into one
 * catalog; `mergeRepositories` states how later repositories add to earlier ones. A path that
 * cannot be read or is not a repository gives an error diagnostic and adds nothing; the others
 * are still read. User mistakes never throw.
 *
 * @example const { catalog, diagnostics } = await readCatalog(["/var/db/repos/gentoo", "/var/db/repos/genpack-overlay"]);
 */
export async function readCatalog(repositories: readonly string[]): Promise<{ catalog: CatalogData; diagnostics: Diagnostic[] }> {
  const read: RepositoryContents[] = [];
  let diagnostics: Diagnostic[] = [];
  for (const path of repositories) {
    const result = readRepository(path);
    // concat, not push(...): an overlay without a cache can give more warnings than a call takes arguments.
    diagnostics = diagnostics.concat(result.diagnostics);
    if (result.contents !== undefined) read.push(result.contents);
  }
  return { catalog: mergeRepositories(read), diagnostics };
}
