// expect: TS2322 @ 6:50
import { defineImage } from "genpack-ts";

export default defineImage({
  use: {
    "media-libs/mesa": ["vaapi", { VIDEO_CARDS: [1] }],
  },
});
