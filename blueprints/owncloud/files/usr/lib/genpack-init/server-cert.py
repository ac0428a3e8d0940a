# genpack-init: issue a certificate for "localhost" from the private CA (10private-ca.py).
import logging
import os
import subprocess

CA_KEY = "/etc/ssl/private/ca.key"
CA_CERT = "/usr/local/share/ca-certificates/ca.crt"
KEY = "/etc/ssl/private/localhost.key"
CERT = "/etc/ssl/certs/localhost.crt"
NAME = "localhost"


def configure(ini):
    if os.path.exists(CERT):
        return
    subprocess.run(["openssl", "genrsa", "-out", KEY, "2048"], check=True)
    request = subprocess.run(["openssl", "req", "-new", "-key", KEY, "-subj", "/CN=" + NAME,
                              "-addext", "subjectAltName=DNS:" + NAME],
                             check=True, capture_output=True).stdout
    subprocess.run(["openssl", "x509", "-req", "-CA", CA_CERT, "-CAkey", CA_KEY, "-CAcreateserial",
                    "-days", "3650", "-copy_extensions", "copy", "-out", CERT],
                   input=request, check=True)
    logging.info("created server certificate %s", CERT)
