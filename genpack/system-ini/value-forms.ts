import type { FormattedKind } from "../../dsl/system-ini.js";

/**
 * The well-known forms of system.ini values, each a pure test that says what is wrong in plain
 * words, or undefined when the value has the form. Written as scans rather than one regular
 * expression each, so a hostile megabyte-long value costs one pass.
 */

/** What a value of each form looks like, for messages: "`hostname` must be a host name". */
export const FORM_NAMES: { readonly [kind in FormattedKind]: string } = {
  timezone: "a timezone such as Asia/Tokyo",
  locale: "a locale such as en_US.UTF-8",
  "ssh-public-keys": "SSH public keys, one per line, such as ssh-ed25519 AAAA… user@host",
  "crypt-hash": "a password hash such as $6$… (from mkpasswd or openssl passwd -6), or ! to lock the password",
  ipv4: "an IPv4 address such as 192.0.2.7",
  ipv6: "an IPv6 address such as 2001:db8::7",
  "ipv4-cidr": "an IPv4 address with a prefix length such as 192.0.2.7/24",
  "ipv6-cidr": "an IPv6 address with a prefix length such as 2001:db8::7/64",
  hostname: "a host name such as cloud or cloud.example.com",
};

/** What is wrong with `value` as a value of `kind`, or undefined when nothing is. */
export function formProblem(kind: FormattedKind, value: string): string | undefined {
  if (value === "") return "it is empty";
  switch (kind) {
    case "timezone":
      return timezoneProblem(value);
    case "locale":
      return localeProblem(value);
    case "ssh-public-keys":
      return sshPublicKeysProblem(value);
    case "crypt-hash":
      return cryptHashProblem(value);
    case "ipv4":
      return ipv4Problem(value);
    case "ipv6":
      return ipv6Problem(value);
    case "ipv4-cidr":
      return cidrProblem(value, ipv4Problem, 32);
    case "ipv6-cidr":
      return cidrProblem(value, ipv6Problem, 128);
    case "hostname":
      return hostnameProblem(value);
  }
}

function isAsciiLetterOrDigit(character: string): boolean {
  return (character >= "a" && character <= "z") || (character >= "A" && character <= "Z") || (character >= "0" && character <= "9");
}

function isDigits(text: string): boolean {
  if (text === "") return false;
  for (const character of text) if (character < "0" || character > "9") return false;
  return true;
}

/** A name under /usr/share/zoneinfo: `UTC`, `Asia/Tokyo`, `Etc/GMT-9`, `America/Port-au-Prince`. */
export function timezoneProblem(value: string): string | undefined {
  if (value.startsWith("/")) return "it is a path; write the name under /usr/share/zoneinfo, such as Asia/Tokyo";
  for (const part of value.split("/")) {
    if (part === "") return "it has an empty part between slashes";
    if (part === "." || part === "..") return `it has \`${part}\` as a part`;
    for (const character of part) {
      if (!isAsciiLetterOrDigit(character) && !"_+-.".includes(character)) return `it has \`${character}\`, which no timezone name has`;
    }
  }
  return undefined;
}

/** The locales glibc accepts for LANG: `C`, `POSIX`, `C.UTF-8`, `ll[_CC][.charset][@modifier]`. */
export function localeProblem(value: string): string | undefined {
  if (value === "C" || value === "POSIX" || value === "C.UTF-8" || value === "C.utf8") return undefined;
  const at = value.indexOf("@");
  const withoutModifier = at === -1 ? value : value.slice(0, at);
  if (at !== -1 && !/^[A-Za-z0-9]+$/.test(value.slice(at + 1))) return "its @modifier is not letters and digits";
  const dot = withoutModifier.indexOf(".");
  const name = dot === -1 ? withoutModifier : withoutModifier.slice(0, dot);
  if (dot !== -1 && !/^[A-Za-z0-9_-]+$/.test(withoutModifier.slice(dot + 1))) return "its character set (after the dot) is not a name such as UTF-8";
  const [language, territory, ...rest] = name.split("_");
  if (language === undefined || !/^[a-z]{2,3}$/.test(language)) return "it does not start with a two- or three-letter lower-case language code such as en or ja";
  if (rest.length > 0) return "it has more than one `_`";
  if (territory !== undefined && !/^(?:[A-Z]{2}|[0-9]{3})$/.test(territory)) return "its territory (after the `_`) is not a two-letter upper-case country code such as US or JP";
  return undefined;
}

/** Key types OpenSSH's authorized_keys takes, certificates included. */
const SSH_KEY_TYPES: ReadonlySet<string> = new Set(
  ["ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"].flatMap((type) => {
    const at = type.indexOf("@");
    const certificate = at === -1 ? `${type}-cert-v01@openssh.com` : `${type.slice(0, at)}-cert-v01@openssh.com`;
    return [type, certificate];
  }),
);

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The first `count` bytes that base64 `text` decodes to (fewer when it is shorter), or undefined for text that is not base64. */
function base64Head(text: string, count: number): number[] | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  for (let index = 0; index < text.length - padding; index++) if (!BASE64.includes(text.charAt(index))) return undefined;
  const bytes: number[] = [];
  for (let index = 0; index + 4 <= text.length && bytes.length < count; index += 4) {
    const quad = [0, 1, 2, 3].map((offset) => BASE64.indexOf(text.charAt(index + offset)));
    const [a, b, c, d] = quad.map((sextet) => Math.max(0, sextet)) as [number, number, number, number];
    bytes.push((a << 2) | (b >> 4));
    if (quad[2] !== -1) bytes.push(((b & 15) << 4) | (c >> 2));
    if (quad[3] !== -1) bytes.push(((c & 3) << 6) | d);
  }
  return bytes.slice(0, count);
}

/** One `type base64 [comment]` line per key; the blob names the same type as the line. */
export function sshPublicKeysProblem(value: string): string | undefined {
  const lines = value.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === "") continue;
    const which = lines.length > 1 ? `its line ${index + 1}` : "it";
    const fields = line.split(/[ \t]+/);
    const [type, blob] = fields as [string, string | undefined];
    if (!SSH_KEY_TYPES.has(type)) return `${which} starts with \`${type.slice(0, 40)}\`, not a key type such as ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256`;
    if (blob === undefined) return `${which} has the key type but not the key (the long AAAA… text after it)`;
    const head = base64Head(blob, 4 + type.length);
    if (head === undefined) return `${which} has a key that is not base64 (it was cut or changed when copied)`;
    const length = ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0);
    const named = String.fromCharCode(...head.slice(4));
    const decodedLength = (blob.length / 4) * 3 - (blob.endsWith("==") ? 2 : blob.endsWith("=") ? 1 : 0);
    if (decodedLength <= 8 + type.length) return `${which} has a key that was cut short when copied`;
    if (length !== type.length || named !== type) return `${which} says \`${type}\` but its key is not a ${type} key`;
  }
  return undefined;
}

const CRYPT_CHARACTERS = /^[./0-9A-Za-z]*$/;

/** crypt(3) hashes of glibc and libxcrypt (`$1$ $5$ $6$ $y$ $gy$ $7$ $2b$`…), or `!`/`*` for a locked password. */
export function cryptHashProblem(value: string): string | undefined {
  if (value === "!" || value === "*" || value === "!!") return undefined;
  const hash = value.startsWith("!") ? value.slice(1) : value;
  const looksLike = "it is not a password hash; make one with `mkpasswd -m sha-512` or `openssl passwd -6`, never write the password itself";
  if (!hash.startsWith("$")) return looksLike;
  const fields = hash.split("$");
  const id = fields[1] ?? "";
  const sizes: { readonly [id: string]: number } = { "1": 22, "5": 43, "6": 86 };
  const expected = sizes[id];
  if (expected !== undefined) {
    const rest = fields.slice(2);
    if (rest.length === 3 && /^rounds=[0-9]+$/.test(rest[0] as string) && id !== "1") rest.shift();
    if (rest.length !== 2) return looksLike;
    const [salt, digest] = rest as [string, string];
    if (salt.length > (id === "1" ? 8 : 16) || !CRYPT_CHARACTERS.test(salt) || digest.length !== expected || !CRYPT_CHARACTERS.test(digest)) return `it is a $${id}$ hash that was cut or changed when copied`;
    return undefined;
  }
  if (id === "y" || id === "gy" || id === "7") {
    if (fields.length !== 5 || fields.slice(2).some((field) => !CRYPT_CHARACTERS.test(field)) || (fields[4] as string).length !== 43) return `it is a $${id}$ hash that was cut or changed when copied`;
    return undefined;
  }
  if (id === "2b" || id === "2a" || id === "2y") {
    if (fields.length !== 4 || !/^[0-9]{2}$/.test(fields[2] as string) || (fields[3] as string).length !== 53 || !CRYPT_CHARACTERS.test(fields[3] as string)) return `it is a $${id}$ bcrypt hash that was cut or changed when copied`;
    return undefined;
  }
  return `\`$${id.slice(0, 20)}$\` is not a hash method the system knows; use $6$ (SHA-512) or $y$ (yescrypt)`;
}

/** Four decimal numbers 0–255 without leading zeros, as Python's ipaddress takes them. */
export function ipv4Problem(value: string): string | undefined {
  const parts = value.split(".");
  if (parts.length !== 4) return "it does not have four numbers separated by dots";
  for (const part of parts) {
    if (!isDigits(part) || part.length > 3) return `\`${part.slice(0, 20)}\` is not a number from 0 to 255`;
    if (part.length > 1 && part.startsWith("0")) return `\`${part}\` has a leading zero, which is read as octal by some programs and refused by others`;
    if (Number(part) > 255) return `${part} is more than 255`;
  }
  return undefined;
}

function isHexGroup(group: string): boolean {
  return group.length >= 1 && group.length <= 4 && /^[0-9A-Fa-f]+$/.test(group);
}

/** Eight groups of up to four hex digits, `::` once for a run of zeros, optionally ending in an IPv4 address. */
export function ipv6Problem(value: string): string | undefined {
  const halves = value.split("::");
  if (halves.length > 2) return "it has `::` more than once";
  const groupsOf = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groupsOf(halves[0] as string);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all.at(-1);
  if (last !== undefined && last.includes(".")) {
    const problem = ipv4Problem(last);
    if (problem !== undefined) return `its IPv4 part is wrong: ${problem}`;
    all.pop();
    count += 1;
  }
  for (const group of all) if (!isHexGroup(group)) return group === "" ? "it has an empty group (a lone `:` at the start or end, or `:::`)" : `\`${group.slice(0, 20)}\` is not a group of one to four hex digits`;
  if (halves.length === 2 ? count > 7 : count !== 8) return halves.length === 2 ? "it has too many groups" : "it does not have eight groups, and no `::` stands for the missing ones";
  return undefined;
}

function cidrProblem(value: string, addressProblem: (address: string) => string | undefined, bits: number): string | undefined {
  const slash = value.indexOf("/");
  if (slash === -1) return `it has no prefix length (such as /${bits === 32 ? 24 : 64}) after the address`;
  const problem = addressProblem(value.slice(0, slash));
  if (problem !== undefined) return problem;
  const prefix = value.slice(slash + 1);
  if (!isDigits(prefix) || (prefix.length > 1 && prefix.startsWith("0")) || Number(prefix) > bits) return `its prefix length \`${prefix.slice(0, 20)}\` is not a number from 0 to ${bits}`;
  return undefined;
}

/** RFC 1123: at most 253 characters, dot-separated labels of 1–63 letters, digits and inner hyphens. */
export function hostnameProblem(value: string): string | undefined {
  if (value.length > 253) return `it is ${value.length} characters long, more than the 253 a host name may have`;
  for (const label of value.split(".")) {
    if (label === "") return "it has an empty part (two dots in a row, or a dot at the start or end)";
    if (label.length > 63) return `its part \`${label.slice(0, 20)}…\` is longer than 63 characters`;
    for (const character of label) if (!isAsciiLetterOrDigit(character) && character !== "-") return `it has \`${character}\`; a host name has only letters, digits, hyphens and dots`;
    if (label.startsWith("-") || label.endsWith("-")) return `its part \`${label}\` starts or ends with a hyphen`;
  }
  return undefined;
}
