// expect: GP3028 @ 5:23
import { defineImage } from "genpack-ts";

export default defineImage({
  lowerLayerCapacity: 0,
});
