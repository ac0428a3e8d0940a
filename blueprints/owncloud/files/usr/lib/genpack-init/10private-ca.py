# genpack-init: make a private certificate authority on first boot and trust it system-wide.
import logging
import os
import subprocess

CA_KEY = "/etc/ssl/private/ca.key"
CA_CERT = "/usr/local/share/ca-certificates/ca.crt"


def configure(ini):
    if os.path.exists(CA_CERT):
        return
    os.makedirs(os.path.dirname(CA_CERT), exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-nodes", "-newkey", "rsa:4096", "-days", "3650",
                    "-subj", "/CN=ownCloud appliance private CA",
                    "-keyout", CA_KEY, "-out", CA_CERT], check=True)
    subprocess.run(["update-ca-certificates"], check=True)
    logging.info("created private CA %s", CA_CERT)
