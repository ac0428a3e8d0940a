import { optionValue as value } from "./qemu-arguments.js";
import { VNC_BASE_PORT, type Screen } from "./screen.js";

function displayArgument(screen: Screen): string {
  if (screen.display === "egl-headless") return `egl-headless${screen.renderNode === undefined ? "" : `,rendernode=${value(screen.renderNode)}`}`;
  if (screen.display === "none") return "none";
  return `${screen.display}${screen.virgl ? ",gl=on" : ""}`;
}

/**
 * QEMU's arguments for a VM's screen; without one, `-display none` and no graphics card. The
 * keyboard and tablet are virtio devices, which need no USB controller and work on every
 * board; the tablet gives absolute pointer positions, so a VNC or SPICE pointer lands where it
 * is shown. SPICE gets its agent's channel, for copy and paste and resizing with the window.
 */
export function screenArguments(screen: Screen | undefined): string[] {
  if (screen === undefined) return ["-display", "none"];
  const args = ["-display", displayArgument(screen), "-device", screen.device, "-device", "virtio-keyboard-pci", "-device", "virtio-tablet-pci"];
  if (screen.vnc !== undefined) {
    args.push("-vnc", screen.vnc.kind === "unix" ? `unix:${value(screen.vnc.path)}` : `${screen.vnc.host}:${screen.vnc.port - VNC_BASE_PORT}`);
  }
  if (screen.spice !== undefined) {
    const listen = screen.spice.kind === "unix" ? `unix=on,addr=${value(screen.spice.path)}` : `port=${screen.spice.port},addr=${screen.spice.host}`;
    args.push(
      "-spice", `${listen},disable-ticketing=on`,
      "-device", "virtio-serial-pci,id=spice-serial0",
      "-chardev", "spicevmc,id=vdagent0,name=vdagent",
      "-device", "virtserialport,bus=spice-serial0.0,chardev=vdagent0,name=com.redhat.spice.0",
    );
  }
  return args;
}
