import { buildScriptUsers } from "./build-script-users.js";
import { defaultVariantExists } from "./default-variant.js";
import { effectiveRemovals } from "./effective-removals.js";
import { envFilesDefined } from "./env-files-defined.js";
import type { Rule } from "./finding.js";
import { ignoredByGenpack } from "./ignored-by-genpack.js";
import { onePortageProfile } from "./one-portage-profile.js";
import { archesLeft } from "./supported-arches.js";
import { shadowedByArchBlocks } from "./shadowed-by-arch-blocks.js";
import { uniqueAccounts } from "./unique-accounts.js";

export type { Finding, Rule } from "./finding.js";

/** The semantic rules run on every merged spec, in this order. */
export const rules: readonly Rule[] = [
  uniqueAccounts,
  defaultVariantExists,
  envFilesDefined,
  effectiveRemovals,
  ignoredByGenpack,
  buildScriptUsers,
  shadowedByArchBlocks,
  onePortageProfile,
  archesLeft,
];
