# genpack-init plugin: issue Apache's TLS certificate for "localhost" from the private CA
# (created by 10create-private-ca.py, which runs first).
import logging
import os
import subprocess

SSL_DIR = "/etc/ssl/apache2"


def configure(ini):
    os.makedirs(SSL_DIR, exist_ok=True)
    key = os.path.join(SSL_DIR, "server.key")
    cert = os.path.join(SSL_DIR, "server.crt")
    subprocess.run(
        ["private-ca-tool", "generate-server-cert", "--overwrite",
         "--server-key", key, "--server-cert", cert, "localhost"],
        check=True,
    )
    logging.info("Apache server certificate written to %s", cert)
