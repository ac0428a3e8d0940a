/**
 * genpack's user fields, hyphenated aliases included, and the DSL's names for them. Where both
 * spellings are given, genpack takes the underscore one.
 */
export const USER_KEYS: Readonly<Record<string, string>> = {
  name: "name",
  uid: "uid",
  comment: "comment",
  home: "home",
  shell: "shell",
  initial_group: "initialGroup",
  "initial-group": "initialGroup",
  additional_groups: "additionalGroups",
  "additional-groups": "additionalGroups",
  create_home: "createHome",
  "create-home": "createHome",
  empty_password: "emptyPassword",
  "empty-password": "emptyPassword",
};

/** genpack's group fields, named as in the DSL. */
export const GROUP_KEYS: Readonly<Record<string, string>> = { name: "name", gid: "gid" };

/** The DSL's name of an account key genpack reads, or undefined for a key genpack ignores. */
export function accountField(keys: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(keys, key) ? keys[key] : undefined;
}

/** genpack passes ids through str(), so a string of digits works as well as a number. */
export function isIdString(value: unknown): value is string {
  return typeof value === "string" && /^\d+$/.test(value);
}
