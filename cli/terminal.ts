/**
 * Whether to colour output on a stream: never when NO_COLOR is set to anything non-empty
 * (no-color.org), always when FORCE_COLOR is, otherwise only on a terminal.
 */
export function useColor(stream: object, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0") return true;
  return (stream as { isTTY?: boolean }).isTTY === true;
}
