import { createRequire } from "node:module";

/** The package that holds TypeScript's native compiler for this machine, an optional dependency of typescript-native. */
export const NATIVE_PLATFORM_PACKAGE = `@typescript/typescript-${process.platform}-${process.arch}`;

/**
 * Whether TypeScript's native compiler is installed for this machine. CI installs it with
 * `npm ci`; there its absence fails the tests that need it instead of skipping them.
 */
export function nativeCheckerSupport(): { readonly available: boolean; readonly reason: string } {
  try {
    createRequire(import.meta.url).resolve(`${NATIVE_PLATFORM_PACKAGE}/package.json`);
    return { available: true, reason: "" };
  } catch {
    const reason = `TypeScript's native compiler is not installed for this machine (${NATIVE_PLATFORM_PACKAGE}): run npm ci`;
    if (process.env["CI"] === "true") throw new Error(`CI must run the native type-checker's tests, but ${reason}`);
    return { available: false, reason };
  }
}
