/**
 * SOURCE_DATE_EPOCH as gp reads it: whole seconds since 1970, or undefined when the variable is
 * unset, empty or not a number. The reproducible-builds specification says such a value is to
 * be ignored, which gp does; some tools refuse to run with it instead (xorriso: "Malformed
 * environment variable SOURCE_DATE_EPOCH"), so gp gives them only a value it would use itself.
 */
export function sourceDateEpochOf(environment: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = environment["SOURCE_DATE_EPOCH"];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The SOURCE_DATE_EPOCH to run a tool with: gp's own reading, or none at all. */
export function sourceDateEpochForTools(environment: NodeJS.ProcessEnv = process.env): { readonly SOURCE_DATE_EPOCH: string | undefined } {
  const epoch = sourceDateEpochOf(environment);
  return { SOURCE_DATE_EPOCH: epoch === undefined ? undefined : String(epoch) };
}
