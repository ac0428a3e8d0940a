import { existsSync } from "node:fs";
import { relative } from "node:path";
import { codes } from "../../errors/codes.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { GpError } from "../../errors/gp-error.js";
import { openTarget } from "../build/open-target.js";
import { readRecord } from "../build/phase-state.js";
import { requestedArch, type TargetRequest } from "../build/tools/target-request.js";
import type { ContentsRecord } from "./contents-record.js";
import { readContentsRecord } from "./read-record.js";

export type ContentsRequest = TargetRequest;

export type OpenedContents =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly record: ContentsRecord; readonly title: string };

/**
 * The contents record of a target's finished upper layer. There must be an upper, its phase
 * record, and a contents record written for that same upper; otherwise the user is told to build.
 *
 * @throws GpError contentsNotBuilt, contentsRecordUnreadable
 */
export async function openContents(request: ContentsRequest): Promise<OpenedContents> {
  const { cwd, variant, evaluation } = request;
  const arch = requestedArch(request);
  const opened = await openTarget(request.target, { cwd, arch, ...(variant === undefined ? {} : { variant }), compile: false, evaluation });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const { layout, target, diagnostics } = opened;
  const name = `${target.resolution.name}${target.variant === null ? "" : ` (${target.variant})`} for ${arch}`;
  const shown = relative(cwd, layout.contents) || layout.contents;
  const notBuilt = (why: string) => new GpError(codes.contentsNotBuilt, `${name} has no finished upper layer to describe: ${why}. Run \`gp build\` (or \`gp upper\`) first.`);
  const upper = readRecord(layout.upperState);
  if (upper === undefined || !existsSync(layout.upper)) throw notBuilt("the upper phase has not finished");
  const read = readContentsRecord(layout.contents);
  if (!read.ok) throw notBuilt(`${shown} does not exist (an upper built by an older gp has none)`);
  if (read.record.upperKey !== upper.key) throw notBuilt(`${shown} describes another upper layer than the one in the work directory`);
  return { ok: true, diagnostics, record: read.record, title: name };
}
