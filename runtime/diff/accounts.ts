import type { GroupAccount, UserAccount } from "./image-facts.js";

/** Non-empty lines of an account file that are not comments, split on ":". */
function records(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"));
}

/** The users of an `/etc/passwd` (name:password:uid:gid:gecos:home:shell); lines without a name are skipped. */
export function parsePasswd(text: string): UserAccount[] {
  return records(text)
    .filter((fields) => (fields[0] ?? "") !== "")
    .map(([name = "", , uid = "", gid = "", , home = "", shell = ""]) => ({ name, uid, gid, home, shell }));
}

/** The groups of an `/etc/group` (name:password:gid:member,member). */
export function parseGroup(text: string): GroupAccount[] {
  return records(text)
    .filter((fields) => (fields[0] ?? "") !== "")
    .map(([name = "", , gid = "", members = ""]) => ({ name, gid, members: members.split(",").filter((member) => member !== "") }));
}
