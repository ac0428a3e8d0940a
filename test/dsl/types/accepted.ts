// Everything here must type-check: the forms a blueprint may use.
import { defineImage, definePackage, defineProfile, directory, file, remove, text, type Image, type ImageSpec, type Package, type PackageAtom, type Profile, type ProfileSpec } from "genpack-ts";

const base: Profile = defineProfile({
  profile: "paravirt",
  packages: ["app-misc/screen"],
  users: ["operator"],
});

const fragment = defineProfile({ extends: base, services: ["sshd"] });

export const image: Image = defineImage({
  name: "everything",
  extends: [base, fragment],
  profile: "baremetal",
  outfile: "everything.squashfs",
  compression: "gzip",
  packages: ["www-apps/nextcloud", ">=dev-lang/php-8.2", "dev-lang/python:3.12", remove("app-editors/nano")],
  buildtimePackages: ["dev-build/autoconf"],
  buildtimePackagesFirst: true,
  binpkgExcludes: "sys-kernel/gentoo-kernel",
  use: {
    "dev-lang/php": "+mysql +curl",
    "media-libs/mesa": ["vaapi", "-X", { VIDEO_CARDS: ["virgl", "zink"] }],
    "sys-boot/grub": { GRUB_PLATFORMS: ["pc", "efi-32"] },
    "*/*": null,
  },
  acceptKeywords: { "net-vpn/frp": null, "dev-util/foo": "**", "dev-util/bar": ["~amd64", "~arm64"] },
  mask: [">=dev-lang/python-3.15"],
  license: { "sys-kernel/linux-firmware": "linux-fw-redistributable" },
  env: { "media-libs/mesa": "debug.conf", "dev-lang/php": ["a.conf", "b.conf"] },
  envFiles: { "debug.conf": 'FEATURES="splitdebug"\n', "a.conf": "", "b.conf": "" },
  users: [
    "plain",
    {
      name: "nextcloud",
      uid: 1000,
      comment: "Nextcloud",
      home: "/home/nextcloud",
      shell: "/bin/bash",
      initialGroup: "users",
      additionalGroups: ["wheel", "video"],
      createHome: true,
      emptyPassword: false,
    },
  ],
  groups: ["media", { name: "pcap", gid: 900 }],
  services: ["apache2", "mysqld"],
  setupCommands: ["echo hi"],
  lowerLayerCapacity: 64,
  independentBinpkgs: false,
  circulardepBreaker: { packages: ["media-libs/freetype"], use: "-harfbuzz" },
  arch: {
    x86_64: { packages: ["sys-apps/memtest86-bin"], kernelConfig: { "zz-x86.config": "CONFIG_X=y\n" } },
    "x86_64|aarch64": { use: { "a/b": "c" }, setupCommands: ["true"] },
    aarch64: { acceptKeywords: { "app-emulation/qemu-guest-agent": null } },
  },
  variants: {
    cuda: {
      name: "everything-cuda",
      profile: "paravirt",
      outfile: "cuda.squashfs",
      buildtimePackagesFirst: false,
      packages: ["dev-util/nvidia-cuda-toolkit", remove("app-misc/screen")],
      users: [{ name: "gpu" }],
      groups: ["gpu"],
      arch: { x86_64: { env: { "sci-ml/caffe2": "debug.conf" } } },
    },
    "31": {},
  },
  defaultVariant: "cuda",
  files: {
    "/etc/motd": "hello\n",
    "/usr/bin/hello": text("#!/bin/sh\necho hello\n", { mode: 0o755 }),
    "/etc/app.yaml": file("./app.yaml"),
    "/": directory("./files"),
  },
  buildScripts: { "10-setup.sh": "echo setup\n", "20-run": file("./run", { mode: 0o755 }) },
  userBuildScripts: { nextcloud: { "occ.sh": "php occ\n" } },
  kernelConfig: { "vsock.config": "CONFIG_VSOCKETS=y\n" },
  savedconfig: { "sys-kernel/linux-firmware": file("./linux-firmware") },
  patches: { "x11-wm/mutter": { "fix.patch": file("./fix.patch") }, "media-video/obs-studio": directory("./obs-patches") },
});

// A package of the image's own: every field, and the forms each takes.
export const tools: Package = definePackage({
  category: "app-misc",
  name: "hello-tools",
  version: "1.0_p20260807",
  description: "Helper scripts",
  homepage: ["https://example.org/", "https://example.com/"],
  license: "|| ( MIT Apache-2.0 )",
  slot: "0/1",
  keywords: ["amd64", "~arm64"],
  iuse: ["+ssl", "doc"],
  depend: "ssl? ( dev-libs/openssl:= )",
  rdepend: ["|| ( app-misc/a app-misc/b )", ">=dev-lang/python-3.12"],
  pdepend: [],
  bdepend: "virtual/pkgconfig",
  files: { "/etc/hello.conf": "x=1\n", "/usr/bin/hello": text("#!/bin/sh\n", { mode: 0o755 }), "/usr/share/hello": directory("./files") },
  packageScripts: { "setup.sh": "#!/bin/sh\n", "dev-db/mysql/tune.sh": file("./run") },
  initModules: { "50hello.py": "def configure(ini):\n    pass\n" },
  systemdUnits: { "hello.service": "[Service]\nExecStart=/usr/bin/hello\n", "hello.service.d/override.conf": "[Service]\n" },
  sources: [{ url: "https://example.org/hello-1.0.tar.gz", name: "hello.tar.gz", size: 1, blake2b: "0".repeat(128), sha512: "0".repeat(128) }],
  install: "dobin hello",
});

export const withDescriptions = definePackage({
  category: "app-misc",
  name: "hello",
  version: "2",
  description: "Hello",
  iuse: { debug: "Log more", ssl: { description: "Use TLS", default: true } },
  rdepend: tools,
});

export const withOwnPackages: Image = defineImage({
  packages: [withDescriptions, "app-misc/screen"],
  buildtimePackages: [tools],
  variants: { big: { packages: [tools] } },
  arch: { x86_64: { packages: [withDescriptions] } },
});

// Specs and lists held in variables, passed whole or spread.
const shared: ImageSpec = { packages: ["app-misc/screen"], use: { "media-libs/mesa": ["vaapi"] }, acceptKeywords: { "net-vpn/frp": null } };
export const fromVariable: Image = defineImage(shared);
const common: ProfileSpec = { mask: ["app-misc/nano"], license: { "sys-kernel/linux-firmware": "linux-fw-redistributable" } };
export const profileFromVariable: Profile = defineProfile(common);
export const fromSpread: Image = defineImage({ ...shared, name: "spread", packages: [...(shared.packages ?? []), "app-misc/tmux"] });
const someAtoms: readonly PackageAtom[] = ["app-misc/screen"];
export const fromAtomList: Image = defineImage({ packages: someAtoms, mask: [...someAtoms, "app-misc/nano"] });
