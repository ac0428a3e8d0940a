/**
 * system.ini as genpack-init reads it: the file's bytes decoded as UTF-8 (strictly, as pybind11
 * does), `[_default]\n` put in front, and the result given to Python's
 * `configparser.ConfigParser().read_string()` with its defaults. These types are what the
 * dialect reader (`read-system-ini.ts`) returns; positions are in the user's file, without the
 * prepended header line.
 */

/** A place in the user's file: 1-based line, 1-based column counted in UTF-16 code units. */
export interface IniPosition {
  readonly line: number;
  readonly column: number;
}

/** A stretch of one line: start inclusive, end exclusive. */
export interface IniSpan {
  readonly start: IniPosition;
  readonly end: IniPosition;
}

/** One `key = value` that configparser keeps, in file order. */
export interface IniOption {
  /** The key as configparser stores it: lower-cased by `optionxform`. */
  readonly key: string;
  /** The key as written. */
  readonly rawKey: string;
  readonly keySpan: IniSpan;
  /**
   * The raw value as configparser stores it (before interpolation): stripped, continuation lines
   * joined with `\n`, trailing empty lines removed.
   */
  readonly value: string;
  /** From the first character of the value to the end of its last line. */
  readonly valueSpan: IniSpan;
}

/** One section, in file order. `_default` is the prepended one; `DEFAULT` is configparser's defaults. */
export interface IniSection {
  readonly name: string;
  /** The header line as written; undefined for the prepended `_default`. */
  readonly headerSpan?: IniSpan;
  readonly options: readonly IniOption[];
}

/** What makes configparser (or the decoding before it) raise, or what it reads other than meant. */
export type IniProblemKind =
  /** The bytes are not UTF-8: pybind11 raises and genpack-init reads nothing at all. */
  | "not-utf8"
  /** A UTF-8 byte order mark: it stays in the first line, so the first key or header is misnamed. */
  | "byte-order-mark"
  /** DuplicateSectionError: reading stops here; what came before is kept. */
  | "duplicate-section"
  /** DuplicateOptionError: reading stops here; what came before is kept. */
  | "duplicate-option"
  /** A line ParsingError lists: it is skipped, reading goes on, and the error is raised at the end. */
  | "unparsable-line";

export interface IniProblem {
  readonly kind: IniProblemKind;
  readonly span: IniSpan;
  /** What happens, said for the owner of the file: what is wrong and what genpack-init does about it. */
  readonly message: string;
  /** Whether configparser stops reading here, so every line after it is ignored. */
  readonly stopsReading: boolean;
}

/** system.ini as genpack-init's configparser holds it after `read_string()`, and what went wrong. */
export interface ParsedIni {
  /** The decoded text, or undefined when the bytes are not UTF-8. */
  readonly text?: string;
  /** The sections configparser holds, in order; `DEFAULT` is among them when the file has one. */
  readonly sections: readonly IniSection[];
  readonly problems: readonly IniProblem[];
}

/** What `ConfigParser.get(section, key)` returns for a key, with BasicInterpolation. */
export type IniValue =
  | { readonly ok: true; readonly value: string }
  | {
      readonly ok: false;
      /**
       * InterpolationSyntaxError (a lone `%`), InterpolationMissingOptionError,
       * InterpolationDepthError; or a value whose references multiply past
       * {@link MAX_EXPANDED_LENGTH} characters, which Python builds until memory runs out.
       */
      readonly error: "interpolation-syntax" | "interpolation-missing-option" | "interpolation-depth" | "interpolation-too-large";
      readonly message: string;
    };

/**
 * The most characters an interpolated value may expand to. Python has no limit: a few lines of
 * references that each repeat the one before grow to gigabytes, and the module (PID 1's
 * genpack-init) spends the machine's memory building it at every boot.
 */
export const MAX_EXPANDED_LENGTH = 1 << 20;
