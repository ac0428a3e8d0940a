import { posix } from "node:path";
import { checkAtom } from "../../../portage/atom.js";
import { atomKey, parseAtom } from "../../../portage/atom-match.js";
import { compareNames, RootFs } from "./root-fs.js";
import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { quote } from "../../../errors/quote.js";

/**
 * Package sets of a root filesystem as genpack reads them: `@profile` from the Portage profile
 * stack, every other set from `/etc/portage/sets/<name>`.
 */

/** A repository from repos.conf. */
export interface Repository {
  /** Its own name: `repo-name` in metadata/layout.conf, else profiles/repo_name, else the repos.conf section. */
  readonly name: string;
  /** Image path of its directory, symlinks resolved. */
  readonly location: string;
  /** `profile-formats` of metadata/layout.conf; Portage's default `portage-1-compat` when unset. */
  readonly profileFormats: readonly string[];
}

/** One directory of the profile stack. */
export interface ProfileNode {
  /** Image path of the profile directory. */
  readonly path: string;
  /** The repository holding it, undefined for a profile outside every repository. */
  readonly repository: string | undefined;
  /** The profile formats of its repository, which decide whether its `packages` feed @profile. */
  readonly formats: readonly string[];
  /** True for `/etc/portage/profile`, the user's own profile on top of the stack. */
  readonly userConfig: boolean;
}

/** Thrown when the profile stack cannot be read: a missing or empty parent, an unknown repository, a cycle. */
export class ProfileStackError extends GpError {
  constructor(
    message: string,
    /** Image path of the file at fault. */
    readonly file: string,
  ) {
    super(codes.brokenProfileStack, message, { location: { file } });
    this.name = "ProfileStackError";
  }
}

/** Entries of a `packages` file that Portage ignores with a warning. */
export interface IgnoredProfileEntry {
  /** Image path of the `packages` file. */
  readonly file: string;
  readonly entry: string;
  readonly reason: string;
}

export interface ProfilePackages {
  /**
   * `@profile`, as Portage's ProfilePackageSet: the entries without `*` of the `packages` files
   * of profiles whose repository lists `profile-set` in profile-formats (and the user profile),
   * stacked parents first.
   */
  readonly profile: readonly string[];
  /** For each entry of `profile`, the image path of the `packages` file that holds it. */
  readonly profileFiles: readonly string[];
  /** `@system`: the `*` entries of every profile's `packages`, stacked, without the `*`. */
  readonly system: readonly string[];
  readonly ignored: readonly IgnoredProfileEntry[];
}

const DEFAULT_REPOS_CONF = "[DEFAULT]\nmain-repo = gentoo\n\n[gentoo]\nlocation = /var/db/repos/gentoo\n";
const PROFILE_LINK = "/etc/portage/make.profile";
const DEPRECATED_PROFILE_LINK = "/etc/make.profile";
const USER_PROFILE = "/etc/portage/profile";
/** Profile formats that allow `repo:path` in parent files (Portage's `_allow_parent_colon`). */
const PARENT_COLON_FORMAT = "portage-2";

const fsOf = (root: string | RootFs) => (typeof root === "string" ? new RootFs(root) : root);

/**
 * Portage's `grabfile`: one entry per line, whitespace runs collapsed, empty lines, `#` lines and
 * everything from a word starting with `#` dropped.
 */
function grabLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    const words: string[] = [];
    for (const word of line.split(/\s+/)) {
      if (word === "") continue;
      if (word.startsWith("#")) break;
      words.push(word);
    }
    if (words.length > 0) lines.push(words.join(" "));
  }
  return lines;
}

/** A `key = value` file such as layout.conf, read as Portage's KeyValuePairFileLoader does. */
function readKeyValues(text: string | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of (text ?? "").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    values.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return values;
}

/** An INI file as Python's configparser reads repos.conf: sections, `key = value` or `key: value`, `#` and `;` comments. */
function readIni(text: string, into: Map<string, Map<string, string>>): void {
  let section: Map<string, string> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      const name = header[1] as string;
      section = into.get(name) ?? new Map<string, string>();
      into.set(name, section);
      continue;
    }
    const delimiter = line.search(/[=:]/);
    if (section === undefined || delimiter <= 0) continue;
    section.set(line.slice(0, delimiter).trim().toLowerCase(), line.slice(delimiter + 1).trim());
  }
}

/** The files of a config path that may be a file or a directory, as Portage's `_recursive_file_list` lists them. */
function configFiles(fs: RootFs, path: string): string[] {
  if (fs.isFile(path)) return [path];
  const names = fs.list(path);
  if (names === undefined) return [];
  return names
    .filter((name) => !name.startsWith(".") && !name.endsWith("~"))
    .sort(compareNames)
    .flatMap((name) => configFiles(fs, posix.join(path, name)));
}

/**
 * The repositories of repos.conf: Portage's defaults (`/usr/share/portage/config/repos.conf`,
 * or `gentoo` at `/var/db/repos/gentoo` when the root lacks it), then `/etc/portage/repos.conf`,
 * a file or a directory of files read in name order, later keys overriding earlier ones.
 */
export function readRepositories(root: string | RootFs): Repository[] {
  const fs = fsOf(root);
  const sections = new Map<string, Map<string, string>>();
  readIni(fs.readText("/usr/share/portage/config/repos.conf") ?? DEFAULT_REPOS_CONF, sections);
  for (const file of configFiles(fs, "/etc/portage/repos.conf")) readIni(fs.readText(file) ?? "", sections);

  const repositories: Repository[] = [];
  for (const [section, values] of sections) {
    const configured = values.get("location");
    if (section === "DEFAULT" || configured === undefined || configured === "") continue;
    const location = fs.realpath(configured);
    const layout = readKeyValues(fs.readText(`${location}/metadata/layout.conf`));
    const repoName = fs.readText(`${location}/profiles/repo_name`)?.split("\n")[0]?.trim();
    const name = layout.get("repo-name") || repoName || section;
    const formats = layout.get("profile-formats")?.split(/\s+/).filter((format) => format !== "");
    repositories.push({ name, location, profileFormats: formats ?? ["portage-1-compat"] });
  }
  return repositories;
}

/** `path` is inside `directory` (or is it). */
const isInside = (path: string, directory: string) => path === directory || path.startsWith(directory === "/" ? "/" : `${directory}/`);

/**
 * The profile stack, parents first, as Portage's LocationsManager builds it: the directory
 * `/etc/portage/make.profile` points to (or the older `/etc/make.profile`), its `parent` files
 * depth-first, then `/etc/portage/profile` when it exists. A parent is a path relative to the
 * profile, an absolute path, or (when the profile's repository uses `portage-2` profiles)
 * `repo:path` or `:path`, meaning `<repository>/profiles/path`. Empty when no profile is set.
 *
 * @throws ProfileStackError for a parent that is missing, empty or names an unknown repository.
 */
export function readProfileStack(root: string | RootFs, repositories: readonly Repository[] = readRepositories(root)): ProfileNode[] {
  const fs = fsOf(root);
  const link = [PROFILE_LINK, DEPRECATED_PROFILE_LINK].find((path) => fs.isDirectory(path));
  if (link === undefined) return [];
  const stack: ProfileNode[] = [];
  const visiting: string[] = [];

  const repositoryOf = (path: string) =>
    repositories.filter((repository) => isInside(path, repository.location)).sort((a, b) => b.location.length - a.location.length)[0];

  const add = (path: string) => {
    if (visiting.includes(path)) throw new ProfileStackError(`the profile ${path} is its own parent (through ${visiting.join(" → ")})`, `${path}/parent`);
    visiting.push(path);
    const repository = repositoryOf(path);
    const formats = repository?.profileFormats ?? [];
    // Outside every repository Portage allows `repo:path`; inside one, only with portage-2.
    const allowColon = repository === undefined || formats.includes(PARENT_COLON_FORMAT);
    const parentFile = `${path}/parent`;
    const parentText = fs.readText(parentFile);
    if (parentText !== undefined) {
      const parents = grabLines(parentText);
      if (parents.length === 0) throw new ProfileStackError(`the parent file ${parentFile} is empty`, parentFile);
      for (const written of parents) {
        let parent = written;
        const absolute = parent.startsWith("/");
        if (!absolute && allowColon) parent = expandColon(parent, parentFile, repository, repositories);
        parent = posix.resolve(path, parent);
        // A parent that leaves the repository may go through a symlink; Portage resolves it.
        if (absolute || repository === undefined || !isInside(parent, repository.location)) parent = fs.realpath(parent);
        if (fs.stat(parent) === undefined) throw new ProfileStackError(`the parent ${quote(written)} of ${path} does not exist (looked for ${parent})`, parentFile);
        add(parent);
      }
    }
    visiting.pop();
    stack.push({ path, repository: repository?.name, formats, userConfig: false });
  };

  add(fs.realpath(link));
  if (fs.stat(USER_PROFILE) !== undefined) {
    stack.push({ path: USER_PROFILE, repository: undefined, formats: ["profile-bashrcs", "profile-set"], userConfig: true });
  }
  return stack;
}

/** Portage's `_expand_parent_colon`: `repo:path` and `:path` name `<repository>/profiles/path`. */
function expandColon(parent: string, parentFile: string, current: Repository | undefined, repositories: readonly Repository[]): string {
  const colon = parent.indexOf(":");
  if (colon === -1) return parent;
  const name = parent.slice(0, colon);
  const repository = colon === 0 ? current : repositories.find((candidate) => candidate.name === name);
  if (repository === undefined) {
    const known = repositories.map((candidate) => candidate.name).join(", ") || "none";
    const problem = colon === 0 ? "the profile is in no repository" : `no repository is named ${quote(name)} in repos.conf (known: ${known})`;
    throw new ProfileStackError(`the parent ${quote(parent)} cannot be found: ${problem}`, parentFile);
  }
  return posix.join(repository.location, "profiles", parent.slice(colon + 1));
}

/**
 * Portage's `stack_lists` with increments: a later `-entry` removes an earlier `entry` of exactly
 * that spelling (so `-*atom` removes `*atom`), and `-*` removes everything so far.
 */
function stackEntries(lists: readonly (readonly string[])[]): string[] {
  const stacked = new Set<string>();
  for (const list of lists) {
    for (const entry of list) {
      if (entry === "-*") stacked.clear();
      else if (entry.startsWith("-")) stacked.delete(entry.slice(1));
      else stacked.add(entry);
    }
  }
  return [...stacked];
}

/** A profile's `packages` entries as Portage's `grabfile_package` keeps them: prefixes intact, invalid atoms dropped. */
function readPackagesFile(fs: RootFs, node: ProfileNode, ignored: IgnoredProfileEntry[]): string[] {
  const file = `${node.path}/packages`;
  const entries: string[] = [];
  for (const entry of grabLines(fs.readText(file) ?? "")) {
    if (entry === "-*") {
      entries.push(entry);
      continue;
    }
    const atom = entry.replace(/^-/, "").replace(/^\*/, "");
    const problem = checkAtom(atom);
    if (problem === undefined) entries.push(entry);
    else ignored.push({ file, entry, reason: problem });
  }
  return entries;
}

/**
 * The package entries of the profile stack: `@profile` and `@system`. genpack puts `@profile`
 * in the image and not `@system`, so the compiler and Portage stay out unless a runtime package
 * needs them.
 */
export function readProfilePackages(root: string | RootFs, stack?: readonly ProfileNode[]): ProfilePackages {
  const fs = fsOf(root);
  const ignored: IgnoredProfileEntry[] = [];
  const lists = (stack ?? readProfileStack(fs)).map((node) => ({ node, file: `${node.path}/packages`, entries: readPackagesFile(fs, node, ignored) }));
  const profileLists = lists.filter(({ node }) => node.formats.includes("profile-set"));
  const profile = stackEntries(profileLists.map(({ entries }) => entries)).filter((entry) => !entry.startsWith("*"));
  // The file that last added each entry: the one a user edits to change it.
  const files = new Map<string, string>();
  for (const { file, entries } of profileLists) for (const entry of entries) if (!entry.startsWith("-")) files.set(entry, file);
  const system = stackEntries(lists.map(({ entries }) => entries))
    .filter((entry) => entry.startsWith("*"))
    .map((entry) => entry.slice(1));
  return { profile, profileFiles: profile.map((entry) => files.get(entry) ?? ""), system, ignored };
}

/** Image path of a set file. */
export const setFile = (name: string) => `/etc/portage/sets/${name}`;

/** One entry of a package set, with the image path of the file it was read from. */
export interface SetEntry {
  readonly entry: string;
  readonly file: string;
}

/**
 * A package set as genpack's `get_package_set` reads it. `profile` is `@profile` reduced to
 * `category/name` (genpack applies `dep_getkey`, so versions and slots in profiles do not narrow
 * the match). Any other name is `/etc/portage/sets/<name>`: one entry per line, text from `#`
 * on dropped, blank lines skipped; empty when the file is missing.
 */
export function readGenpackSetEntries(root: string | RootFs, name: string): SetEntry[] {
  const fs = fsOf(root);
  if (name === "profile") {
    const { profile, profileFiles } = readProfilePackages(fs);
    const entries = new Map<string, string>();
    profile.forEach((entry, index) => {
      const key = atomKey(parseAtom(entry));
      if (!entries.has(key)) entries.set(key, profileFiles[index] ?? "");
    });
    return [...entries].map(([entry, file]) => ({ entry, file }));
  }
  const file = setFile(name);
  if (!fs.isFile(file)) return [];
  return (fs.readText(file) ?? "")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "")
    .map((entry) => ({ entry, file }));
}

/** The entries of a package set, as `readGenpackSetEntries` reads them. */
export function readGenpackSet(root: string | RootFs, name: string): string[] {
  return readGenpackSetEntries(root, name).map(({ entry }) => entry);
}
