#!/bin/sh
# Give Apache's SSL vhost a self-signed placeholder certificate; replace it with a real one.
set -e
dir=/etc/ssl/apache2
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -subj "/O=Redmine appliance/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.crt"
chmod 0600 "$dir/server.key"
