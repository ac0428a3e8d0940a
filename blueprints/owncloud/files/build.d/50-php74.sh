#!/bin/sh
# ownCloud 10 needs PHP 7.4, which Gentoo no longer carries. Install Remi's
# php74 software collection for EL9 (it lives below /opt/remi/php74), and put
# the EL9/EPEL/Fedora libraries it was linked against into the collection's
# own root, where an RPATH makes its binaries find them before Gentoo's.
set -e

arch=$(uname -m)
mirror=http://ftp.riken.jp/Linux
scl_root=/opt/remi/php74/root
workdir=$(mktemp -d)

# fetch REPOSITORY_URL SUBDIR PACKAGE...: newest RPM of each package
fetch() {
  repo=$1
  dest=$workdir/$2
  shift 2
  mkdir -p "$dest"
  for pkg in "$@"; do
    download "$(get-rpm-download-url "$repo" "$pkg")" > "$dest/$pkg.rpm"
  done
}

# PHP itself and its extensions, unpacked onto /
php_pkgs=
for ext in php php-common php-intl php-pdo php-mysqlnd php-gd php-json php-xml \
    php-mbstring php-fpm php-cli php-process php-smbclient php-pecl-zip php-pecl-apcu \
    php-pecl-redis6 php-pecl-igbinary php-pecl-msgpack; do
  php_pkgs="$php_pkgs php74-$ext"
done
fetch "$mirror/remi/enterprise/9/safe/$arch/" scl $php_pkgs

# Libraries the collection needs, unpacked into its root
fetch "$mirror/remi/enterprise/9/safe/$arch/" libs oniguruma5php gd3php libavif libicu74
fetch "$mirror/centos-stream/9-stream/BaseOS/$arch/os/" libs \
  libxml2 libsmbclient samba-client-libs samba-common-libs libwbclient libicu libtevent libldb
fetch "$mirror/centos-stream/9-stream/AppStream/$arch/os/" libs libxslt
fetch "$mirror/fedora/epel/9/Everything/$arch/" libs libraqm svt-av1-libs liblzf libimagequant
fetch "https://archives.fedoraproject.org/pub/archive/fedora/linux/releases/39/Everything/$arch/os/" libs libdav1d

for rpm in "$workdir"/scl/*.rpm; do rpm2targz -O "$rpm" | tar -xzf - -C /; done
for rpm in "$workdir"/libs/*.rpm; do rpm2targz -O "$rpm" | tar -xzf - -C "$scl_root"; done
rm -rf "$workdir"

# findelf (genpack-progs) lists the ELF files below a directory.
findelf "$scl_root" | xargs -I {} patchelf --set-rpath "$scl_root/usr/lib64:$scl_root/usr/lib64/samba" {}

# MySQL's socket is where Gentoo puts it.
sed -i \
  -e 's|^pdo_mysql\.default_socket=.*|pdo_mysql.default_socket=/run/mysqld/mysqld.sock|' \
  -e 's|^mysqli\.default_socket =.*|mysqli.default_socket = /run/mysqld/mysqld.sock|' \
  /etc/opt/remi/php74/php.ini

chown -R root:apache /var/opt/remi/php74/lib/php/opcache \
  /var/opt/remi/php74/lib/php/session /var/opt/remi/php74/lib/php/wsdlcache

# Apache passes PHP requests to php74-php-fpm with Remi's own snippet.
if [ -d /etc/apache2/modules.d ]; then
  ln -s /etc/httpd/conf.d/php74-php.conf /etc/apache2/modules.d/70_remi_php74_php.conf
fi

# "php" on the PATH is the collection's.
printf '#!/bin/sh\nexec %s/usr/bin/php "$@"\n' "$scl_root" > /usr/bin/php
chmod 0755 /usr/bin/php
