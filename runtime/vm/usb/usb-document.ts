import { DOMImplementation, XMLSerializer, type Document, type Element } from "@xmldom/xmldom";
import type { UsbDevice, UsbInterface } from "./usb-device.js";

/**
 * The host's USB devices as the XML document queries run on:
 *
 * ```xml
 * <usb>
 *   <device busnum="1" devnum="4" port="1-1.2" path="/dev/bus/usb/001/004" idVendor="0781" idProduct="5581"
 *           manufacturer="SanDisk" product="Ultra" serial="4C53…" class="00" subclass="00" protocol="00" speed="480" version="2.10" driver="usb">
 *     <interface number="00" altsetting="0" class="08" subclass="06" protocol="50" driver="usb-storage"/>
 *   </device>
 * </usb>
 * ```
 *
 * One `device` element per device, its attributes the fields of {@link UsbDevice} (an attribute
 * the device lacks is absent), one `interface` element per interface inside it. The document is
 * built node by node, never parsed from text, so no name a device reports can add markup.
 */
export interface UsbDocument {
  readonly document: Document;
  /** The devices, each with the element that stands for it. */
  readonly elements: ReadonlyMap<Element, UsbDevice>;
}

const DEVICE_ATTRIBUTES = ["busnum", "devnum", "port", "path", "idVendor", "idProduct", "bcdDevice", "manufacturer", "product", "serial", "class", "subclass", "protocol", "speed", "version", "driver"] as const satisfies readonly (keyof UsbDevice)[];
const INTERFACE_ATTRIBUTES = ["number", "altsetting", "class", "subclass", "protocol", "name", "driver"] as const satisfies readonly (keyof UsbInterface)[];

function setAttributes<T extends object>(element: Element, value: T, names: readonly (keyof T & string)[]): void {
  for (const name of names) {
    const attribute = value[name];
    if (attribute !== undefined) element.setAttribute(name, String(attribute));
  }
}

export function usbDocument(devices: readonly UsbDevice[]): UsbDocument {
  const document = new DOMImplementation().createDocument(null, "usb", null);
  const root = document.documentElement!;
  const elements = new Map<Element, UsbDevice>();
  for (const device of devices) {
    const element = document.createElement("device");
    setAttributes(element, device, DEVICE_ATTRIBUTES);
    for (const usbInterface of device.interfaces) {
      const child = document.createElement("interface");
      setAttributes(child, usbInterface, INTERFACE_ATTRIBUTES);
      element.appendChild(child);
    }
    root.appendChild(element);
    elements.set(element, device);
  }
  return { document, elements };
}

/** The document as text, one device (and each of its interfaces) to a line. */
export function usbDocumentText(devices: readonly UsbDevice[]): string {
  const { elements } = usbDocument(devices);
  const serializer = new XMLSerializer();
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<usb>"];
  for (const element of elements.keys()) {
    const children = Array.from(element.childNodes);
    if (children.length === 0) {
      lines.push(`  ${serializer.serializeToString(element)}`);
      continue;
    }
    const open = serializer.serializeToString(element.cloneNode(false));
    lines.push(`  ${open.replace(/\/>$/, ">")}`);
    for (const child of children) lines.push(`    ${serializer.serializeToString(child)}`);
    lines.push("  </device>");
  }
  lines.push("</usb>");
  return `${lines.join("\n")}\n`;
}
