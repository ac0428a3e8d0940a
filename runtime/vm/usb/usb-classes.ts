/**
 * Names of the USB class codes (usb.org's "Defined Class Codes"), for people reading a list of
 * devices; queries use the codes.
 */
const CLASS_NAMES: Readonly<Record<string, string>> = {
  "01": "audio",
  "02": "communications",
  "03": "hid",
  "05": "physical",
  "06": "image",
  "07": "printer",
  "08": "mass-storage",
  "09": "hub",
  "0a": "cdc-data",
  "0b": "smart-card",
  "0d": "content-security",
  "0e": "video",
  "0f": "healthcare",
  "10": "audio-video",
  "11": "billboard",
  "12": "type-c-bridge",
  dc: "diagnostic",
  e0: "wireless",
  ef: "miscellaneous",
  fe: "application",
  ff: "vendor",
};

/** `08` is `mass-storage`; a code without a name is itself. */
export function usbClassName(code: string): string {
  return Object.hasOwn(CLASS_NAMES, code) ? CLASS_NAMES[code]! : code;
}
