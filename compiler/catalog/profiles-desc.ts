import type { CatalogProfile } from "./catalog-data.js";
import type { LineProblem } from "../../portage/repository/line-problem.js";

/**
 * profiles/profiles.desc: one `arch path stability` line a profile, as `eselect profile list`
 * shows them. `#` starts a comment.
 */
export function parseProfilesDesc(text: string, repository: string): { profiles: CatalogProfile[]; problems: LineProblem[] } {
  const profiles: CatalogProfile[] = [];
  const problems: LineProblem[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const fields = (lines[index] as string).replace(/#.*/, "").trim().split(/\s+/);
    if (fields[0] === "") continue;
    const [arch, path, stability] = fields;
    if (arch === undefined || path === undefined || stability === undefined || fields.length > 3) {
      problems.push({ line: index + 1, message: `"${fields.join(" ")}" is not an "arch path stability" line.` });
      continue;
    }
    profiles.push({ arch, path, stability, repository });
  }
  return { profiles, problems };
}
