"""Chromium, réglé une seule fois pour tout le dépôt : tests de bout en bout, benchmarks et PDF
des diapositives.

- `CHROMIUM` : le chemin du navigateur, pris dans la variable d'environnement ``CHROMIUM``,
  par défaut le chromium de Debian, ``/usr/bin/chromium`` (``make chromium`` l'installe par
  apt). Jamais ``playwright install`` : Playwright pilote ce chromium-là.
- `CHROMIUM_ARGS` : les options de la ligne de commande (root, sans GPU, sans réseau
  d'arrière-plan).
- `launch_options()` : les options de ``BrowserType.launch`` de Playwright ;
  `playwright_launch_args(base)` : celles de la fixture ``browser_type_launch_args`` des tests ;
  `launch(playwright)` : le navigateur lancé, sans fenêtre.
- `only_local_files(page)` : la page ne charge que des adresses ``file://`` et ``data:``.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # on tourne en root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    # Sans ces options, chromium tente sans fin des connexions (refusées ici).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--password-store=basic",
    "--metrics-recording-only",
    "--font-render-hinting=none",
]
LAUNCH_TIMEOUT = 60_000  # ms : la machine de CI a 2 cœurs


def launch_options() -> dict:
    """``executable_path``, ``args`` et ``timeout`` pour ``BrowserType.launch`` de Playwright.

    Lève FileNotFoundError, avec la marche à suivre, si chromium est introuvable."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"chromium introuvable ({CHROMIUM}) : `make chromium` (apt-get install chromium), "
            "ou CHROMIUM=/chemin/vers/chromium ; jamais `playwright install`")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "timeout": LAUNCH_TIMEOUT}


def playwright_launch_args(base: dict, *, force_headless: bool = False) -> dict:
    """Les options de la fixture ``browser_type_launch_args`` de pytest-playwright : celles
    qu'il donne (`base`, avec ``--headed`` s'il est demandé), plus le chromium d'ici ; sans
    fenêtre par défaut, ou toujours (`force_headless` : le site JupyterLite, isolé du réseau).
    Fait échouer le test, avec la marche à suivre, si chromium est introuvable."""
    import pytest

    try:
        chromium = launch_options()
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    if force_headless:
        return {**base, "headless": True, **chromium}
    return {"headless": True, **base, **chromium}


def launch(playwright, *, headless: bool = True):
    """Le chromium réglé ici, lancé par `playwright` (``sync_playwright()`` ouvert)."""
    return playwright.chromium.launch(headless=headless, **launch_options())


def only_local_files(page, blocked: list[str] | None = None) -> None:
    """Toute requête de `page` qui n'est ni ``file://`` ni ``data:`` échoue ; son adresse est
    ajoutée à `blocked` (si donné) : une page hors ligne qui tente le réseau se voit."""

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            if blocked is not None:
                blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
