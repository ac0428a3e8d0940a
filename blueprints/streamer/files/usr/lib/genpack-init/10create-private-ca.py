# genpack-init plugin: make sure this machine has its own private certificate authority.
import logging
import subprocess


def configure(ini):
    subprocess.run(["private-ca-tool", "create"], check=True)
    logging.info("Private CA is ready; run 'private-ca-tool trust' to trust it on this machine.")
