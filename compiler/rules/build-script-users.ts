import { codes } from "../../errors/codes.js";
import { blocksOf, entriesOf, itemsOf, NESTED_KEY_SEPARATOR, type MergedBlock } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { quote } from "../../errors/quote.js";

function userNames(block: MergedBlock): string[] {
  return itemsOf(block, "users").map((item) => (typeof item.value === "string" ? item.value : (item.value as { name: string }).name));
}

/**
 * genpack runs `files/build.d/<user>/` as that user, so the user must exist when build scripts
 * run. Users of the image exist by then; a user a package creates (such as apache) may too, so
 * this is a warning, not an error.
 */
export const buildScriptUsers: Rule = (merged) => {
  const defined = new Set(userNames(merged));
  for (const variant of blocksOf(merged, "variants").values()) for (const name of userNames(variant)) defined.add(name);
  const reported = new Set<string>();
  const findings: Finding[] = [];
  for (const [key, script] of entriesOf(merged, "userBuildScripts")) {
    const [user = ""] = key.split(NESTED_KEY_SEPARATOR);
    if (defined.has(user) || reported.has(user)) continue;
    reported.add(user);
    findings.push({
      entry: codes.unknownScriptUser,
      severity: "warning",
      message: `Build scripts run as ${quote(user)}, which \`users\` does not define; genpack fails unless a package creates that user.`,
      at: { ...script.origin, path: script.origin.path.slice(0, -1) },
      hint: `Add { name: ${quote(user)} } to \`users\`, or run the scripts as root in \`buildScripts\`.`,
    });
  }
  return findings;
};
