import { captureCallSite, withCallSite } from "./call-site.js";

/** File permission bits, such as `0o755`. */
export type FileMode = number;

/** Text written into the artifact as given. */
export interface InlineText {
  readonly kind: "text";
  readonly text: string;
  /** @default 0o644 */
  readonly mode?: FileMode;
}

/** A file copied byte for byte from beside the module that names it. */
export interface LocalFile {
  readonly kind: "file";
  /** Relative to the folder of the module that called {@link file}; may not leave it. */
  readonly path: string;
  /** @default 0o755 if the source file is executable, else 0o644 (what git records) */
  readonly mode?: FileMode;
}

/**
 * A directory tree copied from beside the module that names it. Symbolic links stay links; files
 * get 0o755 if executable, else 0o644, and directories 0o755, as a git checkout would give them.
 */
export interface LocalDirectory {
  readonly kind: "directory";
  /** Relative to the folder of the module that called {@link directory}; may not leave it. */
  readonly path: string;
}

/** The content of one file: a string (text, mode 0644), {@link text} or {@link file}. */
export type FileSource = string | InlineText | LocalFile;

/** A file, or a directory tree made with {@link directory}. */
export type TreeSource = FileSource | LocalDirectory;

/**
 * Inline file content with an explicit mode.
 *
 * @example
 * files: { "/usr/bin/hello": text("#!/bin/sh\necho hello\n", { mode: 0o755 }) }
 */
export function text(content: string, options: { readonly mode?: FileMode } = {}): InlineText {
  return Object.freeze({ kind: "text", text: content, ...(options.mode === undefined ? {} : { mode: options.mode }) });
}

/**
 * A file beside the module, resolved relative to the file this call is written in.
 *
 * @example
 * files: { "/etc/go2rtc.yaml": file("./go2rtc.yaml") }
 */
export function file(path: string, options: { readonly mode?: FileMode } = {}): LocalFile {
  const value = { kind: "file", path, ...(options.mode === undefined ? {} : { mode: options.mode }) } as const;
  return Object.freeze(withCallSite(value, captureCallSite(file)));
}

/**
 * A directory beside the module, copied whole, resolved relative to the file this call is written in.
 *
 * @example
 * files: { "/": directory("./files") }
 */
export function directory(path: string): LocalDirectory {
  return Object.freeze(withCallSite({ kind: "directory", path } as const, captureCallSite(directory)));
}
