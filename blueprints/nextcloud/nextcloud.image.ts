import { defineImage, directory, file } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

// Nextcloud on Gentoo's PHP, Apache (prefork), MySQL and Redis; reachable on vsock port 80.
// Variants "31", "32", "33" pin the Nextcloud major version; "selftestable" adds a browser.
// The corpus has only this artifact's genpack.json5; the build scripts and the files below are
// written after the upstream repository's files of the same names.
export default defineImage({
  name: "nextcloud",
  extends: paravirt,
  packages: [
    "dev-lang/php",
    "dev-php/PEAR-PEAR",
    "dev-php/pecl-imagick",
    "dev-php/pecl-redis",
    "dev-php/pecl-apcu",
    "dev-db/mysql",
    "mail-mta/postfix",
    "media-video/ffmpeg",
    "dev-db/redis",
    "net-fs/samba", // for php-smbclient
    "net-analyzer/zabbix",
    "dev-util/trace-cmd",
    "net-libs/nodejs",
    "dev-vcs/git",
    "net-vpn/frp",
  ],
  buildtimePackages: [
    "dev-build/autoconf", // needed by nextcloud.sh (pecl install smbclient)
  ],
  acceptKeywords: {
    "net-vpn/frp": null,
  },
  use: {
    // PHP is built without ZTS (no 'threads' flag) and Apache uses prefork MPM.
    // Threaded MPM (event) requires PHP ZTS, but ZTS-compatible builds of pecl-imagick
    // and pecl-redis are not available in Portage, preventing HEIC previews and Redis
    // session locking from working. Prefork trades some memory efficiency for full
    // extension compatibility.
    // http2 is explicitly disabled because mod_http2 does not work with prefork MPM.
    // TLS and HTTP/2 termination are handled upstream by the reverse proxy.
    "dev-lang/php": "apache2 bcmath truetype xmlreader sysvipc sockets xmlwriter mysqli fpm gd png jpeg webp mysql -postgres xslt zip pdo pcntl sysvipc curl sqlite sharedmem tidy exif -cjk intl ldap ftp gmp imap soap sodium",
    "app-eselect/eselect-php": "apache2 fpm",
    "www-servers/apache": "APACHE2_MODULES: -http2 proxy proxy_connect proxy_http proxy_ajp proxy_fcgi remoteip APACHE2_MPMS: prefork",
    "media-libs/freetype": "harfbuzz",
    "media-libs/gd": "truetype webp",
    "net-libs/nodejs": "npm",
    "net-analyzer/zabbix": "curl -frontend -mysql proxy -server snmp openipmi ssh libxml2 -postgres  sqlite",
    "net-analyzer/fping": "suid",
    "dev-libs/jemalloc": "stats",
    "media-libs/libheif": "x265",
    "media-gfx/imagemagick": "heif jpeg png tiff svg xml webp truetype lcms postscript -openmp", // pecl-imagick requests openmp to be disabled; jpeg+png needed for HEIC preview conversion
    "media-video/ffmpeg": "mp3 xvid x264 x265 vpx theora truetype v4l vorbis webp vdpau fontconfig librtmp",
    "net-libs/ngtcp2": "gnutls",
  },
  license: {
    "net-analyzer/fping": "fping",
    "dev-db/redis": "SSPL-1",
  },
  services: ["apache2", "mysqld", "postfix", "redis", "vsock-export-apache"],
  setupCommands: [
    "sed -i 's/-D SSL //' /etc/conf.d/apache2",
    "echo '*/5 * * * * php -f /var/www/localhost/htdocs/cron.php' | crontab -u apache -",
  ],
  files: {
    "/etc": directory("./files/etc"),
    "/usr": directory("./files/usr"),
    "/var/www/localhost/htdocs/config/config.php": file("./files/var/www/localhost/htdocs/config/config.php"),
  },
  buildScripts: {
    "apache-mpm-tuning.sh": file("./files/build.d/apache-mpm-tuning.sh"),
    "nextcloud.sh": file("./files/build.d/nextcloud.sh"),
  },
  variants: {
    "31": {},
    "32": {},
    "33": {},
    selftestable: {
      // genpack itself builds this variant with the top-level profile (gp warns GP3034).
      profile: "weston/paravirt",
      packages: ["www-client/google-chrome", "media-fonts/vlgothic"],
      license: {
        "www-client/google-chrome": "google-chrome",
      },
      users: [
        {
          name: "user",
          uid: 1000,
          additionalGroups: ["wheel", "pcap"],
          emptyPassword: true,
        },
      ],
    },
  },
});
