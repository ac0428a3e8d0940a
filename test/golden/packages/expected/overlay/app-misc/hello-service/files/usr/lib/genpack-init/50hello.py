import subprocess

def configure(ini):
    subprocess.run(['/usr/bin/hello'], check=True)
