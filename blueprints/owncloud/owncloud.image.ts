import { defineImage, directory, file } from "genpack-ts";

// ownCloud 10 on PHP 7.4 from Remi's EL9 collection (Gentoo has no PHP 7.4 any more).
// It builds on the bare arch profile with genpack/paravirt as a package, as the original does.
export default defineImage({
  name: "owncloud",
  packages: [
    "genpack/paravirt",
    // php74
    "www-servers/apache",
    "dev-libs/libedit",
    "media-libs/libaom",
    "dev-libs/libzip",
    "net-nds/openldap",
    "dev-libs/jansson",
    "x11-libs/libXpm",
    "media-libs/tiff-compat",
    "media-libs/libjpeg-turbo",
    "media-libs/libwebp",
    "dev-db/mysql",
    "mail-mta/postfix",
    "net-fs/samba",
    "media-video/ffmpeg",
    "dev-db/redis",
    "net-analyzer/zabbix",
    "dev-util/trace-cmd",
    "net-vpn/frp",
    "dev-libs/nss", // certutil (for trust-private-ca.py)
  ],
  buildtimePackages: [
    //"@php74"
    "app-arch/rpm2targz",
    "dev-util/patchelf",
    "app-misc/jq", // for parsing GitHub API response to detect latest ownCloud version
  ],
  acceptKeywords: {
    "net-vpn/frp": null,
  },
  use: {
    "www-servers/apache": "APACHE2_MODULES: http2 proxy proxy_connect proxy_http proxy_ajp proxy_fcgi remoteip",
    "net-analyzer/zabbix": "curl -frontend -mysql proxy -server snmp openipmi ssh libxml2 -postgres  sqlite",
    "net-analyzer/fping": "suid",
    "dev-libs/jemalloc": "stats",
    "net-libs/ngtcp2": "gnutls",
  },
  license: {
    "net-analyzer/fping": "fping",
    "dev-db/redis": "SSPL-1",
  },
  services: ["apache2", "mysqld", "postfix", "redis"],
  variants: {
    selftestable: {
      packages: ["dev-libs/weston-deferred", "www-client/google-chrome", "media-fonts/vlgothic"],
      use: {
        // for weston
        "*/*": "-X wayland",
        "sys-auth/seatd": "server",
        // for google-chrome
        "media-libs/libepoxy": "X",
        "x11-libs/gtk+": "X",
        "x11-libs/cairo": "X",
        "media-libs/libglvnd": "X",
        "app-text/xmlto": "text",
      },
      license: {
        "www-client/google-chrome": "google-chrome",
      },
      services: ["weston", "seatd"],
    },
  },
  files: {
    "/etc": directory("./files/etc"), // with cron.hourly/owncloud-cron
    "/usr": directory("./files/usr"), // with bin/owncloud-init and the genpack-init modules
    "/var/www/localhost/htdocs/config/config.php": file("./files/var/www/localhost/htdocs/config/config.php"),
  },
  buildScripts: {
    "50-php74.sh": file("./files/build.d/50-php74.sh"),
    "60-owncloud.sh": file("./files/build.d/60-owncloud.sh"),
    "occ.sh": file("./files/build.d/occ.sh"),
  },
});
// vm run --hostfwd=tcp::3000-:80 owncloud-$(uname -m).squashfs
