import { codes } from "../../errors/codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Origin, type Sourced } from "../merge-layers.js";
import { quote } from "../../errors/quote.js";
import type { Finding, Rule } from "./finding.js";

/** A user or group as a build creates it: its name, its id and primary group if set, and where it is defined. */
export interface Account<At> {
  readonly name: string;
  readonly id?: number;
  /** A user's `initialGroup`. */
  readonly initialGroup?: string;
  readonly at: At;
}

/** The users and groups of one block: the top level, or a variant. */
export interface Accounts<At> {
  readonly users: readonly Account<At>[];
  readonly groups: readonly Account<At>[];
}

/** The names and ids taken so far, over those of another pass (the top level's, under a variant's). */
class Taken<At> {
  readonly #byName = new Map<string, Account<At>>();
  readonly #byId = new Map<number, Account<At>>();

  constructor(readonly base?: Taken<At>) {}

  byName(name: string): Account<At> | undefined {
    return this.#byName.get(name) ?? this.base?.byName(name);
  }

  byId(id: number): Account<At> | undefined {
    return this.#byId.get(id) ?? this.base?.byId(id);
  }

  takeName(account: Account<At>): void {
    this.#byName.set(account.name, account);
  }

  takeId(account: Account<At>, id: number): void {
    this.#byId.set(id, account);
  }
}

/** Accounts defined twice by name or id, in the order given, after those of `taken`. */
function duplicates<At>(accounts: readonly Account<At>[], kind: "user" | "group", idName: "uid" | "gid", taken: Taken<At>): Finding<At>[] {
  const findings: Finding<At>[] = [];
  for (const account of accounts) {
    const first = taken.byName(account.name);
    if (first !== undefined) {
      findings.push({
        entry: kind === "user" ? codes.duplicateUser : codes.duplicateGroup,
        severity: "error",
        message: `The ${kind} ${quote(account.name)} is defined twice; genpack would run ${kind}add twice and the second one fails.`,
        at: account.at,
        hint: `Keep one definition of ${quote(account.name)}.`,
        related: [{ message: `${quote(account.name)} is first defined here.`, at: first.at }],
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
        at: account.at,
        related: [{ message: `${quote(sameId.name)} has ${idName} ${account.id} here.`, at: sameId.at }],
      });
      continue;
    }
    taken.takeId(account, account.id);
  }
  return findings;
}

/** Where each group name is first defined. */
function groupNames<At>(groups: readonly Account<At>[]): Map<string, At> {
  const names = new Map<string, At>();
  for (const group of groups) if (!names.has(group.name)) names.set(group.name, group.at);
  return names;
}

/**
 * useradd makes each user a group of its own name (USERGROUPS_ENAB), and refuses when that
 * group already exists; groups are created before users, so a group of the same name clashes
 * unless the user names its primary group. A variant build creates the top level's accounts and
 * its own, so a variant's group can clash with a top-level user too. Each user is reported once.
 */
function userGroupClashes<At>(top: Accounts<At>, variants: readonly Accounts<At>[], initialGroupKey: string): Finding<At>[] {
  const findings: Finding<At>[] = [];
  const reported = new Set<At>();
  const report = (user: Account<At>, group: At): void => {
    if (reported.has(user.at)) return;
    reported.add(user.at);
    findings.push({
      entry: codes.userNamedLikeGroup,
      severity: "error",
      message: `The user ${quote(user.name)} has the name of a group the image creates first; useradd then refuses to create the user's own group.`,
      at: user.at,
      hint: `Give the user \`${initialGroupKey}: ${JSON.stringify(user.name)}\` to join that group, or rename one of them.`,
      related: [{ message: `The group ${quote(user.name)} is defined here.`, at: group }],
    });
  };
  const topGroups = groupNames(top.groups);
  // Top-level users by name, for the groups a variant adds.
  const topUsers = new Map<string, Account<At>[]>();
  for (const user of top.users) {
    if (user.initialGroup !== undefined) continue;
    const group = topGroups.get(user.name);
    if (group !== undefined) report(user, group);
    const named = topUsers.get(user.name);
    if (named === undefined) topUsers.set(user.name, [user]);
    else named.push(user);
  }
  for (const variant of variants) {
    const ownGroups = groupNames(variant.groups);
    for (const [name, group] of ownGroups) for (const user of topUsers.get(name) ?? []) report(user, group);
    for (const user of variant.users) {
      if (user.initialGroup !== undefined) continue;
      const group = ownGroups.get(user.name) ?? topGroups.get(user.name);
      if (group !== undefined) report(user, group);
    }
  }
  return findings;
}

/**
 * Users and groups must be unique by name and id in every build: the top level's own, and the
 * top level's together with each variant's, since a variant build creates both. Blueprints and
 * genpack.json5 are held to this one rule; `At` is where an account is defined in either, and
 * hints name a user's primary group by `initialGroupKey`, as the file being checked spells it.
 * The top level is taken once and each variant's accounts are checked over it, so the cost is
 * the number of accounts, not that times the number of variants.
 */
export function accountProblems<At>(top: Accounts<At>, variants: readonly Accounts<At>[], initialGroupKey = "initialGroup"): Finding<At>[] {
  const findings: Finding<At>[] = [];
  for (const [field, kind, idName] of [["users", "user", "uid"], ["groups", "group", "gid"]] as const) {
    const taken = new Taken<At>();
    for (const finding of duplicates(top[field], kind, idName, taken)) findings.push(finding);
    // Problems within the top level alone were reported once already.
    for (const variant of variants) for (const finding of duplicates(variant[field], kind, idName, new Taken(taken))) findings.push(finding);
  }
  for (const finding of userGroupClashes(top, variants, initialGroupKey)) findings.push(finding);
  return findings;
}

function accountOf(item: Sourced, idKey: "uid" | "gid"): Account<Origin> {
  if (typeof item.value === "string") return { name: item.value, at: item.origin };
  const value = item.value as { name: string; uid?: number; gid?: number; initialGroup?: string };
  const id = value[idKey];
  return { name: value.name, at: item.origin, ...(id === undefined ? {} : { id }), ...(value.initialGroup === undefined ? {} : { initialGroup: value.initialGroup }) };
}

function accountsOf(block: MergedBlock): Accounts<Origin> {
  return { users: itemsOf(block, "users").map((item) => accountOf(item, "uid")), groups: itemsOf(block, "groups").map((item) => accountOf(item, "gid")) };
}

export const uniqueAccounts: Rule = (merged: MergedBlock) => accountProblems(accountsOf(merged), [...blocksOf(merged, "variants").values()].map(accountsOf));
