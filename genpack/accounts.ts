import type { PlainValue } from "./json5/syntax.js";
import { isDictionary } from "./merge.js";
import { pyStr, pyTruthy } from "./python.js";

/**
 * The groupadd and useradd commands genpack runs in its upper phase for the resolved groups
 * and users (a user given as a string is a user with defaults, as genpack's documentation says).
 * Two spellings of one account, such as `"empty-password": true` and `empty_password: true`,
 * give the same command, and so do the ids `"01000"` and 1000, which useradd reads alike.
 */
export function groupaddCommands(groups: readonly PlainValue[]): string[][] {
  return groups.map((group) => {
    if (!isDictionary(group)) return ["groupadd", pyStr(group)];
    const command = ["groupadd"];
    if (group.has("gid")) command.push("-g", idArgument(group.get("gid")));
    command.push(pyStr(group.get("name")));
    return command;
  });
}

export function useraddCommands(users: readonly PlainValue[]): string[][] {
  return users.map((user) => {
    if (!isDictionary(user)) return ["useradd", "-m", pyStr(user)];
    const get = (key: string, fallback: PlainValue): PlainValue => (user.has(key) ? (user.get(key) as PlainValue) : fallback);
    const command = ["useradd"];
    const uid = get("uid", null);
    if (uid !== null) command.push("-u", idArgument(uid));
    const comment = get("comment", null);
    if (comment !== null) command.push("-c", pyStr(comment));
    const home = get("home", null);
    if (home !== null) command.push("-d", pyStr(home));
    const initialGroup = get("initial_group", get("initial-group", null));
    if (initialGroup !== null) command.push("-g", pyStr(initialGroup));
    const additional = get("additional_groups", get("additional-groups", []));
    const groups = typeof additional === "string" ? [additional] : Array.isArray(additional) ? additional : [];
    if (groups.length > 0) command.push("-G", groups.map((group) => pyStr(group)).join(","));
    const shell = get("shell", null);
    if (shell !== null) command.push("-s", pyStr(shell));
    if (pyTruthy(get("create_home", get("create-home", true)))) command.push("-m");
    if (pyTruthy(get("empty_password", get("empty-password", false)))) command.push("-p", "");
    command.push(pyStr(user.get("name")));
    return command;
  });
}

/** An id as useradd and groupadd read it: decimal digits, leading zeros meaning nothing. */
function idArgument(id: PlainValue | undefined): string {
  const text = pyStr(id);
  return /^\d+$/.test(text) ? BigInt(text).toString() : text;
}
