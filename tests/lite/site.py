"""Outils des tests du site JupyterLite (build/lite) : le servir, l'isoler du réseau, y ouvrir
un chapitre dans chromium.

- `serve(site)` : ``python -m http.server -d SITE`` sur 127.0.0.1 (port libre) ; `stop` l'arrête
  par son pid ;
- `network_isolated()` : vrai dans un espace de noms réseau sans autre interface que la boucle
  locale (``unshare -n``, comme le fait `make lite-test`) ; `loopback_up()` allume cette boucle ;
- `expose_app(page)` : le site tel quel, à un réglage près dans la page testée
  (``exposeAppInBrowser``) pour que ``window.jupyterapp`` existe et que les aides de
  tests/e2e/lab.py (commandes JupyterLab, état du noyau, sorties) s'appliquent ;
- `open_chapter(page, url, nom)` : ouvre ``lab/index.html?path=<nom>`` et attend le noyau Pyodide.
"""

from __future__ import annotations

import fcntl
import json
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = REPO_ROOT / "build" / "lite"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "lite"
#: ce que la première exécution de matplotlib écrit sur stderr, la seule sortie d'erreur permise
FONT_CACHE = "Matplotlib is building the font cache"


# --------------------------------------------------------------------------- réseau


def interfaces() -> list[str]:
    """Les interfaces réseau de l'espace de noms courant (Linux, /proc/net/dev)."""
    lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    return sorted(line.split(":", 1)[0].strip() for line in lines)


def network_isolated() -> bool:
    """Vrai si la seule interface est la boucle locale : rien ne peut sortir de la machine."""
    return interfaces() == ["lo"]


def loopback_up() -> None:
    """Allume la boucle locale (éteinte dans un espace de noms neuf), sans la commande ip."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, siocgifflags, req))[1]
        if not flags & iff_up:
            fcntl.ioctl(s, siocsifflags, struct.pack("16sH22x", b"lo", flags | iff_up))


# --------------------------------------------------------------------------- serveur


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def serve(site: Path = SITE_DIR, timeout: float = 30) -> Server:
    """Sert `site` en HTTP sur 127.0.0.1 ; le journal va dans test-artifacts/lite/."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS_DIR / "http-server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", "-d", str(site), "--bind", "127.0.0.1",
             str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", proc, log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{server.url}/jupyter-lite.json", timeout=2).read()
            return server
        except (OSError, urllib.error.URLError):
            if proc.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"le serveur du site ne répond pas ({log_path})") from None
            time.sleep(0.1)


# --------------------------------------------------------------------------- page


#: réglages de l'interface pour les tests (comme tests/e2e) : toutes les cellules dans le DOM,
#: rendues, quelle que soit leur position (sinon un canevas loin de l'écran n'a pas de taille)
TEST_SETTINGS = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}


def expose_app(page) -> None:
    """Ajoute aux jupyter-lite.json que la page lit ``exposeAppInBrowser`` et les réglages
    `TEST_SETTINGS` (rien d'autre)."""

    def patch(route):
        response = route.fetch()
        data = response.json()
        config = data.get("jupyter-config-data")
        if config is not None:
            config["exposeAppInBrowser"] = "true"
            if "settingsOverrides" in config:
                config["settingsOverrides"].update(TEST_SETTINGS)
        route.fulfill(response=response, body=json.dumps(data))

    page.route("**/jupyter-lite.json", patch)


def chapter_url(base: str, name: str) -> str:
    return f"{base}/lab/index.html?path={name}"


def open_chapter(page, base: str, name: str, *, timeout: float = 240_000) -> None:
    """Ouvre le chapitre `name` du site servi à `base` et attend que son noyau Pyodide soit
    prêt (démarré, au repos)."""
    from e2e.lab import wait_kernel_idle  # tests/ est dans sys.path (pytest, benchmarks)

    expose_app(page)
    page.goto(chapter_url(base, name), wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_function(
        """(path) => {
            const app = window.jupyterapp, panel = app && app.shell.currentWidget;
            return !!(panel && panel.context && panel.context.path === path
                      && panel.context.isReady) || !!document.querySelector('.jp-Dialog');
        }""",
        arg=name, timeout=timeout, polling=250,
    )  # fmt: skip
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        raise RuntimeError(f"Dialogue à l'ouverture de {name} :\n{dialog.first.inner_text()}")
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    wait_kernel_idle(page, timeout)
