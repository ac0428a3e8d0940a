import type { Diagnostic } from "../../errors/diagnostics.js";
import type { IniSpan } from "./parsed-ini.js";

/**
 * One thing `gp ini check` (and the form) says about a system.ini: a diagnostic at
 * `FILE:line:col`, and where a mechanical repair exists (a misspelled key, a byte order mark),
 * the edit that makes it: replace `span` of the file with `text`.
 */
export interface SystemIniFinding extends Diagnostic {
  readonly span?: IniSpan;
  readonly fix?: { readonly title: string; readonly span: IniSpan; readonly text: string };
}
