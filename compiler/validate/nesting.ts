import { brandOf, IMAGE_BRAND, PACKAGE_BRAND, PROFILE_BRAND } from "../../dsl/brand.js";
import { codes } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import type { IssueSink } from "./issues.js";

/**
 * How deep the objects and lists of one spec may nest. The deepest field a blueprint has (a
 * USE_EXPAND value in a variant's arch block, a file of a package) is about ten levels down;
 * the limit leaves room for any real spec and keeps every later walk over the data (merging,
 * comparing, printing, a structured clone) far from the end of the stack.
 */
export const MAX_NESTING = 64;

/** Where a spec nests too deep: the path to the first object or list past the limit, or back to an object that holds itself. */
export interface NestingProblem {
  readonly path: ValuePath;
  /** Whether the path ends at an object or list that already holds it, so the nesting never ends. */
  readonly cycle: boolean;
}

/** Objects and lists a walk goes into: arrays, and plain objects (what a spec is made of). */
function isContainer(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

interface Frame {
  readonly value: object;
  readonly key: string | number | undefined;
  readonly keys: readonly (string | number)[];
  next: number;
  /** Levels of objects and lists from this one down, itself included, as far as walked. */
  height: number;
}

function frameOf(value: object, key: string | number | undefined): Frame {
  const keys = Array.isArray(value) ? Array.from(value.keys()) : Object.keys(value);
  return { value, key, keys, next: 0, height: 1 };
}

/**
 * The first place where `root` nests more than `limit` objects and lists deep, or holds itself,
 * if there is one. The walk keeps its own stack, so however deep the data, it never exhausts
 * the engine's; each object is walked once (an object shared by many fields is not walked again
 * unless the depth it is met at takes it past the limit), so the cost is the size of the data.
 *
 * `skip` names values that are checked on their own, such as another layer in `extends`.
 */
export function excessiveNesting(root: unknown, limit = MAX_NESTING, skip: (value: object) => boolean = () => false): NestingProblem | undefined {
  if (!isContainer(root)) return undefined;
  const heights = new WeakMap<object, number>();
  const onPath = new Set<object>([root]);
  const stack: Frame[] = [frameOf(root, undefined)];
  const pathTo = (key: string | number): ValuePath => [...stack.slice(1).map((frame) => frame.key as string | number), key];
  for (;;) {
    const frame = stack.at(-1) as Frame;
    if (frame.next === frame.keys.length) {
      stack.pop();
      onPath.delete(frame.value);
      heights.set(frame.value, frame.height);
      const parent = stack.at(-1);
      if (parent === undefined) return undefined;
      parent.height = Math.max(parent.height, frame.height + 1);
      continue;
    }
    const key = frame.keys[frame.next++] as string | number;
    const child = (frame.value as Record<string | number, unknown>)[key];
    if (!isContainer(child) || skip(child)) continue;
    if (onPath.has(child)) return { path: pathTo(key), cycle: true };
    const known = heights.get(child);
    if (known !== undefined && stack.length + known <= limit) {
      frame.height = Math.max(frame.height, known + 1);
      continue;
    }
    if (stack.length + 1 > limit) return { path: pathTo(key), cycle: false };
    onPath.add(child);
    stack.push(frameOf(child, key));
  }
}

/** Values that are checked on their own, wherever they are named: profiles, images and packages. */
export function isDslValue(value: object): boolean {
  return brandOf(value, PROFILE_BRAND) !== undefined || brandOf(value, IMAGE_BRAND) !== undefined || brandOf(value, PACKAGE_BRAND) !== undefined;
}

/**
 * Reports a spec that nests too deep or holds itself, at the deepest place its path reaches, and
 * says whether it did: the checks after this one, and every later stage, walk the spec and
 * need it finite and shallow. Profiles and packages it names are checked on their own.
 */
export function checkNesting(spec: unknown, sink: IssueSink): boolean {
  const problem = excessiveNesting(spec, MAX_NESTING, isDslValue);
  if (problem === undefined) return true;
  if (problem.cycle) {
    sink.error(codes.valueTooDeep, problem.path, "This value contains itself: following it leads back to an object or list it is part of, so it never ends.", {
      hint: "Give the field a copy of the data rather than an object that holds the field.",
    });
  } else {
    sink.error(codes.valueTooDeep, problem.path, `Objects and lists nest more than ${MAX_NESTING} levels deep here; no field of a blueprint goes that deep, so gp stops rather than walk it.`, {
      hint: "Look for a value built in a loop or by recursion that wraps itself again and again.",
    });
  }
  return false;
}
