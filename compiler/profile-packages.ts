import { join } from "node:path";

/**
 * The profile packages published beside genpack-ts (`@genpack-ts/profile-<name>`), each in
 * `profiles/<name>/` of gp's own package. A test keeps this list equal to the packages in the
 * repository's profiles/ folder.
 */
export const PROFILE_PACKAGES = [
  "baremetal",
  "bcachefs",
  "catalina",
  "dev-waypipe",
  "gnome-baremetal",
  "llama-cpp",
  "obs-plugins",
  "occ",
  "paravirt",
  "raspberrypi",
  "srs",
  "systemimg",
  "weston-paravirt",
  "xmrig",
] as const;

export type ProfilePackage = (typeof PROFILE_PACKAGES)[number];

/** The npm name of a profile package: `@genpack-ts/profile-paravirt`. */
export function profilePackageName(profile: ProfilePackage): string {
  return `@genpack-ts/profile-${profile}`;
}

/** Where genpack-ts keeps its own copy of a profile package: `<package root>/profiles/<name>`. */
export function profileFolder(packageRoot: string, profile: ProfilePackage): string {
  return join(packageRoot, "profiles", profile);
}
