#!/bin/sh
# Install Zabbix server 7.0 with its web frontend from the official RHEL 9 packages (Gentoo's
# ebuild is not used), plus two CentOS Stream 9 libraries they link against, and load its
# schema into MySQL.
set -e
arch=$(uname -m)
zabbix_repo="https://repo.zabbix.com/zabbix/7.0/rhel/9/$arch/"
# mariadb-connector-c: libmariadb for zabbix_server; net-snmp-libs: an SNMP library built
# with the AES-256 (Cisco) privacy protocols
appstream_repo="http://ftp.riken.jp/Linux/centos-stream/9-stream/AppStream/$arch/os/"

work=$(mktemp -d)
fetch_rpm() {
    download "$(get-rpm-download-url "$1" "$2")" > "$work/$2.rpm"
}
for pkg in zabbix-server-mysql zabbix-sql-scripts zabbix-web-service zabbix-web; do
    fetch_rpm "$zabbix_repo" "$pkg"
done
for pkg in mariadb-connector-c net-snmp-libs; do
    fetch_rpm "$appstream_repo" "$pkg"
done

root="$work/root"
mkdir "$root"
for rpm in "$work"/*.rpm; do
    rpm2targz -O "$rpm" | tar xzf - -C "$root"
done

cat > "$work/db.sql" <<'SQL'
CREATE DATABASE `zabbix` CHARACTER SET utf8 COLLATE utf8_bin;
CREATE USER `zabbix`@`localhost`;
GRANT ALL PRIVILEGES ON `zabbix`.* TO `zabbix`@`localhost`;
SQL
with-mysql --mysql-plugin=auth_socket.so "mysql -u root < $work/db.sql" \
    "zcat $root/usr/share/zabbix-sql-scripts/mysql/server.sql.gz | mysql -u zabbix zabbix"

# Keep binaries, libraries, configuration and the frontend; Gentoo has merged /usr/sbin into /usr/bin.
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/var"
if [ -d "$root/usr/sbin" ]; then
    mkdir -p "$root/usr/bin"
    mv "$root"/usr/sbin/* "$root/usr/bin/"
    rmdir "$root/usr/sbin"
fi
cp -a "$root/." /
rm -rf "$work"

chown zabbix /var/log/zabbix
ln -sf zabbix_server_mysql /usr/bin/zabbix_server
conf=/etc/zabbix/zabbix_server.conf
sed -i -e 's/^# AllowUnsupportedDBVersions=.*/AllowUnsupportedDBVersions=1/' \
    -e 's|^# DBSocket=.*|DBSocket=/run/mysqld/mysqld.sock|' "$conf"
# Graphs use a Japanese-capable font.
ln -sf /usr/share/fonts/vlgothic/VL-PGothic-Regular.ttf /usr/share/zabbix/assets/fonts/graphfont.ttf
