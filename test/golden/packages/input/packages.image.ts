// Two packages of the image's own: one with a package script, one with a genpack-init module
// and a systemd unit. gp compile writes their ebuilds into the artifact's overlay.
import { defineImage, definePackage, directory, file, text } from "genpack-ts";

export const helloTools = definePackage({
  category: "app-misc",
  name: "hello-tools",
  version: "1.0",
  description: "Greeting command and its configuration",
  homepage: "https://example.org/hello",
  license: "MIT",
  rdepend: "sys-apps/base",
  files: {
    "/usr/bin/hello": text('#!/bin/sh\n. /etc/hello.conf\necho "$greeting"\n', { mode: 0o755 }),
    "/etc/hello.conf": "greeting=hello\n",
    "/usr/share/hello": directory("./share"),
    "/usr/share/doc/hello-tools/README": "Run hello.\n",
  },
  packageScripts: {
    "10-greet.sh": "#!/bin/sh\n/usr/bin/hello > /etc/motd\n",
  },
});

export const helloService = definePackage({
  category: "app-misc",
  name: "hello-service",
  version: "20261126",
  description: "Greets at every boot",
  homepage: "https://example.org/hello",
  license: "MIT",
  iuse: { motd: { description: "Also write the greeting into /etc/motd", default: true } },
  rdepend: [helloTools, "motd? ( sys-apps/base )"],
  initModules: {
    "50hello.py": "import subprocess\n\ndef configure(ini):\n    subprocess.run(['/usr/bin/hello'], check=True)\n",
  },
  systemdUnits: { "hello.service": file("./hello.service") },
});

export default defineImage({
  name: "packages",
  profile: "paravirt",
  packages: [helloService],
  services: ["hello.service"],
});
