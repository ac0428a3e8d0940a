import { resolve } from "node:path";
import { formatDiagnostics } from "../../compiler/index.js";
import { codes } from "../../errors/codes.js";
import { hasErrors } from "../../errors/diagnostics.js";
import { GpError } from "../../errors/gp-error.js";
import { checkSystemIni } from "../../genpack/system-ini/check-system-ini.js";
import type { SystemIniFinding } from "../../genpack/system-ini/finding.js";
import { readSystemIni } from "../../genpack/system-ini/read-system-ini.js";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { systemIniTemplate } from "../../genpack/system-ini/template.js";
import type { SquashfsReader } from "../install/squashfs-reader.js";
import { loadImageSchema } from "./load-schema.js";
import { systemIniPage } from "./page.js";

/** A system.ini that may go where an image boots, with what gp says of it. */
export interface AdmittedSystemIni {
  /** The bytes to write: the file given, or the commented file of every setting with the blueprint's values. */
  readonly bytes: Uint8Array;
  /** Whether the bytes are the file the user gave. */
  readonly given: boolean;
  readonly schema: SystemIniSchema;
  /** Where the schema came from. */
  readonly source: string;
  /** What the check found short of an error. */
  readonly warnings: readonly SystemIniFinding[];
}

export interface AdmitRequest {
  /** The image the file goes with. */
  readonly image: string;
  /** The image's reader, when it is open already. */
  readonly reader?: SquashfsReader;
  /** The system.ini given (`--system-ini`), as read; none means the image's own default. */
  readonly given?: { readonly path: string; readonly bytes: Uint8Array };
  /** Said of each warning, before anything is written. */
  readonly warn: (text: string) => void;
  /** The command, for the refusal ("gp install", "gp vm run"). */
  readonly command: string;
  readonly signal?: AbortSignal;
}

/**
 * The one door a system.ini passes before it is written to a boot partition, an ISO, a ZIP or
 * a VM's data disk: checked against the schema of the image it goes with, exactly as
 * `gp ini check --image` checks it. An error refuses with every finding and its code frame, and
 * nothing has been written yet; warnings are said and the file goes. Without a file, the image's
 * own default is written: every setting as a comment, the blueprint's `systemIni` values as real
 * lines; it is checked too, since a value can be wrong for the image it ends up on.
 */
export async function admitSystemIni(request: AdmitRequest): Promise<AdmittedSystemIni> {
  const loaded = await loadImageSchema(request.image, request.signal, request.reader);
  const schema = loaded.schema as SystemIniSchema;
  const text = request.given === undefined ? systemIniTemplate(schema) : undefined;
  const bytes = request.given?.bytes ?? new TextEncoder().encode(text);
  const file = request.given === undefined ? resolve(`${request.image}.default-system.ini`) : resolve(request.given.path);
  const findings = checkSystemIni({ parsed: readSystemIni(bytes), schema, file });
  const cwd = process.cwd();
  const sources = text === undefined ? undefined : new Map([[file, text]]);
  const shown = (list: readonly SystemIniFinding[]) => formatDiagnostics(list, { cwd, color: false, ...(sources === undefined ? {} : { sources }) });
  if (hasErrors(findings)) {
    const errors = findings.filter((finding) => finding.severity === "error").length;
    const what = request.given === undefined ? `The system.ini ${request.image} gives by default` : request.given.path;
    throw new GpError(codes.iniRefused, `${what} has ${errors === 1 ? "an error" : `${errors} errors`} against the settings of ${request.image} (${loaded.source}); ${request.command} wrote nothing.`, {
      details: shown(findings).trimEnd(),
      hint: `Fix it (gp ini check ${request.given?.path ?? "FILE"} --image ${request.image} says the same), or open system-ini.html (gp ini page --image ${request.image} -o FILE).`,
    });
  }
  const warnings = findings.filter((finding) => finding.severity === "warning");
  if (warnings.length > 0) request.warn(shown(warnings).trimEnd());
  return { bytes, given: request.given !== undefined, schema, source: loaded.source, warnings };
}

/** The form that goes beside the system.ini on a boot partition. */
export function systemIniForm(admitted: AdmittedSystemIni): Uint8Array {
  return new TextEncoder().encode(systemIniPage(admitted.schema));
}
