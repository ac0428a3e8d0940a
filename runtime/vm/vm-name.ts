import { quote } from "../../errors/quote.js";

/**
 * A VM's name is its runtime directory's name, its hostname (`systemd.hostname=`), part of its
 * socket paths and the seed of its addresses, so it must be all of those at once: a hostname
 * label (letters, digits, hyphens; no leading hyphen; at most 63 characters).
 */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why `name` cannot be a VM's name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name === "") return "a VM name cannot be empty";
  if (name.length > 63) return `${quote(name)} is ${name.length} characters long; a VM name is a hostname and has at most 63`;
  if (!NAME.test(name)) return `${quote(name)} cannot be a VM name: it becomes the guest's hostname, so it may hold only letters, digits and inner hyphens`;
  return undefined;
}

/**
 * The name a VM gets when none is given: the image's artifact (`/.genpack/artifact`), made into
 * a hostname (other characters become hyphens), or undefined when nothing of it is left.
 */
export function defaultName(artifact: string): string | undefined {
  const name = artifact
    .trim()
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return name === "" ? undefined : name;
}
