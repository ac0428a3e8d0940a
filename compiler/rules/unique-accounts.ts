import { codes } from "../codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Origin, type Sourced } from "../merge-layers.js";
import { quote } from "../quote.js";
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

/** The names and ids taken so far, over those of another pass (the top level's, under a variant's). */
class Taken {
  readonly #byName = new Map<string, Account>();
  readonly #byId = new Map<number, Account>();

  constructor(readonly base?: Taken) {}

  byName(name: string): Account | undefined {
    return this.#byName.get(name) ?? this.base?.byName(name);
  }

  byId(id: number): Account | undefined {
    return this.#byId.get(id) ?? this.base?.byId(id);
  }

  takeName(account: Account): void {
    this.#byName.set(account.name, account);
  }

  takeId(account: Account, id: number): void {
    this.#byId.set(id, account);
  }
}

/** Accounts defined twice by name or id, in the order given, after those of `taken`. */
function duplicates(accounts: readonly Account[], kind: "user" | "group", idName: "uid" | "gid", taken: Taken): Finding[] {
  const findings: Finding[] = [];
  for (const account of accounts) {
    const first = taken.byName(account.name);
    if (first !== undefined) {
      findings.push({
        entry: kind === "user" ? codes.duplicateUser : codes.duplicateGroup,
        severity: "error",
        message: `The ${kind} ${quote(account.name)} is defined twice; genpack would run ${kind}add twice and the second one fails.`,
        at: account.origin,
        hint: `Keep one definition of ${quote(account.name)}.`,
        related: [{ message: `${quote(account.name)} is first defined here.`, at: first.origin }],
      });
      continue;
    }
    taken.takeName(account);
    if (account.id === undefined) continue;
    const sameId = taken.byId(account.id);
    if (sameId !== undefined) {
      findings.push({
        entry: codes.duplicateId,
        severity: "error",
        message: `The ${kind}s ${quote(sameId.name)} and ${quote(account.name)} share ${idName} ${account.id}; ${kind}add refuses a ${idName} that is taken.`,
        at: account.origin,
        related: [{ message: `${quote(sameId.name)} has ${idName} ${account.id} here.`, at: sameId.origin }],
      });
      continue;
    }
    taken.takeId(account, account.id);
  }
  return findings;
}

/** Whether a user names its primary group, so that useradd does not make one of its own name. */
function hasInitialGroup(item: Sourced): boolean {
  return typeof item.value !== "string" && (item.value as { initialGroup?: string }).initialGroup !== undefined;
}

function clash(user: Account, group: Origin): Finding {
  return {
    entry: codes.userNamedLikeGroup,
    severity: "error",
    message: `The user ${quote(user.name)} has the name of a group the image creates first; useradd then refuses to create the user's own group.`,
    at: user.origin,
    hint: `Give the user \`initialGroup: ${quote(user.name)}\` to join that group, or rename one of them.`,
    related: [{ message: `The group ${quote(user.name)} is defined here.`, at: group }],
  };
}

/** Each group name with the last place it is defined, as a dict built from the list would keep it. */
function groupNames(groups: readonly Sourced[]): Map<string, Origin> {
  return new Map(groups.map((item) => [accountOf(item, "gid").name, item.origin] as const));
}

/**
 * useradd makes each user a group of its own name (USERGROUPS_ENAB), and refuses when that
 * group already exists; groups are created before users, so a group of the same name clashes
 * unless the user names its primary group.
 */
function userGroupClashes(merged: MergedBlock): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<Origin>();
  const report = (user: Account, group: Origin) => {
    if (reported.has(user.origin)) return;
    reported.add(user.origin);
    findings.push(clash(user, group));
  };
  const topGroups = groupNames(itemsOf(merged, "groups"));
  // Top-level users by name, for the groups a variant adds: a variant build creates both.
  const topUsers = new Map<string, Account[]>();
  for (const item of itemsOf(merged, "users")) {
    if (hasInitialGroup(item)) continue;
    const user = accountOf(item, "uid");
    const group = topGroups.get(user.name);
    if (group !== undefined) report(user, group);
    const named = topUsers.get(user.name);
    if (named === undefined) topUsers.set(user.name, [user]);
    else named.push(user);
  }
  for (const variant of blocksOf(merged, "variants").values()) {
    const ownGroups = groupNames(itemsOf(variant, "groups"));
    for (const [name, group] of ownGroups) for (const user of topUsers.get(name) ?? []) report(user, group);
    for (const item of itemsOf(variant, "users")) {
      if (hasInitialGroup(item)) continue;
      const user = accountOf(item, "uid");
      const group = ownGroups.get(user.name) ?? topGroups.get(user.name);
      if (group !== undefined) report(user, group);
    }
  }
  return findings;
}

/**
 * Users and groups must be unique by name and id in every build: the top level's own, and the
 * top level's together with each variant's, since a variant build creates both. The top level
 * is taken once; each variant's accounts are checked over it, so the cost is the number of
 * accounts, not that times the number of variants.
 */
export const uniqueAccounts: Rule = (merged: MergedBlock) => {
  const findings: Finding[] = [];
  for (const [field, kind, idName] of [["users", "user", "uid"], ["groups", "group", "gid"]] as const) {
    const top = new Taken();
    for (const finding of duplicates(itemsOf(merged, field).map((item) => accountOf(item, idName)), kind, idName, top)) findings.push(finding);
    for (const variant of blocksOf(merged, "variants").values()) {
      // Problems within the top level alone were reported once already.
      for (const finding of duplicates(itemsOf(variant, field).map((item) => accountOf(item, idName)), kind, idName, new Taken(top))) findings.push(finding);
    }
  }
  for (const finding of userGroupClashes(merged)) findings.push(finding);
  return findings;
};
