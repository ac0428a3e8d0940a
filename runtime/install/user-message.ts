import { describeFailure } from "../build/build.js";
import { InstallProblem } from "./install-problem.js";

/** The message for a failure the user can act on (a refusal, a failed tool, a full or read-only disk), or undefined for a bug. */
export function installUserMessage(problem: unknown): string | undefined {
  if (problem instanceof InstallProblem) return problem.message;
  const described = describeFailure(problem);
  if (described !== undefined) return described;
  const code = (problem as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && ["ENOSPC", "EACCES", "EPERM", "EROFS", "EIO", "ENOENT", "EBUSY"].includes(code)) return (problem as Error).message;
  return undefined;
}
