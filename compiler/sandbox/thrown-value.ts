import { inspect, types } from "node:util";
import type { ThrownValue } from "./messages.js";

/** Long enough for any real message; a blueprint cannot make gp print megabytes. */
const MAX_TEXT = 2000;

function cut(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}… (${text.length} characters in all)`;
}

/** An own data property of an error, read without running a getter; undefined for anything else. */
function ownString(value: object, key: string): string | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && "value" in descriptor && typeof descriptor.value === "string" ? descriptor.value : undefined;
}

/** A property found on an error or its prototypes (`name` lives on the prototype), never through a getter. */
function inheritedString(value: object, key: string): string | undefined {
  for (let current: object | null = value, hops = 0; current !== null && hops < 32; current = Object.getPrototypeOf(current) as object | null, hops++) {
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor !== undefined) return "value" in descriptor && typeof descriptor.value === "string" ? descriptor.value : undefined;
  }
  return undefined;
}

/**
 * Describes whatever a blueprint threw without trusting it: a null-prototype object, an object
 * whose toString throws, a Proxy, an error whose `message` is a getter. Nothing of the value's
 * own code runs except the engine's formatting of an error's stack.
 */
export function describeThrown(value: unknown): ThrownValue {
  try {
    if (typeof value === "object" && value !== null && types.isProxy(value)) return { kind: "value", text: "a Proxy" };
    if (types.isNativeError(value)) {
      const error = value as Error;
      let stack: string | undefined;
      try {
        const read: unknown = error.stack;
        stack = typeof read === "string" ? read : undefined;
      } catch {
        stack = undefined;
      }
      const code = ownString(error, "code");
      const permission = ownString(error, "permission");
      const resource = ownString(error, "resource");
      return {
        kind: "error",
        name: cut(inheritedString(error, "name") ?? "Error"),
        message: cut(ownString(error, "message") ?? ""),
        ...(stack === undefined ? {} : { stack }),
        ...(code === undefined ? {} : { code: cut(code) }),
        ...(permission === undefined ? {} : { permission: cut(permission) }),
        ...(resource === undefined ? {} : { resource: cut(resource) }),
      };
    }
    if (typeof value === "string") return { kind: "value", text: cut(JSON.stringify(value)) };
    return { kind: "value", text: cut(inspect(value, { customInspect: false, getters: false, showProxy: true, depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 })) };
  } catch {
    return { kind: "value", text: "a value that cannot be shown" };
  }
}

/** What Node's permission model refused, in words. */
const REFUSED: Readonly<Record<string, string>> = {
  FileSystemRead: "read",
  FileSystemWrite: "write",
  ChildProcess: "start a process",
  WorkerThreads: "start a worker thread",
  Addon: "load an addon",
  WASI: "start WASI",
  Inspector: "open the inspector",
};

/** What the sandbox refused, such as "write /tmp/x", when that is what was thrown. */
export function refusedAccess(thrown: ThrownValue): string | undefined {
  if (thrown.kind !== "error" || thrown.code !== "ERR_ACCESS_DENIED") return undefined;
  const what = REFUSED[thrown.permission ?? ""] ?? (thrown.permission === undefined ? "do something the sandbox refuses" : `use ${thrown.permission}`);
  return thrown.resource === undefined || thrown.resource === "" ? what : `${what} ${thrown.resource}`;
}

/** One line for a message: `TypeError: x is not a function`, or what a non-error looks like. */
export function thrownSummary(thrown: ThrownValue): string {
  if (thrown.kind === "value") return thrown.text;
  return thrown.name === "Error" || thrown.name === "" ? thrown.message : `${thrown.name}: ${thrown.message}`;
}
