/**
 * genpack-ts: typed blueprints for genpack images. This entry point is the DSL alone: pure
 * functions and types, no I/O and no dependencies, safe to import from any profile package.
 */
export { defineImage } from "./image.js";
export type { Image } from "./image.js";
export { defineProfile } from "./profile.js";
export type { AnyProfile, Profile } from "./profile.js";
export { definePackage } from "./package.js";
export type { Dependencies, Dependency, Package, PackageSpec, PortageArch, PortageKeyword, SourceArchive, UseFlagDeclaration, UseFlagDeclarations } from "./package.js";
export { remove } from "./atoms.js";
export type { AtomPattern, PackageAtom, PackageEntry, PackageRemoval } from "./atoms.js";
export { directory, file, text } from "./files.js";
export type { FileMode, FileSource, InlineText, LocalDirectory, LocalFile, TreeSource } from "./files.js";
export { ARCHES } from "./arch.js";
export type { Arch, ArchCombination, ArchKey } from "./arch.js";
export { COMPRESSIONS } from "./compression.js";
export type { Compression } from "./compression.js";
export { PORTAGE_PROFILE_ARCHES, PORTAGE_PROFILES } from "./portage-profile.js";
export type { PortageProfile } from "./portage-profile.js";
export type { KeywordSetting, LicenseSetting, LicenseToken, Toggled, UseExpandGroups, UseExpandName, UseFlag, UseSetting, UseSettingOf } from "./use.js";
export type {
  AtomCompletions,
  AtomForm,
  AtomKeyed,
  AtomsToComplete,
  AtomToComplete,
  CatalogAtom,
  CheckedAtoms,
  CheckedKeyed,
  CheckedUse,
  HasCatalog,
  IsKnownAtom,
  KnownAtom,
  LicenseName,
  NotAnAtom,
  NotInCatalog,
  UseByAtom,
  UseExpandValueOf,
  UnknownAtom,
  UseSettingOfAtom,
  VersionOperator,
  Words,
} from "./catalog.js";
export type { AtomFieldTypes, CatalogAtomFields, CheckedAtomFields } from "./atom-fields.js";
export type { Group, User } from "./users.js";
export type {
  ArchBlock,
  ArchBlocks,
  ArtifactFields,
  ImageSpec,
  LayerFields,
  PortageFields,
  ProfileSpec,
  Variant,
  VariantArchBlock,
} from "./spec.js";
export type { BrandInfo } from "./brand.js";
export { genpackOverlaySettings } from "./genpack-overlay-settings.js";
export type {
  BoolSetting,
  EnumSetting,
  FormattedKind,
  FormattedSetting,
  InitModuleWithSettings,
  IntSetting,
  StringSetting,
  SystemIniKind,
  SystemIniSetting,
  SystemIniValue,
  SystemIniValues,
} from "./system-ini.js";
