#!/bin/sh
# Install the latest Redmine release into Apache's document root (served by Passenger),
# with its MySQL database created and migrated, Japanese as the default language.
set -e
app=/var/www/localhost/htdocs
mkdir -p "$app"
download "$(get-github-download-url redmine redmine @tarball)" | tar xzf - --strip-components=1 -C "$app"

# Database and user; config/database.yml (from files/) connects as redmine over the socket.
cat > /tmp/redmine-db.sql <<'SQL'
CREATE DATABASE `redmine`;
CREATE USER `redmine`@`localhost`;
GRANT ALL PRIVILEGES ON `redmine`.* TO `redmine`@`localhost`;
SQL
with-mysql --mysql-plugin=auth_socket.so 'mysql -u root < /tmp/redmine-db.sql'

settings='RUBY_GC_MALLOC_LIMIT=90000000 RAILS_ENV=production REDMINE_LANG=ja'
echo "export $settings" >> /etc/profile.env
export $settings

cd "$app"
bundle install
rake generate_secret_token

cat > /tmp/redmine-ja.sql <<'SQL'
UPDATE users SET language = 'ja' WHERE id = 1;
INSERT INTO settings (name, value, updated_on) VALUES ('default_language', 'ja', NOW());
SQL
with-mysql --mysql-plugin=auth_socket.so 'rake db:migrate' 'rake redmine:load_default_data' \
    'mysql -u redmine redmine < /tmp/redmine-ja.sql'
rm -f /tmp/redmine-db.sql /tmp/redmine-ja.sql
rm -rf /usr/local/lib64/ruby/gems/*/cache
chown -R apache:apache /var/www/localhost

# Apache serves Redmine's public/ directory.
vhost=/etc/apache2/vhosts.d/default_vhost.include
sed -i -e 's/root@localhost/redmine@example.com/' \
    -e 's|^DocumentRoot "/var/www/localhost/htdocs"$|DocumentRoot "/var/www/localhost/htdocs/public"|' "$vhost"

# Bring the schema up to date (after an update of the image) before Apache starts.
mkdir -p /etc/systemd/system/apache2.service.d
cat > /etc/systemd/system/apache2.service.d/db-migration.conf <<CONF
[Unit]
After=mysqld.service

[Service]
Environment=RAILS_ENV=production
ExecStartPre=rake --rakefile $app/Rakefile db:migrate
CONF
