/**
 * Which fields a spec was written with, for the type of `defineImage`, `defineProfile` and
 * `definePackage`. Intersected with the spec's type, it says nothing new of a field's value, but
 * it makes each field the literal writes a field that is there: its type loses the `undefined`
 * an optional field reads as. That matters when a list or record of thousands of entries holds
 * one mistake. To find the entry at fault, TypeScript looks each entry up in the field's type;
 * for a type that can be `undefined` the lookup fails and it picks a member of the union by
 * comparing it with the whole list, once per entry, so one wrong atom among 20,000 took minutes.
 * With the field present, each lookup is direct and the check takes as long as the list is long.
 *
 * Only the fields of `Shape` count, so that a key that is no field is still reported as one.
 * A field written as a value that may be `undefined` (`cond ? [...] : undefined`) or `null`
 * is left as it is.
 */
export type WrittenFields<Spec, Shape> = WrittenKeys<Spec, keyof Spec & keyof Shape, Shape>;

/**
 * {@link WrittenFields} for `Keys`. A type parameter constrained to `keyof Spec`, as `Pick` has,
 * keeps each field optional or required as `Spec` has it, so a spec typed with optional fields
 * (held in a variable) is not asked for fields it may leave out.
 */
type WrittenKeys<Spec, Keys extends keyof Spec, Shape> = {
  readonly [Key in Keys]: Key extends "arch" | "variants" ? WrittenBlocks<Spec[Key], NonNullable<Shape[Key & keyof Shape]>> : Written<Spec[Key]>;
};

/** Arch blocks or variants, each block's fields in turn (see {@link Written} for the first branch). */
type WrittenBlocks<Blocks, Shape> = [Blocks] extends [never]
  ? Blocks
  : undefined extends Blocks
    ? unknown
    : null extends Blocks
      ? unknown
      : WrittenBlockKeys<Blocks, keyof Blocks & keyof Shape, NonNullable<Shape[keyof Shape]>>;

/**
 * Each block as `Block` and the fields it was written with. `Block` is repeated because a
 * block found under a key here would otherwise hide the index signature of `variants` when
 * TypeScript reads the types a variant's fields are written against.
 */
type WrittenBlockKeys<Blocks, Names extends keyof Blocks, Block> = { readonly [Name in Names]: Block & WrittenFields<Blocks[Name], Block> };

/**
 * `{}` for a field written as a value that is never `undefined` or `null`, which takes
 * `undefined` out of the field's type in the intersection; `unknown`, which changes nothing,
 * otherwise. The first branch is never taken (a field's value is not `never`); it is where
 * TypeScript infers the field's type as written, which the other branches then test.
 */
type Written<Value> = [Value] extends [never] ? Value : undefined extends Value ? unknown : null extends Value ? unknown : {};
