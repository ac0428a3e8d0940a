#!/bin/sh
# Catch-all mail box: Postfix accepts mail for any address at any domain and
# hands it to the local "mail" user; Dovecot serves that one mailbox over IMAP
# to any login name without a password. For testing mail clients only.
set -e

for tool in postconf doveconf; do
  command -v "$tool" >/dev/null || { echo "setup-catchall: $tool is not installed" >&2; exit 1; }
done

# Postfix: every recipient is local and is rewritten to "mail" (inline PCRE
# table, Postfix 3.7 or later, so no postmap is needed).
postconf -e \
  'virtual_alias_maps = pcre:{ { /.*@.*/ mail } }' \
  'virtual_alias_domains =' \
  'mydestination = static:anything' \
  'local_recipient_maps = static:anything' \
  'inet_protocols = all' \
  'myhostname = localhost'
# Deliver to the mail user itself rather than following its alias.
sed -i -e '/^mail:/s/^/#/' /etc/mail/aliases

# Dovecot: Maildir in ~/.maildir, no TLS certificate, plain-text logins allowed.
conf=/etc/dovecot/dovecot.conf
sed -i \
  -e '/^mail_home =/s/^/#/' \
  -e 's|^mail_driver =.*|mail_driver = maildir|' \
  -e 's|^mail_path =.*|mail_path = ~/.maildir|' \
  -e 's|^#first_valid_uid =.*|first_valid_uid = 0|' \
  -e '/^  \(cert\|key\)_file =/s/^  /# /' \
  "$conf"
echo 'auth_allow_cleartext = yes' >> "$conf"

# Any user name logs in without a password and lands in the mail user's spool.
cat > /etc/dovecot/conf.d/auth-catchall.conf <<'CONF'
passdb static {
  fields {
    nopassword = yes
  }
}

userdb static {
  fields {
    uid = mail
    gid = mail
    home = /var/spool/mail
  }
}
CONF
