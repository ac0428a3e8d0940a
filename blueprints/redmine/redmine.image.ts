import { defineImage, directory, file } from "genpack-ts";

export default defineImage({
  name: "redmine",
  packages: [
    "genpack/paravirt",
    "dev-db/mysql",
    "mail-mta/postfix",
    "net-fs/samba",
    "dev-vcs/git",
    "dev-util/ragel",
    "dev-ruby/racc",
    "dev-ruby/rmagick",
    "dev-ruby/public_suffix",
    "dev-ruby/htmlentities",
    //"dev-ruby/ruby-openid", // removed from portage, it seems
    "dev-ruby/yard",
    "www-servers/puma",
    "dev-ruby/addressable",
    "dev-libs/openssl-compat", // needed by passenger
    "www-apache/passenger",
    "#dev-ruby/bundler", // a comment line in the set file, kept so it matches the original
  ],
  acceptKeywords: {
    "<mail-mta/postfix-3.12": null, // it looks running kernel and doesn't know Linux 7
  },
  use: {
    "www-apache/passenger": "apache2",
    "www-servers/apache": "APACHE2_MODULES: http2 proxy proxy_connect proxy_http proxy_ajp proxy_fcgi remoteip",
    "media-gfx/imagemagick": "jpeg lzma fontconfig postscript truetype tiff webp wmf zip",
    "net-libs/ngtcp2": "gnutls", // needed by samba
  },
  services: ["apache2", "mysqld", "postfix"],
  files: {
    "/var": directory("./files/var"),
  },
  buildScripts: {
    "apache-stub-ssl-cert.sh": file("./files/build.d/apache-stub-ssl-cert.sh"),
    "enable-passenger.sh": file("./files/build.d/enable-passenger.sh"),
    "redmine.sh": file("./files/build.d/redmine.sh"),
  },
});
