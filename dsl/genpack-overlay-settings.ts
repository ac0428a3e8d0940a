import type { SystemIniSetting } from "./system-ini.js";

/**
 * The system.ini keys read by the genpack-init modules genpack-overlay's packages install, and
 * by genpack-init itself, as they read them: for a layer's `systemIniSettings`. Every key sits
 * at the top of the file (section `_default`).
 */
export interface GenpackOverlaySettings {
  /**
   * What every image reads: genpack-init's own `debug` and `exec_guard`, and genpack/base's
   * `timezone`, `locale` and `ssh_pubkey`. gp declares these for every image itself.
   */
  readonly base: readonly SystemIniSetting[];
  /** genpack/systemimg's `hostname`, `autologin` and `swapfile`: profiles systemimg, baremetal, gnome/baremetal, raspberrypi, catalina. */
  readonly systemimg: readonly SystemIniSetting[];
  /**
   * genpack/paravirt's: none. Its modules read QEMU's fw_cfg (`opt/timezone`, `opt/lang`,
   * `opt/ssh-public-key`), and its `swapfile.py` turns on `/dev/vdc` when that is swap, whatever
   * system.ini says.
   */
  readonly paravirt: readonly SystemIniSetting[];
  /** net-wireless/wpa_supplicant_any80211's `50wifi.py`: the `wifi_*` keys. */
  readonly wifi: readonly SystemIniSetting[];
}

const INIT = "sys-apps/genpack-init";
const BASE = "genpack/base";
const SYSTEMIMG = "genpack/systemimg";
const WIFI = "net-wireless/wpa_supplicant_any80211";

const wifi = (setting: SystemIniSetting): SystemIniSetting => ({ ...setting, module: "50wifi.py", package: WIFI });

/** The keys of genpack-overlay's modules, by the package that brings them. */
export const genpackOverlaySettings: GenpackOverlaySettings = Object.freeze({
  base: Object.freeze<SystemIniSetting[]>([
    { key: "debug", kind: "bool", default: false, doc: "Log genpack-init and its modules at DEBUG level instead of INFO", module: "genpack-init", package: INIT },
    {
      key: "exec_guard",
      kind: "bool",
      default: true,
      doc: "Allow only programs of the image to run and make /usr read-only (builds with USE exec-guard); false turns both off",
      module: "genpack-init",
      package: INIT,
    },
    { key: "timezone", kind: "timezone", doc: "The timezone /etc/localtime links to, such as Asia/Tokyo", module: "timezone.py", package: BASE },
    { key: "locale", kind: "locale", doc: "LANG in /etc/locale.conf, such as ja_JP.UTF-8", module: "locale.py", package: BASE },
    {
      key: "ssh_pubkey",
      kind: "ssh-public-keys",
      doc: "SSH public keys added to authorized_keys of root and every login user, one per line (continuation lines indented)",
      module: "sshd.py",
      package: BASE,
    },
  ]),
  systemimg: Object.freeze<SystemIniSetting[]>([
    { key: "hostname", kind: "hostname", doc: "The host name written to /etc/hostname", module: "hostname.py", package: SYSTEMIMG },
    { key: "autologin", kind: "bool", doc: "true logs root in on tty1 without a password, false stops that; absent leaves it as it is", module: "autologin.py", package: SYSTEMIMG },
    { key: "swapfile", kind: "bool", default: true, doc: "Keep a swap file on the data partition (twice the RAM at most, 10% of free space); false deletes it", module: "swapfile.py", package: SYSTEMIMG },
  ]),
  paravirt: Object.freeze<SystemIniSetting[]>([]),
  wifi: Object.freeze<SystemIniSetting[]>([
    wifi({ key: "wifi_ssid", kind: "string", doc: "The Wi-Fi network to join; setting it turns Wi-Fi on" }),
    wifi({ key: "wifi_key", kind: "string", doc: "The WPA passphrase (the SAE password with WPA3); absent joins an open network" }),
    wifi({ key: "wifi_wpa3", kind: "bool", default: false, doc: "Use WPA3 (SAE, protected management frames)" }),
    wifi({ key: "wifi_sae_pwe", kind: "int", min: 0, max: 2, doc: "sae_pwe of wpa_supplicant: 0 hunting-and-pecking, 1 hash-to-element, 2 both (2 with WPA3 when absent)" }),
    wifi({ key: "wifi_country", kind: "string", pattern: "[A-Z]{2}|00", doc: "The regulatory country, an ISO 3166 code such as JP" }),
    wifi({ key: "wifi_systemd_config_file", kind: "string", pattern: "[^/\\s]+\\.network", default: "54-wlan.network", doc: "The name of the systemd-networkd file written for the Wi-Fi link" }),
    wifi({ key: "wifi_mdns", kind: "bool", default: true, doc: "MulticastDNS= on the Wi-Fi link" }),
    wifi({ key: "wifi_llmnr", kind: "bool", default: true, doc: "LLMNR= on the Wi-Fi link" }),
    wifi({ key: "wifi_ignore_dns", kind: "bool", default: false, doc: "Ignore the DNS servers DHCP offers on the Wi-Fi link" }),
    wifi({ key: "wifi_ignore_gateway", kind: "bool", default: false, doc: "Ignore the routes and gateway DHCP offers on the Wi-Fi link" }),
    wifi({ key: "wifi_required_for_online", kind: "string", doc: "RequiredForOnline= of the Wi-Fi link, such as no or routable" }),
  ]),
});
