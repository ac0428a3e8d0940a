import { codes } from "../codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Origin, type Sourced } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";

interface Account {
  readonly name: string;
  readonly id?: number;
  readonly origin: Origin;
}

function accountOf(item: Sourced, idKey: "uid" | "gid"): Account {
  if (typeof item.value === "string") return { name: item.value, origin: item.origin };
  const value = item.value as { name: string; uid?: number; gid?: number };
  const id = value[idKey];
  return { name: value.name, origin: item.origin, ...(id === undefined ? {} : { id }) };
}

function duplicates(accounts: readonly Account[], kind: "user" | "group", idName: "uid" | "gid"): Finding[] {
  const findings: Finding[] = [];
  const byName = new Map<string, Account>();
  const byId = new Map<number, Account>();
  for (const account of accounts) {
    const first = byName.get(account.name);
    if (first !== undefined) {
      findings.push({
        entry: kind === "user" ? codes.duplicateUser : codes.duplicateGroup,
        severity: "error",
        message: `The ${kind} "${account.name}" is defined twice; genpack would run ${kind}add twice and the second one fails.`,
        at: account.origin,
        hint: `Keep one definition of "${account.name}".`,
        related: [{ message: `"${account.name}" is first defined here.`, at: first.origin }],
      });
      continue;
    }
    byName.set(account.name, account);
    if (account.id === undefined) continue;
    const sameId = byId.get(account.id);
    if (sameId !== undefined) {
      findings.push({
        entry: codes.duplicateId,
        severity: "error",
        message: `The ${kind}s "${sameId.name}" and "${account.name}" share ${idName} ${account.id}; ${kind}add refuses a ${idName} that is taken.`,
        at: account.origin,
        related: [{ message: `"${sameId.name}" has ${idName} ${account.id} here.`, at: sameId.origin }],
      });
      continue;
    }
    byId.set(account.id, account);
  }
  return findings;
}

/**
 * useradd makes each user a group of its own name (USERGROUPS_ENAB), and refuses when that
 * group already exists; groups are created before users, so a group of the same name clashes
 * unless the user names its primary group.
 */
function userGroupClashes(users: readonly Sourced[], groups: readonly Sourced[]): Finding[] {
  const groupNames = new Map(groups.map((item) => [accountOf(item, "gid").name, item.origin] as const));
  return users.flatMap((item) => {
    const user = accountOf(item, "uid");
    const group = groupNames.get(user.name);
    const initialGroup = typeof item.value === "string" ? undefined : (item.value as { initialGroup?: string }).initialGroup;
    if (group === undefined || initialGroup !== undefined) return [];
    return [
      {
        entry: codes.userNamedLikeGroup,
        severity: "error" as const,
        message: `The user "${user.name}" has the name of a group the image creates first; useradd then refuses to create the user's own group.`,
        at: user.origin,
        hint: `Give the user \`initialGroup: "${user.name}"\` to join that group, or rename one of them.`,
        related: [{ message: `The group "${user.name}" is defined here.`, at: group }],
      },
    ];
  });
}

/**
 * Users and groups must be unique by name and id in every build: the top level's own, and the
 * top level's together with each variant's, since a variant build creates both.
 */
export const uniqueAccounts: Rule = (merged: MergedBlock) => {
  const findings: Finding[] = [];
  for (const [field, kind, idName] of [["users", "user", "uid"], ["groups", "group", "gid"]] as const) {
    const top = itemsOf(merged, field).map((item) => accountOf(item, idName));
    findings.push(...duplicates(top, kind, idName));
    for (const variant of blocksOf(merged, "variants").values()) {
      const own = itemsOf(variant, field).map((item) => accountOf(item, idName));
      const combined = duplicates([...top, ...own], kind, idName);
      // Problems within the top level alone were reported once already.
      findings.push(...combined.filter((finding) => own.some((account) => account.origin === finding.at)));
    }
  }
  const topUsers = itemsOf(merged, "users");
  const topGroups = itemsOf(merged, "groups");
  findings.push(...userGroupClashes(topUsers, topGroups));
  for (const variant of blocksOf(merged, "variants").values()) {
    const clashes = userGroupClashes([...topUsers, ...itemsOf(variant, "users")], [...topGroups, ...itemsOf(variant, "groups")]);
    findings.push(...clashes.filter((finding) => !findings.some((known) => known.at === finding.at && known.entry === finding.entry)));
  }
  return findings;
};
