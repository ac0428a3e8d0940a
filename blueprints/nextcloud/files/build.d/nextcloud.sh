#!/bin/sh
# Nextcloud on Gentoo's PHP and Apache: database, the smbclient extension
# (for external SMB storage), PHP and OPcache settings, and the Nextcloud
# release in the document root. Installing Nextcloud itself is left to the
# first visit of its web page.
set -e

# Database "nextcloud" for a MySQL user of the same name that logs in through
# the Unix socket; with-mysql (genpack-progs) runs a temporary mysqld.
sql=$(mktemp)
cat > "$sql" <<'SQL'
CREATE DATABASE `nextcloud`;
CREATE USER `nextcloud`@localhost;
GRANT ALL PRIVILEGES ON `nextcloud`.* TO `nextcloud`@localhost;
SQL
with-mysql --mysql-plugin=auth_socket.so "mysql -u root < $sql"
rm -f "$sql"

# smbclient from PECL; phpize needs autoconf (a buildtime package).
download https://pecl.php.net/get/smbclient > /tmp/smbclient.tgz
pecl install /tmp/smbclient.tgz
rm -f /tmp/smbclient.tgz

cli_dir=/etc/php/cli-$(eselect php show cli)
apache_dir=/etc/php/apache2-$(eselect php show apache2)
for dir in "$cli_dir" "$apache_dir"; do
  echo 'extension=smbclient.so' > "$dir/ext/smbclient.ini"
  ln -sf ../ext/smbclient.ini "$dir/ext-active/smbclient.ini"
  # The image is read-only, so PHP files never change: OPcache need not
  # check their timestamps.
  cat >> "$dir/ext/opcache.ini" <<'INI'
opcache.enable=1
opcache.validate_timestamps=0
opcache.interned_strings_buffer=16
opcache.max_accelerated_files=10000
opcache.memory_consumption=128
INI
done

for ini in /etc/php/*/php.ini; do
  sed -i -E \
    -e 's/^upload_max_filesize.+$/upload_max_filesize = 512M/' \
    -e 's/^post_max_size.+$/post_max_size = 768M/' \
    -e 's/^memory_limit.+$/memory_limit=512M/' \
    -e 's/^;mbstring\.func_overload.+$/mbstring.func_overload=0/' \
    -e 's/^;always_populate_raw_post_data.+$/always_populate_raw_post_data=-1/' \
    -e 's/^;default_charset.+$/default_charset="UTF-8"/' \
    "$ini"
done

# The variants "31", "32" and "33" take the newest release of that major
# version; the others the newest release.
case "$VARIANT" in
  [0-9]*) tarball=latest-$VARIANT.tar.bz2 ;;
  *) tarball=latest.tar.bz2 ;;
esac
echo "Installing Nextcloud from $tarball"
download "https://download.nextcloud.com/server/releases/$tarball" |
  tar -xjf - --strip-components=1 -C /var/www/localhost/htdocs

mkdir -p /var/lib/nextcloud
chown -R apache:apache /var/www/localhost /var/lib/nextcloud
