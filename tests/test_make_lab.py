"""`make lab`, la première commande du README, démarre JupyterLab, y compris en root.

En root (conteneur, machine de CI), JupyterLab refuse de démarrer sans `--allow-root` : le
Makefile ne l'ajoute qu'à root et le dit en une ligne. Le test lance la vraie commande
(`make lab` avec `LAB_ARGS` : port libre, pas de navigateur, jeton connu), interroge le
serveur, puis arrête son groupe de processus.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ROOT_LINE = "make lab : vous êtes root (conteneur, CI) : JupyterLab est lancé avec --allow-root."
START_TIMEOUT = 120  # s : machine de CI à 2 cœurs


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_make_lab_serves_the_notebooks(tmp_path):
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("hors du .venv de `make install` : `make lab` l'utiliserait")
    port, token = _free_port(), "essai-make-lab"
    log = tmp_path / "lab.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with log.open("w") as out:
        # -o install : l'environnement est déjà là, on ne teste que la règle `lab`
        lab = subprocess.Popen(
            ["make", "-o", "install", "lab",
             f"LAB_ARGS=--no-browser --port={port} --IdentityProvider.token={token}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert lab.poll() is None, f"`make lab` s'est arrêté :\n{log.read_text()[-3000:]}"
            try:
                status, _ = _get(f"{base}/api/status?token={token}")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, f"pas de serveur :\n{log.read_text()[-3000:]}"
                time.sleep(0.5)
        assert status == 200
        _, body = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert "01_regression_lineaire.ipynb" in names, names  # racine : notebooks/
        status, page = _get(f"{base}/lab?token={token}")
        assert status == 200 and b"JupyterLab" in page
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=60)
    output = log.read_text()
    if os.geteuid() == 0:
        assert ROOT_LINE in output and "--allow-root" in output
    else:
        assert ROOT_LINE not in output and "--allow-root" not in output
