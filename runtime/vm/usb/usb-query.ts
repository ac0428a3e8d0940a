import xpath from "xpath";
import type { Element, Node } from "@xmldom/xmldom";
import { quote } from "../../../errors/quote.js";
import type { UsbDevice } from "./usb-device.js";
import { usbDocument } from "./usb-document.js";

/** The devices a query selects, or why it selects none of anything. */
export type UsbQueryResult = { readonly devices: readonly UsbDevice[] } | { readonly problem: string };

/** What an XPath value is, for the message that says it selects no nodes. */
function describeValue(value: unknown): string {
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (typeof value === "string") return `the string ${quote(value)}`;
  return "a single value";
}

/**
 * Evaluates an XPath 1.0 expression (with the `xpath` library, on the document of
 * {@link usbDocument}) and gives the devices it selects: a selected `device` element, or any
 * node inside one (an interface, an attribute), counts for that device, once, in document
 * order. An expression that does not parse, or computes a number, string or boolean instead
 * of selecting nodes, is a problem with the library's reason.
 */
export function queryUsbDevices(devices: readonly UsbDevice[], expression: string): UsbQueryResult {
  if (expression.trim() === "") return { problem: "the query is empty; give an XPath such as //device[@idVendor='0781']" };
  const { document, elements } = usbDocument(devices);
  let selected: unknown;
  try {
    selected = xpath.select(expression, document as unknown as globalThis.Node);
  } catch (problem) {
    return { problem: `${quote(expression)} is not an XPath 1.0 query gp can run: ${(problem as Error).message}` };
  }
  if (!Array.isArray(selected)) return { problem: `${quote(expression)} computes ${describeValue(selected)}, not USB devices; write a path that selects device elements, such as //device[@idVendor='0781']` };
  const found = new Set<UsbDevice>();
  for (const node of selected as Node[]) {
    const device = owningDevice(node, elements);
    if (device !== undefined) found.add(device);
  }
  return { devices: devices.filter((device) => found.has(device)) };
}

/** The device a node belongs to: the device element itself or the nearest one around it (an attribute's through its element). */
function owningDevice(node: Node, elements: ReadonlyMap<Element, UsbDevice>): UsbDevice | undefined {
  let current: Node | null = node.nodeType === 2 ? (node as unknown as { ownerElement: Element | null }).ownerElement : node;
  while (current !== null) {
    const device = elements.get(current as Element);
    if (device !== undefined) return device;
    current = current.parentNode;
  }
  return undefined;
}
