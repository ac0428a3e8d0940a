import { codes } from "../codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Origin, type Sourced } from "../merge-layers.js";
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

function duplicates<At>(accounts: readonly Account<At>[], kind: "user" | "group", idName: "uid" | "gid"): Finding<At>[] {
  const findings: Finding<At>[] = [];
  const byName = new Map<string, Account<At>>();
  const byId = new Map<number, Account<At>>();
  for (const account of accounts) {
    const first = byName.get(account.name);
    if (first !== undefined) {
      findings.push({
        entry: kind === "user" ? codes.duplicateUser : codes.duplicateGroup,
        severity: "error",
        message: `The ${kind} "${account.name}" is defined twice; genpack would run ${kind}add twice and the second one fails.`,
        at: account.at,
        hint: `Keep one definition of "${account.name}".`,
        related: [{ message: `"${account.name}" is first defined here.`, at: first.at }],
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
        at: account.at,
        related: [{ message: `"${sameId.name}" has ${idName} ${account.id} here.`, at: sameId.at }],
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
function userGroupClashes<At>(users: readonly Account<At>[], groups: readonly Account<At>[], initialGroupKey: string): Finding<At>[] {
  const groupNames = new Map(groups.map((group) => [group.name, group.at] as const));
  return users.flatMap((user) => {
    const group = groupNames.get(user.name);
    if (group === undefined || user.initialGroup !== undefined) return [];
    return [
      {
        entry: codes.userNamedLikeGroup,
        severity: "error" as const,
        message: `The user "${user.name}" has the name of a group the image creates first; useradd then refuses to create the user's own group.`,
        at: user.at,
        hint: `Give the user \`${initialGroupKey}: "${user.name}"\` to join that group, or rename one of them.`,
        related: [{ message: `The group "${user.name}" is defined here.`, at: group }],
      },
    ];
  });
}

/**
 * Users and groups must be unique by name and id in every build: the top level's own, and the
 * top level's together with each variant's, since a variant build creates both. Blueprints and
 * genpack.json5 are held to this one rule; `At` is where an account is defined in either, and
 * hints name a user's primary group by `initialGroupKey`, as the file being checked spells it.
 */
export function accountProblems<At>(top: Accounts<At>, variants: readonly Accounts<At>[], initialGroupKey = "initialGroup"): Finding<At>[] {
  const findings: Finding<At>[] = [];
  for (const [field, kind, idName] of [["users", "user", "uid"], ["groups", "group", "gid"]] as const) {
    findings.push(...duplicates(top[field], kind, idName));
    for (const variant of variants) {
      const own = new Set(variant[field].map((account) => account.at));
      // Problems within the top level alone were reported once already.
      findings.push(...duplicates([...top[field], ...variant[field]], kind, idName).filter((finding) => own.has(finding.at)));
    }
  }
  findings.push(...userGroupClashes(top.users, top.groups, initialGroupKey));
  for (const variant of variants) {
    const clashes = userGroupClashes([...top.users, ...variant.users], [...top.groups, ...variant.groups], initialGroupKey);
    findings.push(...clashes.filter((finding) => !findings.some((known) => known.at === finding.at && known.entry === finding.entry)));
  }
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
