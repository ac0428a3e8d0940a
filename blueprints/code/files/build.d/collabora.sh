#!/bin/sh
# Collabora Online Development Edition (coolwsd and its LibreOffice core) has
# no ebuild: unpack the packages of Collabora's Debian repository onto the
# image, then do what their maintainer scripts would have done.
set -e

repo=https://www.collaboraoffice.com/repos/CollaboraOnline/CODE-deb
case "$(uname -m)" in
  x86_64) deb_arch=amd64 ;;
  aarch64) deb_arch=arm64 ;;
  *) echo "collabora: no packages for $(uname -m)" >&2; exit 1 ;;
esac

workdir=$(mktemp -d)
download "$repo/Packages" > "$workdir/Packages"

# Filename of a package for this arch (or arch "all") in the repository index.
deb_path() {
  awk -v want="$1" -v arch="$deb_arch" '
    BEGIN { RS = ""; FS = "\n" }
    {
      name = a = path = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Package: /) name = substr($i, 10)
        else if ($i ~ /^Architecture: /) a = substr($i, 15)
        else if ($i ~ /^Filename: /) path = substr($i, 11)
      }
      if (name == want && (a == arch || a == "all") && path != "") { print path; exit }
    }' "$workdir/Packages"
}

for pkg in collaboraoffice-ure collaboraoffice collaboraofficebasis-core \
    collaboraofficebasis-images collaboraofficebasis-libreofficekit-data \
    collaboraofficebasis-ooofonts collaboraofficebasis-ooolinguistic \
    collaboraofficebasis-graphicfilter collaboraofficebasis-xsltfilter \
    collaboraofficebasis-writer collaboraofficebasis-calc collaboraofficebasis-impress \
    collaboraofficebasis-draw collaboraofficebasis-math \
    collaboraofficebasis-extension-pdf-import collaboraofficebasis-en-us coolwsd; do
  path=$(deb_path "$pkg")
  [ -n "$path" ] || { echo "collabora: $pkg ($deb_arch) is not in $repo" >&2; exit 1; }
  echo "Installing $pkg from $path"
  download "$repo/$path" > "$workdir/pkg.deb"
  rm -rf "$workdir/root"
  dpkg-deb -x "$workdir/pkg.deb" "$workdir/root"
  # Debian keeps /lib apart from /usr/lib; here /lib is a link to usr/lib.
  if [ -d "$workdir/root/lib" ]; then
    cp -a "$workdir/root/lib/." /usr/lib/
    rm -rf "$workdir/root/lib"
  fi
  cp -a "$workdir/root/." /
done
rm -rf "$workdir"

# What coolwsd's postinst does: its directories and config belong to "cool".
mkdir -p /opt/cool/child-roots /opt/cool/cache
chown cool: /opt/cool /opt/cool/child-roots /opt/cool/cache /etc/coolwsd/coolwsd.xml
chmod 0640 /etc/coolwsd/coolwsd.xml

# The system template that each document's sandbox is made from; /bin and
# /sbin are links into /usr here, and must be in the template too.
fc-cache /opt/collaboraoffice/share/fonts/truetype
coolwsd-systemplate-setup /opt/cool/systemplate /opt/collaboraoffice
ln -sfn usr/bin /opt/cool/systemplate/bin
ln -sfn usr/sbin /opt/cool/systemplate/sbin

coolconfig generate-proof-key

# Plain HTTP: a reverse proxy in front terminates TLS.
coolconfig set ssl.enable false
coolconfig set ssl.termination true
