import { installUserMessage } from "../install/user-message.js";
import { VmProblem } from "./vm-problem.js";

/** The message of a failure the user can act on, or undefined for a bug in gp. */
export function vmUserMessage(problem: unknown): string | undefined {
  if (problem instanceof VmProblem) return problem.message;
  return installUserMessage(problem);
}
