// Every statement here is a misuse the type checker must reject: an unused @ts-expect-error is
// itself an error, so each line below proves one rejection.
import { defineImage, definePackage, defineProfile, remove } from "genpack-ts";

const base = defineProfile({ profile: "paravirt" });

export const misspelledField = defineImage({
  // @ts-expect-error `pakages` is not a field; the editor offers `packages`.
  pakages: ["www-apps/nextcloud"],
});

export const wrongCompression = defineImage({
  // @ts-expect-error genpack offers gzip, xz, lzo and none.
  compression: "zstd",
});

export const useExpandNumber = defineImage({
  // @ts-expect-error USE_EXPAND values are strings.
  use: { "media-libs/mesa": { VIDEO_CARDS: [1] } },
});

export const unknownUseExpand = defineImage({
  // @ts-expect-error VIDEO_CARD is not a USE_EXPAND variable.
  use: { "media-libs/mesa": { VIDEO_CARD: ["virgl"] } },
});

export const usersInArchBlock = defineImage({
  // @ts-expect-error genpack does not merge users inside an arch block.
  arch: { x86_64: { users: [{ name: "a" }] } },
});

export const profileInArchBlock = defineImage({
  // @ts-expect-error genpack does not merge the Portage profile inside an arch block.
  arch: { aarch64: { profile: "paravirt" } },
});

export const kernelConfigInVariant = defineImage({
  // @ts-expect-error kernel config fragments are per arch, not per variant.
  variants: { debug: { kernelConfig: { "debug.config": "CONFIG_DEBUG=y\n" } } },
});

export const unknownArch = defineImage({
  // @ts-expect-error genpack names the 64-bit PC arch x86_64.
  arch: { amd64: { packages: ["a/b"] } },
});

export const atomWithoutCategory = defineImage({
  // @ts-expect-error an atom needs its category.
  packages: ["nextcloud"],
});

export const unknownPortageProfile = defineImage({
  // @ts-expect-error the Portage profile is a closed set.
  profile: "paravrit",
});

export const uidAsString = defineImage({
  // @ts-expect-error uid is a number.
  users: [{ name: "a", uid: "1000" }],
});

export const userFieldInSnakeCase = defineImage({
  // @ts-expect-error blueprints use camelCase.
  users: [{ name: "a", empty_password: true }],
});

export const plainObjectAsProfile = defineImage({
  // @ts-expect-error only profiles made with defineProfile can be extended.
  extends: { packages: ["a/b"] },
});

export const imageAsProfile = defineImage({
  // @ts-expect-error an image cannot be extended.
  extends: defineImage({}),
});

// @ts-expect-error a profile cannot name the image.
export const profileWithName = defineProfile({ name: "x" });

export const removalOfNonAtom = defineImage({
  // @ts-expect-error removals take atoms too.
  packages: [remove("nano")],
});

export const relativeImagePath = defineImage({
  // @ts-expect-error paths in the image are absolute.
  files: { "etc/motd": "hi" },
});

export const kernelConfigName = defineImage({
  // @ts-expect-error kernel config fragments end in .config.
  kernelConfig: { vsock: "CONFIG_VSOCKETS=y\n" },
});

export const setupCommandsObject = defineImage({
  // @ts-expect-error setup commands are strings (genpack skips objects).
  setupCommands: [{ command: "true" }],
});

export const booleanCapacity = defineImage({
  // @ts-expect-error the lower layer capacity is a number of GiB.
  lowerLayerCapacity: true,
});

export const extendsBase = defineImage({ extends: base });

// @ts-expect-error a package needs a description.
export const packageWithoutDescription = definePackage({ category: "app-misc", name: "a", version: "1" });

export const unknownPackageKeyword = definePackage({
  category: "app-misc",
  name: "a",
  version: "1",
  description: "A",
  // @ts-expect-error amd65 is no arch genpack builds for.
  keywords: ["amd65"],
});

export const relativePackageFile = definePackage({
  category: "app-misc",
  name: "a",
  version: "1",
  description: "A",
  // @ts-expect-error files are named by absolute paths in the image.
  files: { "etc/a.conf": "x" },
});

export const initModuleWithoutSuffix = definePackage({
  category: "app-misc",
  name: "a",
  version: "1",
  description: "A",
  // @ts-expect-error genpack-init loads *.py modules only.
  initModules: { hello: "def configure(): pass" },
});

export const plainObjectAsPackage = defineImage({
  // @ts-expect-error only definePackage() makes a package; a look-alike object is not one.
  packages: [{ category: "app-misc", name: "a", version: "1", description: "A" }],
});

export const packageAsRemoval = defineImage({
  // @ts-expect-error remove() takes an atom string.
  packages: [remove(definePackage({ category: "app-misc", name: "a", version: "1", description: "A" }))],
});

export const packagesNotAList = defineImage({
  // @ts-expect-error packages is a list, even of one atom.
  packages: "app-misc/screen",
});

export const packageInMask = defineProfile({
  // @ts-expect-error mask takes atoms only; a package made with definePackage() is not one.
  mask: [definePackage({ category: "app-misc", name: "a", version: "1", description: "A" })],
});

export const keyedFieldWithoutCategory = defineProfile({
  // @ts-expect-error the keys of a package.* field are atoms, with their category.
  acceptKeywords: { frp: null },
});

export const useKeyWithoutCategory = defineImage({
  // @ts-expect-error the keys of use are atoms, with their category.
  use: { mesa: ["vaapi"] },
});

const boardOnly = defineProfile({ profile: "raspberrypi", arches: ["aarch64"] });

export const archBlockForAnArchTheProfileLacks = defineImage({
  extends: boardOnly,
  // @ts-expect-error the profile exists for aarch64 only, so an x86_64 block would never apply.
  arch: { x86_64: { packages: ["sys-apps/memtest86-bin"] } },
});

export const variantArchBlockForAnArchTheProfileLacks = defineImage({
  extends: boardOnly,
  // @ts-expect-error the same inside a variant.
  variants: { debug: { arch: { x86_64: { packages: ["dev-util/gdb"] } } } },
});

