"""Le site JupyterLite du cours (build/lite) piloté dans chromium : le servir, l'isoler du
réseau, y ouvrir un chapitre, y trouver et y faire bouger les widgets vivants. Partagé par les
tests du site (tests/lite/, `make lite-test`) et son benchmark (benchmarks/bench_lite.py).

- `serve(site)` : ``python -m http.server -d SITE`` sur 127.0.0.1 (port libre) ; `stop` l'arrête
  par son pid ;
- `network_isolated()` : vrai dans un espace de noms réseau sans autre interface que la boucle
  locale (``unshare -n``, comme le fait `make lite-test`) ; `loopback_up()` allume cette boucle ;
- `expose_app(page)` : le site tel quel, à un réglage près dans la page testée
  (``exposeAppInBrowser``) pour que ``window.jupyterapp`` existe et que les aides de
  `tools.lab` (commandes JupyterLab, état du noyau, sorties) s'appliquent ;
- `open_chapter(page, url, nom)` : ouvre ``lab/index.html?path=<nom>`` et attend le noyau Pyodide ;
- `append_cell(page, code)` : ajoute une cellule de code à la fin du carnet ouvert et l'exécute ;
- widgets vivants (`live_widgets`, `wait_canvases_drawn`, `move_a_slider`) : toute sortie qui a
  un curseur ipywidgets et un ``<canvas>`` (le canevas d'ipympl ou celui d'un anywidget, comme
  la figure web de l'explorateur) ; un appui sur une flèche dans un de ses curseurs (le premier
  qui a un effet visible) doit changer les pixels d'un de ses canevas.
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

from .lab import wait_kernel_idle

REPO_ROOT = Path(__file__).resolve().parents[1]
SITE_DIR = REPO_ROOT / "build" / "lite"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "lite"
VIEWPORT = {"width": 1440, "height": 900}
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


def serve(site: Path = SITE_DIR, timeout: float = 30, log_name: str = "http-server.log") -> Server:
    """Sert `site` en HTTP sur 127.0.0.1 ; le journal va dans test-artifacts/lite/`log_name`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS_DIR / log_name
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


#: enveloppe window.fetch de la page : les jupyter-lite.json qu'elle lit (config-utils.js de
#: JupyterLite les lit par window.fetch) reçoivent ``exposeAppInBrowser`` et `TEST_SETTINGS`.
#: Un script plutôt qu'un routage de Playwright, qui désactiverait le cache du navigateur et ne
#: verrait pas les requêtes servies par le service worker du site.
_JS_EXPOSE_APP = """(settings) => {
    const original = window.fetch;
    window.fetch = async function (input, init) {
        const response = await original.call(this, input, init);
        const url = typeof input === 'string' ? input : String((input && input.url) || input);
        if (!/jupyter-lite\\.json([?#]|$)/.test(url) || !response.ok) return response;
        const data = await response.clone().json();
        const config = data['jupyter-config-data'];
        if (config) {
            config.exposeAppInBrowser = 'true';
            if (config.settingsOverrides) Object.assign(config.settingsOverrides, settings);
        }
        return new Response(JSON.stringify(data),
                            {status: response.status, headers: response.headers});
    };
}"""


def expose_app(page) -> None:
    """Dans la page (avant son chargement), ajoute aux jupyter-lite.json qu'elle lit
    ``exposeAppInBrowser`` et les réglages `TEST_SETTINGS` (rien d'autre)."""
    page.add_init_script(f"({_JS_EXPOSE_APP})({json.dumps(TEST_SETTINGS)})")


def chapter_url(base: str, name: str) -> str:
    return f"{base}/lab/index.html?path={name}"


def open_chapter(page, base: str, name: str, *, timeout: float = 240_000) -> None:
    """Ouvre le chapitre `name` du site servi à `base` et attend que son noyau Pyodide soit
    prêt (démarré, au repos)."""
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


def append_cell(page, code: str, *, timeout: float = 240_000) -> int:
    """Ajoute une cellule de code `code` à la fin du carnet courant, l'exécute et attend le
    noyau au repos ; renvoie son indice."""
    index = page.evaluate(
        """(code) => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            const n = nb.model.cells.length;
            nb.model.sharedModel.insertCell(n, {cell_type: 'code', source: code});
            nb.activeCellIndex = n;
            return n;
        }""",
        code,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
    wait_kernel_idle(page, timeout)
    return index


# --------------------------------------------------------------------------- widgets vivants

#: marque chaque sortie qui a un curseur ipywidgets et un <canvas> (un widget vivant :
#: explorateur, sonde, figure web…) d'un attribut data-live-widget=k ; renvoie leur nombre
_JS_MARK_LIVE = """() => {
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')].filter(
        o => o.querySelector('.widget-slider .noUi-handle') && o.querySelector('canvas'));
    outputs.forEach((o, k) => o.setAttribute('data-live-widget', String(k)));
    return outputs.length;
}"""

#: les pixels de chaque <canvas> de l'élément (data URL ; "" pour un canevas vide ou sans taille)
_JS_CANVASES = """(el) => [...el.querySelectorAll('canvas')].map(c => {
    if (!c.width || !c.height) return '';
    const blank = document.createElement('canvas');
    blank.width = c.width;
    blank.height = c.height;
    const url = c.toDataURL('image/png');
    return url === blank.toDataURL('image/png') ? '' : url;
})"""


def live_widgets(page) -> list:
    """Les widgets vivants du carnet (locators Playwright), dans l'ordre du carnet : toute
    sortie qui a un curseur ipywidgets et un ``<canvas>``, quel que soit le widget."""
    n = page.evaluate(_JS_MARK_LIVE)
    return [page.locator(f'[data-live-widget="{k}"]') for k in range(n)]


def canvases(widget) -> list[str]:
    """Les pixels de chaque canevas de `widget` (data URL ; "" s'il est vide)."""
    return widget.evaluate(_JS_CANVASES)


def wait_canvases_drawn(page, widget, *, timeout: float = 60_000) -> list[str]:
    """Attend qu'au moins un canevas de `widget` soit dessiné (ipympl reçoit sa première image
    après l'affichage ; un anywidget dessine quand il a son fond) ; renvoie leurs pixels."""
    page.wait_for_function(f"(el) => ({_JS_CANVASES})(el).some(u => u !== '')",
                           arg=widget.element_handle(), timeout=timeout, polling=100)
    return canvases(widget)


#: attend qu'un canevas de l'élément change (« changed »), ou que le noyau soit au repos depuis
#: `quiet` ms sans qu'aucun ait changé (« quiet » : le noyau a répondu, l'image n'a pas bougé)
_JS_CANVAS_CHANGED_OR_QUIET = f"""([el, before, quiet]) => {{
    const now = ({_JS_CANVASES})(el);
    if (now.length === before.length && now.some((u, i) => u !== before[i])) return 'changed';
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
                   && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') {{ window.__liteQuietSince = null; return null; }}
    window.__liteQuietSince = window.__liteQuietSince || performance.now();
    return performance.now() - window.__liteQuietSince >= quiet ? 'quiet' : null;
}}"""


def _press_arrow(page, slider) -> tuple[str, str, str]:
    """Un appui sur → dans `slider` (← ← s'il est au bout de sa glissière) ; renvoie son nom
    et sa valeur affichée avant et après. Lève AssertionError si la valeur ne change pas."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    label = slider.locator(".widget-label").first.inner_text().strip()
    readout = slider.locator(".widget-readout").first
    handle = slider.locator(".noUi-handle").first
    slider.scroll_into_view_if_needed()
    value = readout.inner_text()
    handle.focus()
    for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
        handle.press(key)
        try:
            page.wait_for_function("([r, v]) => r.innerText !== v", timeout=2_000,
                                   arg=[readout.element_handle(), value], polling=50)
            break
        except PlaywrightTimeout:
            pass
    after = readout.inner_text()
    assert after != value, f"le curseur « {label} » ne bouge pas ({value})"
    return label, value, after


def move_a_slider(page, widget, *, timeout: float = 60_000, quiet: float = 3_000) -> dict:
    """Un appui sur une flèche dans un curseur visible de `widget`, qui doit changer les pixels
    d'un de ses canevas. Les curseurs sont essayés dans l'ordre : quand le noyau est au repos
    depuis `quiet` ms sans que l'image ait changé (l'explorateur parti exactement du point
    selle ne bouge pas quand η change), le suivant. Renvoie le nom du curseur qui a fait
    bouger l'image, ses valeurs avant/après et les curseurs essayés sans effet.

    Lève AssertionError si aucun curseur ne change l'image (ou si une valeur affichée ne change
    pas), TimeoutError (Playwright) si le noyau ne revient pas au repos dans le délai."""
    sliders = widget.locator(".widget-slider:visible")
    unchanged = []
    for k in range(sliders.count()):
        before = canvases(widget)
        label, value, after = _press_arrow(page, sliders.nth(k))
        page.evaluate("() => { window.__liteQuietSince = null; }")
        outcome = page.wait_for_function(
            _JS_CANVAS_CHANGED_OR_QUIET, arg=[widget.element_handle(), before, quiet],
            timeout=timeout, polling=100).json_value()
        if outcome == "changed":
            return {"slider": label, "before": value, "after": after, "unchanged": unchanged}
        unchanged.append(f"{label} {value} → {after}")
    raise AssertionError(f"aucun curseur ne change l'image du widget : {unchanged}")
