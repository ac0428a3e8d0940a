import { describe, expect, it } from "vitest";
import { checkAtom, checkPackageDirectory } from "../../portage/atom.js";

describe("package atoms", () => {
  it.each([
    "www-apps/nextcloud",
    ">=dev-lang/php-8.2",
    "<sys-kernel/gentoo-kernel-bin-7",
    "=dev-libs/wayland-protocols-1.49",
    "=dev-util/rocm-smi-6.4.1",
    "=sys-devel/gcc-14*",
    "~dev-lang/python-3.12.1",
    "dev-lang/python:3.12",
    "dev-libs/openssl:0/3",
    "dev-lang/perl:=",
    "sys-apps/systemd::gentoo",
    "media-libs/mesa[vulkan,-X]",
    "dev-qt/qtbase:6[gui]",
    "sci-ml/FP16",
    "dev-php/PEAR-PEAR",
    "dev-util/hipBLAS-common",
    "x11-libs/gtk+",
    "media-libs/libsdl2",
    "app-emulation/qemu-guest-agent",
    "dev-lang/php-8.2.1-r3".replace(/^/, "="),
  ])("accepts %s", (atom) => {
    expect(checkAtom(atom)).toBeUndefined();
  });

  it.each([
    ["nextcloud", "needs a category"],
    ["dev-lang/php-8.2", "add an operator"],
    [">=dev-lang/php", "needs a version"],
    ["dev lang/php", "whitespace"],
    ["a/b/c", "exactly one"],
    ["~dev-lang/python-3.12-r1", "without a revision"],
    ["!dev-lang/php", "blockers"],
    ["-dev/x", "not a valid category"],
    ["dev-lang/php:", "not a valid slot"],
    ["dev-lang/php[", "must end with"],
    ["dev-lang/php::", "not a valid repository"],
  ])("rejects %s (%s)", (atom, reason) => {
    expect(checkAtom(atom)).toContain(reason);
  });

  it("accepts wildcards only where Portage does, in package.* keys", () => {
    expect(checkAtom("*/*", { wildcards: true })).toBeUndefined();
    expect(checkAtom("dev-php/*", { wildcards: true })).toBeUndefined();
    expect(checkAtom("*/*")).toBeDefined();
  });

  it("checks patch directories as category/package[-version]", () => {
    expect(checkPackageDirectory("x11-wm/mutter")).toBeUndefined();
    expect(checkPackageDirectory("gnome-extra/gnome-browser-connector-42.1")).toBeUndefined();
    expect(checkPackageDirectory("mutter")).toBeDefined();
  });
});
