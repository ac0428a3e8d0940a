export { collectCopyUpList, isExcludedPath, presentPath, ALWAYS_EXCLUDED_PREFIXES, DEVEL_ONLY_PATTERNS, DEVEL_ONLY_PREFIXES, EXTRA_TOPLEVEL_PATHS, type CopyUpList } from "./copy-up-list.js";
export { renderPackageBlock, renderPackagesFile, PACKAGES_METADATA_PATH } from "./genpack-metadata.js";
export { listPackageScripts, PACKAGE_SCRIPTS_PATH, type PackageScript } from "./package-scripts.js";
export {
  readGenpackSet,
  readProfilePackages,
  readProfileStack,
  readRepositories,
  setFile,
  ProfileStackError,
  type IgnoredProfileEntry,
  type ProfileNode,
  type ProfilePackages,
  type Repository,
} from "./profile-sets.js";
export { RootFs } from "./root-fs.js";
export {
  computeRuntimeClosure,
  isDevelRoot,
  rootSets,
  DEVEL_MARKER,
  IGNORE_ECLASS,
  NoMatchError,
  type AnyOfChoice,
  type ClosureEdge,
  type ClosurePackage,
  type PassedAlternative,
  type RuntimeClosure,
  type RuntimeClosureOptions,
  type UnsatisfiedGroup,
} from "./runtime-closure.js";
export {
  bestInstalledMatch,
  matchInstalled,
  parseContents,
  parseInstalledAtom,
  readContents,
  readInstalledPackages,
  readInstalledUse,
  readMetadata,
  AmbiguousPackageNameError,
  VDB_PATH,
  type ContentsEntry,
  type InstalledPackage,
  type InstalledPackages,
  type MetadataKey,
} from "./vdb.js";
