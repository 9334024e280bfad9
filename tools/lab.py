"""Piloter JupyterLab dans chromium : un serveur jetable et des aides Playwright, partagés par
les tests de bout en bout (tests/e2e/) et les benchmarks du navigateur (benchmarks/).

Le serveur (`start_lab` / `JupyterLab.stop`) tourne dans son propre groupe de processus,
avec des répertoires de configuration temporaires : pas d'annonces, pas de vérification
de mises à jour, pas de dialogue « build recommended », réglages utilisateur neufs.
JupyterLab est lancé avec `--LabApp.expose_app_in_browser=True`, si bien que
`window.jupyterapp` existe dans la page : on exécute les commandes de JupyterLab
(`notebook:run-all-cells`...) et on lit l'état du noyau et des sorties par le modèle,
plutôt que par des clics de menu ou des libellés dépendants de la langue.

Les aides Playwright prennent une `playwright.sync_api.Page` (et des `Locator`) :

- carnets : `write_notebook`, `open_notebook`, `run_all_cells`, `wait_kernel_idle`,
  `kernel_exec`, `kernel_holding` (le noyau qui ne répond pas à la figure),
  `execute_command`, `cell_errors`, `cell_outputs`, `notebook_state` ;
- widgets : `wait_widgets_rendered`, `drag_slider`, `press_slider`, `slider_readout` ;
- figures : `MPL_CANVAS` (ipympl), `WEB_FIGURE_CANVAS` (l'explorateur), `canvas_data_url`,
  `canvas_is_drawn`, `wait_canvas_drawn`, `wait_canvas_change`,
  `pixels_differing_from_kernel` (ipympl), `figure_differs_from_kernel` (l'explorateur) ;
- `screenshot(page_ou_locator, nom)` -> test-artifacts/e2e/<nom>.png ;
- `notebook_in_browser(cellules)` : tout à la fois, pour un script (benchmarks) : un carnet
  temporaire, son serveur, chromium (réglé par `tools.browser`) sur le carnet exécuté.
"""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from urllib.parse import quote

import numpy as np
from PIL import Image

from .browser import launch

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "e2e"

# Délais (ms pour Playwright, s pour le reste) : larges, la machine de CI a 2 cœurs.
SERVER_START_TIMEOUT = 120  # s
KERNEL_TIMEOUT = 120_000  # ms : démarrage du noyau, import de matplotlib...
RUN_TIMEOUT = 300_000  # ms : exécution de tout un carnet

# Réglages utilisateur du JupyterLab de test (un fichier par greffon).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        # Ni « Voulez-vous recevoir les nouvelles de Jupyter ? », ni vérification de mise à jour.
        "fetchNews": "false",
        "checkForUpdates": False,
        # Aucun toast ne vient masquer les captures d'écran.
        "doNotDisturbMode": True,
    },
    "@jupyterlab/notebook-extension/tracker": {
        # Toutes les cellules dans le DOM, rendues, quelle que soit leur position.
        "windowingMode": "none",
        # Pas de dialogue « choisir un noyau » pour un carnet sans kernelspec.
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/docmanager-extension/plugin": {
        "autosave": False,
    },
}

# Configuration de page : pas de dialogue « Build recommended ».
PAGE_CONFIG = {"buildCheck": False, "buildAvailable": False}


# --------------------------------------------------------------------------- serveur


def free_port(host: str = "127.0.0.1") -> int:
    """Un port TCP libre sur `host` (il peut être pris entre-temps : `start_lab` réessaie)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class JupyterLab:
    """Un serveur JupyterLab lancé par `start_lab`."""

    url: str  # sans barre finale, ex. http://127.0.0.1:45678
    token: str
    root_dir: Path
    proc: subprocess.Popen
    home: Path  # répertoires temporaires (config, runtime, réglages...)
    log_path: Path
    _workspaces: count = field(default_factory=lambda: count(1), repr=False)

    # -- URL et API REST
    def lab_url(self, relpath: str | Path = "", *, workspace: str | None = None) -> str:
        """URL de `relpath` dans l'interface, dans un espace de travail neuf par défaut.

        Un espace de travail neuf à chaque appel : l'espace par défaut rouvrirait les
        onglets des tests précédents.
        """
        ws = workspace or f"e2e-{next(self._workspaces)}"
        path = quote(Path(relpath).as_posix()) if str(relpath) else ""
        tree = f"/tree/{path}" if path else ""
        return f"{self.url}/lab/workspaces/{ws}{tree}?token={self.token}"

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        """Appel à l'API REST du serveur ; renvoie le JSON décodé (ou None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Ferme toutes les sessions et tous les noyaux (entre deux tests)."""
        if self.proc.poll() is not None:
            return
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)
        except (OSError, urllib.error.URLError, ValueError):
            pass

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    # -- arrêt
    def stop(self) -> None:
        """Arrête les noyaux, puis le serveur (groupe de processus), puis nettoie."""
        self.shutdown_kernels()
        _terminate_group(self.proc)
        # Filet de sécurité : les noyaux ont leur propre session (jupyter_client), on les
        # retrouve par le fichier de connexion, qui est dans *notre* répertoire runtime.
        for pid in _pids_with_arg(str(self.home / "runtime")):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.home, ignore_errors=True)


def _terminate_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def _pids_with_arg(needle: str) -> list[int]:
    """Les processus dont la ligne de commande contient `needle` (Linux, /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if needle in cmdline:
            pids.append(int(entry.name))
    return pids


def _prepare_home(home: Path) -> dict[str, str]:
    """Répertoires Jupyter temporaires et environnement du serveur."""
    names = ("config", "runtime", "settings", "workspaces", "ipython")
    dirs = {name: home / name for name in names}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    (dirs["config"] / "labconfig").mkdir()
    (dirs["config"] / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
    for plugin, values in USER_SETTINGS.items():
        f = dirs["settings"] / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values, indent=2))

    env = dict(os.environ)
    # `%matplotlib widget` doit pouvoir choisir son backend : pas de MPLBACKEND=Agg hérité
    # du Makefile ou de tests/conftest.py.
    env.pop("MPLBACKEND", None)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        # JUPYTER_DATA_DIR reste celui de l'utilisateur : extensions et noyau « python3 »
        # viennent du venv (sys.prefix/share/jupyter) ; fichiers de connexion à part.
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        IPYTHONDIR=str(dirs["ipython"]),
        PYTHONUNBUFFERED="1",
    )
    return env


def log_prefix() -> str:
    """Le début du nom des journaux des serveurs lancés par ce processus : « jupyterlab- »,
    suivi du processus de pytest-xdist s'il y en a un (« jupyterlab-gw1- »)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"jupyterlab-{worker}-" if worker else "jupyterlab-"


def start_lab(
    root_dir: str | Path, *, timeout: float = SERVER_START_TIMEOUT, attempts: int = 3
) -> JupyterLab:
    """Lance `python -m jupyterlab` sur 127.0.0.1 (port libre, jeton aléatoire) et attend
    que `/api/status` réponde. Le journal du serveur va dans test-artifacts/e2e/."""
    root_dir = Path(root_dir).resolve()
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    last_error = ""
    for _ in range(attempts):
        home = Path(tempfile.mkdtemp(prefix="e2e-jupyterlab-"))
        env = _prepare_home(home)
        port, token = free_port(), secrets.token_hex(24)
        # (un préfixe par processus de pytest-xdist : chacun ne nettoie que ses journaux)
        log_path = ARTIFACTS_DIR / f"{log_prefix()}{port}.log"
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            # Notebook 7 (servi par le même serveur, /notebooks/…) : window.jupyterapp aussi
            "--JupyterNotebookApp.expose_app_in_browser=True",
            f"--LabApp.user_settings_dir={home / 'settings'}",
            f"--LabApp.workspaces_dir={home / 'workspaces'}",
        ]  # fmt: skip
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd, cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        lab = JupyterLab(
            url=f"http://127.0.0.1:{port}", token=token, root_dir=root_dir,
            proc=proc, home=home, log_path=log_path,
        )  # fmt: skip
        if _wait_ready(lab, timeout):
            return lab
        last_error = lab.log_tail()
        lab.stop()
        if "already in use" not in last_error:
            break
    raise RuntimeError(f"JupyterLab n'a pas démarré. Fin du journal :\n{last_error}")


def _wait_ready(lab: JupyterLab, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.proc.poll() is not None:
            return False
        try:
            lab.api("GET", "/api/status", timeout=5)
            return True
        except (OSError, urllib.error.URLError, ValueError):
            time.sleep(0.25)
    return False


# --------------------------------------------------------------------------- carnets


def write_notebook(path: str | Path, cells: list[str | tuple[str, str]]) -> Path:
    """Écrit un carnet : chaque cellule est un texte de code ou ("markdown"|"code", texte)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }  # fmt: skip
    nb.metadata["language_info"] = {"name": "python"}
    for cell in cells:
        kind, source = ("code", cell) if isinstance(cell, str) else cell
        maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(maker(source))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# --------------------------------------------------------------------------- navigateur

# Le carnet courant, par l'application exposée (`--LabApp.expose_app_in_browser`).
_JS_CURRENT = """
const app = window.jupyterapp;
const panel = app && app.shell && app.shell.currentWidget;
const isNotebook = panel && panel.content && panel.content.model && panel.sessionContext
    && panel.content.model.cells;
"""


def execute_command(page, command: str, args: dict | None = None, *, timeout: float = RUN_TIMEOUT):
    """Exécute une commande JupyterLab (`app.commands.execute`) et attend sa promesse.

    La promesse est gardée dans `window` et attendue par `wait_for_function`, pour que
    le délai `timeout` (ms) s'applique. Renvoie la valeur JSON de la promesse.
    """
    key = f"__e2e_cmd_{secrets.token_hex(4)}"
    page.wait_for_function(
        "(command) => window.jupyterapp && window.jupyterapp.commands.hasCommand(command)",
        arg=command,
        timeout=KERNEL_TIMEOUT,
        polling=250,
    )
    page.evaluate(
        """([key, command, args]) => {
            window[key] = {done: false};
            const app = window.jupyterapp;
            app.restored.then(() => app.commands.execute(command, args || {})).then(
                value => {
                    let v = value;
                    try { JSON.stringify(v); } catch (e) { v = String(v); }
                    window[key] = {done: true, value: v};
                },
                error => {
                    window[key] = {done: true, error: String(error && error.stack || error)};
                },
            );
        }""",
        [key, command, args],
    )
    page.wait_for_function(f"() => window['{key}'].done", timeout=timeout)
    result = page.evaluate(
        f"() => {{ const r = window['{key}']; delete window['{key}']; return r; }}")
    if "error" in result:
        raise RuntimeError(f"La commande {command!r} a échoué : {result['error']}")
    return result.get("value")


def notebook_state(page) -> dict:
    """État du carnet courant, pour les messages d'erreur : chemin, noyau, invites,
    dialogues ouverts."""
    try:
        return page.evaluate(
            "() => {" + _JS_CURRENT + """
                const dialogs = [...document.querySelectorAll('.jp-Dialog')]
                    .map(d => d.innerText.slice(0, 300));
                if (!isNotebook) return {current: panel ? panel.title.label : null, dialogs};
                const session = panel.sessionContext.session;
                const kernel = session && session.kernel;
                return {
                    path: panel.context.path,
                    contextReady: panel.context.isReady,
                    sessionReady: panel.sessionContext.isReady,
                    kernelDisplayName: panel.sessionContext.kernelDisplayName,
                    kernel: kernel ? {name: kernel.name, status: kernel.status,
                                      connection: kernel.connectionStatus} : null,
                    prompts: panel.content.widgets.filter(c => c.model.type === 'code')
                               .map(c => c.promptNode ? c.promptNode.textContent : null),
                    dialogs,
                };
            }"""
        )
    except Exception as exc:  # la page elle-même peut être en cause
        return {"error": str(exc)}


def wait_kernel_idle(page, timeout: float = KERNEL_TIMEOUT, *, settle: float = 500) -> None:
    """Attend que le carnet courant ait un noyau connecté, au repos depuis `settle` ms
    sans interruption, et aucune cellule en attente d'exécution (invite `[*]`).

    Le délai de stabilité absorbe les courts passages « busy » qui suivent une exécution
    (widgets qui se synchronisent, ipympl qui redessine).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate("() => { window.__e2eIdleSince = null; }")
    try:
        page.wait_for_function(
            "(settle) => {" + _JS_CURRENT + """
                const idle = (() => {
                    const ctx = panel && panel.sessionContext;
                    if (!isNotebook || !panel.context.isReady || !ctx.isReady) return false;
                    const kernel = ctx.session && ctx.session.kernel;
                    if (!kernel || kernel.status !== 'idle'
                        || kernel.connectionStatus !== 'connected') return false;
                    for (const cell of panel.content.widgets) {
                        if (cell.model.type === 'code' && cell.promptNode
                            && cell.promptNode.textContent.includes('*')) return false;
                    }
                    return true;
                })();
                if (!idle) { window.__e2eIdleSince = null; return false; }
                window.__e2eIdleSince = window.__e2eIdleSince || performance.now();
                return performance.now() - window.__e2eIdleSince >= settle;
            }""",
            arg=settle,
            timeout=timeout,
            polling=100,
        )
    except PlaywrightTimeout as exc:
        state = notebook_state(page)
        raise PlaywrightTimeout(f"{exc.message}\nnoyau jamais au repos ; état : {state}") from None


JUPYTEXT_FACTORY = "Jupytext Notebook"  # fabrique de jupyterlab-jupytext (.py, .md... en carnet)


def open_notebook(
    page,
    lab: JupyterLab,
    relpath: str | Path,
    *,
    timeout: float = KERNEL_TIMEOUT,
    hide_sidebar: bool = True,
    factory: str | None = None,
) -> None:
    """Ouvre `relpath` (relatif à `lab.root_dir`) dans un espace de travail neuf et attend
    que le carnet soit affiché et que son noyau soit au repos.

    Un `.ipynb` s'ouvre par l'URL `/lab/workspaces/<neuf>/tree/<relpath>`. Tout autre
    fichier (le jumeau jupytext `.py` d'un chapitre...) s'ouvre en carnet par la commande
    `docmanager:open` avec la fabrique `factory` (« Jupytext Notebook » par défaut).
    `hide_sidebar` replie le panneau de gauche : plus de place pour le carnet à l'écran.
    """
    relpath = Path(relpath).as_posix()
    if not (lab.root_dir / relpath).exists():
        raise FileNotFoundError(lab.root_dir / relpath)
    if factory is None and not relpath.endswith(".ipynb"):
        factory = JUPYTEXT_FACTORY
    if factory is None:
        page.goto(lab.lab_url(relpath), wait_until="domcontentloaded", timeout=timeout)
    else:
        page.goto(lab.lab_url(), wait_until="domcontentloaded", timeout=timeout)
        execute_command(page, "docmanager:open", {"path": relpath, "factory": factory},
                        timeout=timeout)
    # Le carnet est chargé... ou un dialogue s'est ouvert (« File Load Error » de jupytext,
    # choix du noyau...) : on échoue tout de suite avec son texte plutôt qu'après le délai.
    page.wait_for_function(
        "(path) => {" + _JS_CURRENT + """
            return (!!isNotebook && panel.context.path === path && panel.context.isReady)
                || !!document.querySelector('.jp-Dialog');
        }""",
        arg=relpath,
        timeout=timeout,
        polling=250,
    )
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        screenshot(page, f"open-error-{Path(relpath).name}")
        raise RuntimeError(f"Dialogue à l'ouverture de {relpath} :\n{dialog.first.inner_text()}")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.wait_for(
        state="visible", timeout=timeout
    )
    if hide_sidebar:
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    wait_kernel_idle(page, timeout)


def run_all_cells(page, *, timeout: float = RUN_TIMEOUT) -> bool:
    """Exécute toutes les cellules du carnet courant (commande `notebook:run-all-cells`)
    et attend la fin : la promesse de la commande, puis le noyau au repos.

    Renvoie False si une cellule a levé une exception (JupyterLab arrête alors la file).
    """
    ok = execute_command(page, "notebook:run-all-cells", timeout=timeout)
    wait_kernel_idle(page, timeout)
    return bool(ok)


def cell_errors(page) -> list[str]:
    """Les sorties d'erreur (`output_type == "error"`) du carnet courant, « Nom: message »
    suivi de la trace sans codes de couleur. Liste vide si aucune.

    On lit le modèle du carnet : dans le DOM de JupyterLab 4, une erreur et un simple
    `print(..., file=sys.stderr)` sont rendus à l'identique (`.jp-RenderedText` avec
    `data-mime-type="application/vnd.jupyter.stderr"`, aucune classe propre à l'erreur).
    """
    return page.evaluate(
        "() => {" + _JS_CURRENT + """
            if (!isNotebook) throw new Error('aucun carnet courant');
            const strip = s => s.replace(/\\u001b\\[[0-9;]*m/g, '');
            const errors = [];
            const cells = panel.content.model.cells;
            for (let i = 0; i < cells.length; i++) {
                const cell = cells.get(i);
                if (cell.type !== 'code') continue;
                for (const out of cell.outputs.toJSON()) {
                    if (out.output_type === 'error') {
                        errors.push(`[cellule ${i}] ${out.ename}: ${out.evalue}\\n`
                                    + strip((out.traceback || []).join('\\n')));
                    }
                }
            }
            return errors;
        }"""
    )


def cell_outputs(page) -> list[list[dict]]:
    """Les sorties (nbformat JSON) de chaque cellule du carnet courant ([] pour le markdown)."""
    return page.evaluate(
        "() => {" + _JS_CURRENT + """
            const res = [];
            const cells = panel.content.model.cells;
            for (let i = 0; i < cells.length; i++) {
                const cell = cells.get(i);
                res.push(cell.type === 'code' ? cell.outputs.toJSON() : []);
            }
            return res;
        }"""
    )


def screenshot(page_or_locator, name: str, **kwargs) -> Path:
    """Capture (page ou locator Playwright) dans test-artifacts/e2e/<name>.png ; renvoie son
    chemin."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / (name if name.endswith(".png") else f"{name}.png")
    page_or_locator.screenshot(path=str(path), **kwargs)
    return path


# --------------------------------------------------------------------------- widgets

SLIDER_HANDLE = ".noUi-handle"  # ipywidgets 8 : curseurs noUiSlider
MPL_CANVAS = ".jupyter-matplotlib-canvas-div canvas"  # ipympl : 1er canvas = l'image


def wait_widgets_rendered(page, *, timeout: float = 60_000) -> None:
    """Attend qu'aucune sortie ipywidgets n'affiche plus « Loading widget... » ; lève une
    erreur si l'une affiche « Error displaying widget » (modèle introuvable : gestionnaire
    de widgets absent ou noyau redémarré)."""
    page.wait_for_function(
        """() => ![...document.querySelectorAll('.jp-OutputArea-output')]
                    .some(e => e.textContent.trim() === 'Loading widget...')""",
        timeout=timeout,
        polling=100,
    )
    broken = page.locator(".jp-OutputArea-output", has_text="Error displaying widget")
    if broken.count():
        raise AssertionError(f"widget non affiché : {broken.first.inner_text()}")


def _slider_handle(locator):
    """Le bouton d'un curseur ipywidgets, que `locator` désigne le widget ou le bouton."""
    handle = locator.locator(SLIDER_HANDLE)
    return handle.first if handle.count() else locator


def drag_slider(page, locator, dx: float, dy: float = 0, *, steps: int = 10) -> None:
    """Fait glisser le bouton du curseur `locator` (le widget ou son bouton `.noUi-handle`)
    de (`dx`, `dy`) pixels à la souris : down, `steps` déplacements, up. Au-delà du bout de
    la glissière, la valeur s'arrête au min/max."""
    handle = _slider_handle(locator)
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    assert box, "bouton du curseur invisible"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=steps)
    page.mouse.up()


def press_slider(page, locator, key: str = "ArrowRight", times: int = 1) -> None:
    """Donne le focus au bouton du curseur `locator` et presse `key` `times` fois."""
    handle = _slider_handle(locator)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def slider_readout(locator) -> str:
    """Le texte affiché à côté d'un curseur ipywidgets (`.widget-readout`)."""
    return locator.locator(".widget-readout").first.inner_text().strip()


def french_float(text: str) -> float:
    """Un nombre lu à la française (« 0,2818 », « −7,00 » : virgule décimale, signe moins
    U+2212 de d3-format), en float."""
    return float(text.strip().replace("\u2212", "-").replace(",", "."))


def canvas_data_url(locator) -> str:
    """Le contenu du <canvas> `locator` (data URL PNG) : pour comparer avant/après."""
    return locator.evaluate("c => c.toDataURL('image/png')")


_JS_BLANK = """c => {
    const b = document.createElement('canvas');
    b.width = c.width;
    b.height = c.height;
    return c.width > 0 && c.height > 0 && c.toDataURL('image/png') !== b.toDataURL('image/png');
}"""


def canvas_is_drawn(locator) -> bool:
    """Vrai si le <canvas> `locator` a une taille non nulle et n'est pas entièrement vide."""
    return locator.evaluate(_JS_BLANK)


def wait_canvas_drawn(page, locator, *, timeout: float = 60_000) -> str:
    """Attend que le <canvas> `locator` soit dessiné (ipympl reçoit sa première image
    après l'affichage du widget) ; renvoie son contenu (data URL)."""
    locator.wait_for(state="attached", timeout=timeout)
    page.wait_for_function(
        f"c => ({_JS_BLANK})(c)", arg=locator.element_handle(), timeout=timeout, polling=100
    )
    return canvas_data_url(locator)


def wait_canvas_change(page, locator, before: str, *, timeout: float = 30_000) -> str:
    """Attend que le canvas `locator` diffère de `before` (data URL) ; renvoie le nouveau."""
    handle = locator.element_handle()
    page.wait_for_function(
        "([c, before]) => c.toDataURL('image/png') !== before",
        arg=[handle, before],
        timeout=timeout,
        polling=100,
    )
    return canvas_data_url(locator)


KERNEL_EXEC = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  const out = [];
  future.onIOPub = msg => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === 'stream') out.push(c.text);
    if (t === 'error') out.push(`${c.ename}: ${c.evalue}`);
  };
  await future.done;
  return out.join('');
}"""


def kernel_exec(page, code: str) -> str:
    """Exécute `code` dans le noyau du carnet courant, hors cellule ; renvoie sa sortie texte
    (stdout, et « Nom: message » d'une éventuelle exception)."""
    return page.evaluate(KERNEL_EXEC, code)


_START_CELL = """(code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__heldDone = false;
  kernel.requestExecute({code, silent: false, store_history: false}).done
    .then(() => { window.__heldDone = true; });
  return true;
}"""


@contextmanager
def kernel_holding(page, lock: str, *, timeout: float = 60.0):
    """Le noyau ne peut pas répondre à la figure pendant le bloc ``with`` : une cellule (hors
    carnet) prend le verrou `lock` (expression Python, ex. ``"e.lock"``, celui que tient chaque
    calcul de l'explorateur) et le garde jusqu'à la sortie du bloc.

    Une cellule qui dort ne suffit pas : JupyterLab 4 et ipykernel 7 traitent les messages des
    widgets dans un sous-shell, en même temps qu'une cellule ; le noyau répondrait aux curseurs
    pendant le sommeil. Ici, le bloc commence quand la cellule tient le verrou (un fichier le
    dit) et finit quand la cellule l'a rendu (réponse du noyau reçue) : rien n'est deviné."""
    folder = Path(tempfile.mkdtemp(prefix="e2e-verrou-"))
    held, release = folder / "tenu", folder / "rendu"
    code = (f"import os as _os, time as _time\n"
            f"with {lock}:\n"
            f"    open({str(held)!r}, 'w').close()\n"
            f"    while not _os.path.exists({str(release)!r}):\n"
            f"        _time.sleep(0.02)\n")
    page.evaluate(_START_CELL, code)
    deadline = time.monotonic() + timeout
    while not held.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"la cellule n'a pas pris le verrou {lock} en {timeout} s")
        page.wait_for_timeout(50)
    try:
        yield
    finally:
        release.touch()
        page.wait_for_function("() => window.__heldDone", timeout=timeout * 1000)
        shutil.rmtree(folder, ignore_errors=True)


def _png_pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def pixels_differing_from_kernel(page, locator, figure: str, *, timeout: float = 10.0) -> int:
    """Compare, pixel à pixel, le <canvas> ipympl `locator` de la page et le canevas du noyau
    (`figure` : expression Python qui désigne la figure matplotlib, ex. ``"e.figure"``).
    Attend jusqu'à `timeout` s qu'ils soient identiques ; renvoie le nombre de pixels qui
    diffèrent encore (0 : la page montre exactement l'image du noyau ; tous s'ils n'ont pas
    la même taille)."""
    code = ("import base64 as _b, numpy as _np\n"
            "from course_utils.live_figure import png_bytes as _p\n"
            f"print(_b.b64encode(_p(_np.asarray(({figure}).canvas.buffer_rgba()))).decode())")
    kernel = _png_pixels(base64.b64decode(kernel_exec(page, code)))
    deadline = time.monotonic() + timeout
    while True:
        shown = _png_pixels(base64.b64decode(canvas_data_url(locator).split(",", 1)[1]))
        bad = (int((shown != kernel).any(axis=-1).sum()) if shown.shape == kernel.shape
               else kernel.shape[0] * kernel.shape[1])
        if bad == 0 or time.monotonic() > deadline:
            return bad
        page.wait_for_timeout(200)


WEB_FIGURE_CANVAS = ".course-web-figure canvas"  # la figure de l'explorateur (navigateur)


def figure_differs_from_kernel(page, locator, explorer: str, *, timeout: float = 10.0) -> float:
    """La part des pixels du <canvas> de la figure web `locator` qui diffèrent de plus de
    16/255 de la même figure dessinée par matplotlib dans le noyau (`explorer` : expression
    Python qui désigne l'explorateur, ex. ``"e"`` ; son instantané). Attend jusqu'à `timeout`
    s que la part passe sous 0,5 % (le seuil du test d'image) ; renvoie la dernière part
    (1.0 si les tailles diffèrent)."""
    code = ("import base64 as _b\n"
            f"print(_b.b64encode(({explorer}).web_figure.snapshot()).decode())")
    kernel = _png_pixels(base64.b64decode(kernel_exec(page, code)))
    deadline = time.monotonic() + timeout
    while True:
        shown = _png_pixels(base64.b64decode(canvas_data_url(locator).split(",", 1)[1]))
        if shown.shape != kernel.shape:
            share = 1.0
        else:
            diff = np.abs(shown[..., :3].astype(int) - kernel[..., :3].astype(int)).max(axis=-1)
            share = float((diff > 16).mean())
        if share <= 0.005 or time.monotonic() > deadline:
            break
        page.wait_for_timeout(200)
    if share > 0.005:  # les deux images, pour voir ce qui diffère
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        Image.fromarray(shown).save(ARTIFACTS_DIR / "figure-differente-page.png")
        Image.fromarray(kernel).save(ARTIFACTS_DIR / "figure-differente-noyau.png")
    return share


# --------------------------------------------------------------------------- tout à la fois


@contextmanager
def notebook_in_browser(cells: list[str | tuple[str, str]], *, viewport: dict | None = None,
                        settle: float = 1500, prefix: str = "carnet-"):
    """Un carnet temporaire fait de `cells` (voir `write_notebook`), servi par un JupyterLab
    neuf, ouvert et exécuté dans chromium (`tools.browser`, sans fenêtre). Donne
    ``(page, lab, dossier)`` quand les widgets sont affichés, chaque figure ipympl dessinée et
    le noyau au repos depuis `settle` ms ; ferme chromium et JupyterLab, efface le dossier à
    la sortie. Lève RuntimeError (avec les erreurs des cellules) si une cellule échoue."""
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix=prefix))
    write_notebook(root / "carnet.ipynb", cells)
    lab = start_lab(root)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                page = browser.new_page(viewport=viewport)
                open_notebook(page, lab, "carnet.ipynb")
                if not run_all_cells(page):
                    raise RuntimeError("\n".join(cell_errors(page)))
                wait_widgets_rendered(page)
                for figure in page.locator(".jupyter-matplotlib-canvas-div").all():
                    wait_canvas_drawn(page, figure.locator("canvas").first)
                for canvas in page.locator(WEB_FIGURE_CANVAS).all():
                    wait_canvas_drawn(page, canvas)
                wait_kernel_idle(page, settle=settle)
                yield page, lab, root
            finally:
                browser.close()
    finally:
        lab.stop()
        shutil.rmtree(root, ignore_errors=True)
