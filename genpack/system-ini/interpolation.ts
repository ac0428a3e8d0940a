import { MAX_EXPANDED_LENGTH, type IniValue, type ParsedIni } from "./parsed-ini.js";
import { DEFAULT_SECTION, optionxform } from "./read-system-ini.js";

/**
 * `ConfigParser.get(section, key)` with BasicInterpolation, as a genpack-init module calls it:
 * the key (lower-cased) is looked up in the section and then in `[DEFAULT]`; `%%` is a percent
 * sign, `%(name)s` the value of `name` (lower-cased) looked up the same way, expanded again when
 * it holds a `%`, at most {@link MAX_INTERPOLATION_DEPTH} levels deep; any other `%` raises.
 * Undefined when the section or the key is absent (`get()` would raise NoSectionError or
 * NoOptionError, which modules avoid with `fallback=`). `[DEFAULT]` itself can always be asked.
 */
export function iniValue(parsed: ParsedIni, section: string, key: string): IniValue | undefined {
  const lookup = lookupOf(parsed, section);
  if (lookup === undefined) return undefined;
  const option = optionxform(key);
  const raw = lookup(option);
  if (raw === undefined) return undefined;
  try {
    return { ok: true, value: new Interpolation(lookup, option).expand(raw, 1) };
  } catch (error) {
    if (error instanceof InterpolationFailure) return { ok: false, error: error.kind, message: error.message };
    throw error;
  }
}

/** configparser's MAX_INTERPOLATION_DEPTH. */
export const MAX_INTERPOLATION_DEPTH = 10;

type Lookup = (option: string) => string | undefined;

/** Each parse's sections as maps, made once: a checker asks for every key of a large file. */
const lookupMaps = new WeakMap<ParsedIni, Map<string, ReadonlyMap<string, string>>>();

function lookupOf(parsed: ParsedIni, section: string): Lookup | undefined {
  let maps = lookupMaps.get(parsed);
  if (maps === undefined) {
    maps = new Map(parsed.sections.map((each) => [each.name, new Map(each.options.map((option) => [option.key, option.value]))]));
    lookupMaps.set(parsed, maps);
  }
  const defaults = maps.get(DEFAULT_SECTION) ?? new Map<string, string>();
  if (section === DEFAULT_SECTION) return (option) => defaults.get(option);
  const own = maps.get(section);
  if (own === undefined) return undefined;
  return (option) => own.get(option) ?? defaults.get(option);
}

class InterpolationFailure extends Error {
  constructor(
    readonly kind: "interpolation-syntax" | "interpolation-missing-option" | "interpolation-depth" | "interpolation-too-large",
    message: string,
  ) {
    super(message);
  }
}

const CONSEQUENCE = "so the module that reads it fails";
const LITERAL = "write `%%` for a percent sign";

/**
 * `BasicInterpolation._interpolate_some`, walking the value once. A reference's expansion at a
 * given depth is the same every time it comes up, so it is kept: values that refer to each other
 * many times over cost what they hold, not what Python's walk through them would.
 */
class Interpolation {
  private readonly expansions = new Map<string, string | InterpolationFailure>();

  constructor(
    private readonly lookup: Lookup,
    private readonly option: string,
  ) {}

  expand(rest: string, depth: number): string {
    if (depth > MAX_INTERPOLATION_DEPTH) {
      throw new InterpolationFailure(
        "interpolation-depth",
        `the value of \`${this.option}\` nests \`%(name)s\` references more than ${MAX_INTERPOLATION_DEPTH} deep, or a reference leads back to itself; configparser raises InterpolationDepthError, ${CONSEQUENCE}`,
      );
    }
    let result = "";
    let index = 0;
    while (index < rest.length) {
      const percent = rest.indexOf("%", index);
      if (percent < 0) return result + rest.slice(index);
      result += rest.slice(index, percent);
      const next = rest[percent + 1];
      if (next === "%") {
        result += "%";
        index = percent + 2;
      } else if (next === "(") {
        // _KEYCRE, `%\(([^)]+)\)s`: a name up to the first `)`, then `s`.
        const close = rest.indexOf(")", percent + 2);
        if (close <= percent + 2 || rest[close + 1] !== "s") {
          throw new InterpolationFailure(
            "interpolation-syntax",
            `the value of \`${this.option}\` has a \`%(\` that does not start a \`%(name)s\` reference; configparser raises InterpolationSyntaxError, ${CONSEQUENCE}; ${LITERAL}`,
          );
        }
        result += this.reference(optionxform(rest.slice(percent + 2, close)), depth);
        index = close + 2;
        if (result.length > MAX_EXPANDED_LENGTH) {
          throw new InterpolationFailure(
            "interpolation-too-large",
            `the value of \`${this.option}\` expands through its \`%(name)s\` references to more than ${MAX_EXPANDED_LENGTH} characters; genpack-init would spend the machine's memory building it at every boot`,
          );
        }
      } else {
        throw new InterpolationFailure(
          "interpolation-syntax",
          `the value of \`${this.option}\` has a \`%\` that is neither \`%%\` nor a \`%(name)s\` reference; configparser raises InterpolationSyntaxError, ${CONSEQUENCE}; ${LITERAL}`,
        );
      }
    }
    return result;
  }

  private reference(name: string, depth: number): string {
    const value = this.lookup(name);
    if (value === undefined) {
      throw new InterpolationFailure(
        "interpolation-missing-option",
        `the value of \`${this.option}\` refers to \`%(${name})s\`, which is neither in its section nor in [DEFAULT]; configparser raises InterpolationMissingOptionError, ${CONSEQUENCE}; ${LITERAL}`,
      );
    }
    if (!value.includes("%")) return value;
    const memo = `${depth + 1}\u0000${name}`;
    let expansion = this.expansions.get(memo);
    if (expansion === undefined) {
      try {
        expansion = this.expand(value, depth + 1);
      } catch (error) {
        if (!(error instanceof InterpolationFailure)) throw error;
        expansion = error;
      }
      this.expansions.set(memo, expansion);
    }
    if (expansion instanceof InterpolationFailure) throw expansion;
    return expansion;
  }
}
