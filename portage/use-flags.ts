/** USE flag and keyword syntax (PMS §3.1.4, §3.1.7), for the values of package.* entries. */

const USE_FLAG = /^[A-Za-z0-9][A-Za-z0-9+_@-]*$/;
const USE_EXPAND_NAME = /^[A-Z][A-Z0-9_]*$/;
const KEYWORD = /^(?:~|-)?(?:\*|\*\*|[A-Za-z0-9][A-Za-z0-9_-]*)$/;
const LICENSE = /^[A-Za-z0-9_][A-Za-z0-9+_.-]*$/;

/** A token of a package.use line that is neither a flag nor a `GROUP:` marker, with the reason. */
export interface TokenProblem {
  readonly token: string;
  readonly problem: string;
}

/** Whether `flag` (without a leading `-`) is a valid USE flag or USE_EXPAND value. */
export function isUseFlag(flag: string): boolean {
  return USE_FLAG.test(flag);
}

/** Whether `name` can be a USE_EXPAND variable. */
export function isUseExpandName(name: string): boolean {
  return USE_EXPAND_NAME.test(name);
}

/**
 * The tokens of a package.use value as Portage reads it: flags, `-flags`, and `GROUP:` markers
 * that apply to the tokens after them. `+flag` is reported on its own, since Portage accepts it
 * with a complaint.
 */
export function checkUseString(value: string): { problems: TokenProblem[]; plusFlags: string[] } {
  const problems: TokenProblem[] = [];
  const plusFlags: string[] = [];
  for (const token of value.split(/\s+/).filter((part) => part !== "")) {
    if (token.endsWith(":")) {
      if (!isUseExpandName(token.slice(0, -1))) {
        problems.push({ token, problem: "a USE_EXPAND marker is an upper-case variable name followed by `:`" });
      }
      continue;
    }
    if (token.startsWith("+")) {
      plusFlags.push(token);
      if (!isUseFlag(token.slice(1))) problems.push({ token, problem: "not a valid USE flag" });
      continue;
    }
    const flag = token.startsWith("-") ? token.slice(1) : token;
    if (flag === "*" && token === "-*") continue;
    if (!isUseFlag(flag)) problems.push({ token, problem: "not a valid USE flag" });
  }
  return { problems, plusFlags };
}

/** Whether `keyword` is a valid accept_keywords token, such as `~amd64`, `**` or `-*`. */
export function isKeyword(keyword: string): boolean {
  return KEYWORD.test(keyword);
}

/** Whether `name` is a valid license name or `@GROUP`, optionally negated. */
export function isLicenseToken(token: string): boolean {
  const body = token.startsWith("-") ? token.slice(1) : token;
  if (body === "*") return true;
  return body.startsWith("@") ? LICENSE.test(body.slice(1)) : LICENSE.test(body);
}
