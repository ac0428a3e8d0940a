/**
 * Detached signatures of images, OpenPGP or SSH, as the command line and every door that takes
 * an image (gp install, gp install --self-update, gp vm run) use them: made by gp sign, checked
 * by gp verify and by `--signed-by` before anything is written or started.
 */
export { signImage } from "./sign-image.js";
export type { SignImageRequest, SignedImage, SigningKey } from "./sign-image.js";
export { defaultSignaturePath, verifyImageSignature } from "./verify-image.js";
export type { GoodImageSignature, SignatureCheck } from "./verify-image.js";
export { KIND_NAMES } from "./signature-kind.js";
export type { SignatureKind } from "./signature-kind.js";
export { SignatureProblem } from "./signature-problem.js";
