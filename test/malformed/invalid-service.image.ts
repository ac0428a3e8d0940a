// expect: GP3017 @ 5:22
import { defineImage } from "genpack-ts";

export default defineImage({
  services: ["sshd", "apache 2"],
});
