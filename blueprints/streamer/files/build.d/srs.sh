#!/bin/sh
# Build the SRS media server (RTMP/SRT/WebRTC ingest) and set it up as a systemd service.
set -e
version=6.0-b1
work=$(mktemp -d)
download "https://github.com/ossrs/srs/releases/download/v$version/srs-server-$version.tar.gz" | tar xzf - -C "$work"
cd "$work"/srs-server-*/trunk

# SRS bundles its own old FFmpeg (the system one is too new for it); drop the AMF encoder,
# which does not build here.
makefile=3rdparty/ffmpeg-4-fit/libavcodec/Makefile
sed -i '/amfenc/d' "$makefile"
./configure --generic-linux=on --sanitizer=off --sys-ssl=on --sys-srtp=on --sys-srt=on --sys-ffmpeg=off
make
install -m 0755 objs/srs /usr/bin/srs

install -d -o nobody -g nobody /var/lib/srs /var/www/srs
sed 's|/var/lib/srs/srs\.pid|/run/srs/srs.pid|' packaging/redhat/srs.service > /usr/lib/systemd/system/srs.service
printf 'd /run/srs 0755 nobody nobody -\n' > /usr/lib/tmpfiles.d/srs.conf
mkdir -p /etc/srs
cat > /etc/srs/srs.conf <<'CONF'
# RTMP on every address, logs to the journal
listen              [::]:1935;
pid                 /run/srs/srs.pid;
srs_log_tank        console;
srs_log_level       info;

vhost __defaultVhost__ {
}
CONF

cd /
rm -rf "$work"
