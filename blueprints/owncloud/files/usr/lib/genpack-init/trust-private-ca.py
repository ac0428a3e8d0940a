# genpack-init: let root's NSS-based programs (Chrome in the selftestable variant) trust the private CA.
import logging
import os
import subprocess

CA_CERT = "/usr/local/share/ca-certificates/ca.crt"
NSSDB = "/root/.pki/nssdb"


def configure(ini):
    if os.path.exists(NSSDB):
        return
    os.makedirs(NSSDB)
    subprocess.run(["certutil", "-d", "sql:" + NSSDB, "-A", "-t", "C,,", "-n", "private-ca", "-i", CA_CERT],
                   check=True)
    logging.info("private CA added to %s", NSSDB)
