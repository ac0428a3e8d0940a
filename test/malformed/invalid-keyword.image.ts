// expect: GP3027 @ 5:45
import { defineImage } from "genpack-ts";

export default defineImage({
  acceptKeywords: { "dev-util/debootstrap": "~amd64!" },
});
