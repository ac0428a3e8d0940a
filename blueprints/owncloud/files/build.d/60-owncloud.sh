#!/bin/sh
# Database, PHP settings and the newest ownCloud release in the document root.
# The first boot installs ownCloud itself (/usr/bin/owncloud-init).
set -e

if [ ! -d /opt/remi/php74 ]; then
  echo "60-owncloud: ownCloud needs PHP 7.4 from 50-php74.sh" >&2
  exit 1
fi

# An "owncloud" MySQL user that logs in through the Unix socket, and its database.
# with-mysql (genpack-progs) runs the command while a temporary mysqld is up.
sql=$(mktemp)
cat > "$sql" <<'SQL'
CREATE DATABASE `owncloud`;
CREATE USER `owncloud`@localhost;
GRANT ALL PRIVILEGES ON `owncloud`.* TO `owncloud`@localhost;
SQL
with-mysql --mysql-plugin=auth_socket.so "mysql -u root < $sql"
rm -f "$sql"

systemctl enable php74-php-fpm

php_ini=/etc/opt/remi/php74/php.ini
sed -i -E \
  -e 's/^upload_max_filesize.+$/upload_max_filesize = 512M/' \
  -e 's/^post_max_size.+$/post_max_size = 768M/' \
  -e 's/^memory_limit.+$/memory_limit=512M/' \
  -e 's/^;mbstring\.func_overload.+$/mbstring.func_overload=0/' \
  -e 's/^;always_populate_raw_post_data.+$/always_populate_raw_post_data=-1/' \
  -e 's/^;default_charset.+$/default_charset="UTF-8"/' \
  "$php_ini"

version=$(curl -fsS https://api.github.com/repos/owncloud/core/releases/latest | jq -r '.tag_name | ltrimstr("v")')
echo "Installing ownCloud $version"
download "https://download.owncloud.com/server/stable/owncloud-$version.tar.bz2" |
  tar -xjf - --strip-components=1 -C /var/www/localhost/htdocs

mkdir -p /var/lib/owncloud
chown -R apache:apache /var/www/localhost /var/lib/owncloud

# Record the version in the image.
mkdir -p /.genpack
php -r 'include "/var/www/localhost/htdocs/version.php"; echo $OC_VersionString;' > /.genpack/owncloud-version
