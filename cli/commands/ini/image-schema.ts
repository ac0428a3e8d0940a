import type { LoadedSchema } from "../../../runtime/system-ini/index.js";
import { hasErrors } from "../../../errors/diagnostics.js";
import type { BaseCommand } from "../../base-command.js";

/**
 * The schema a `gp ini` command's `--image` or BLUEPRINT|DIR|SCHEMA names. A blueprint that does
 * not compile has its diagnostics printed and gives undefined, for the command to exit 1.
 */
export async function loadCommandSchema(command: BaseCommand & { readonly image: string | undefined; readonly target: string | undefined }): Promise<LoadedSchema | undefined> {
  const { loadSchemaFrom } = await import("../../../runtime/system-ini/index.js");
  const loaded = await loadSchemaFrom({ ...(command.image === undefined ? {} : { image: command.image }), ...(command.target === undefined ? {} : { target: command.target }) });
  if (loaded.diagnostics !== undefined && hasErrors(loaded.diagnostics)) {
    command.report(loaded.diagnostics);
    return undefined;
  }
  return loaded;
}
