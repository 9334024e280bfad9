"""Vitesse de l'explorateur dans le navigateur (JupyterLab + chromium sans écran), contre une
référence naïve mesurée dans la même exécution.

- (A) explorateur : ``Explorer(F, eta=0.1)`` sur ``LeastSquares(*linear_example())``, canevas
  ipympl mis à jour par blitting ;
- (B) référence : un ``interact`` sur η (``FloatLogSlider`` de même plage, même pas, même
  largeur) qui, en ``%matplotlib inline``, retrace tout sur une figure neuve à chaque
  mouvement : ``plot_contour``, trajectoire ``gradient_descent(F, (-7, 7), eta, 20)`` et courbe
  d'apprentissage (figure de 10 × 4,3 pouces à 100 ppp, la taille du canevas de l'explorateur).

Trois mesures, pour chacun des deux, entrelacées (A, B, A, B…) et répétées ``--tours`` fois :

1. délai entre un appui sur → (bouton du curseur η ayant le focus) et la nouvelle image
   peinte, médiane de ``--appuis`` appuis isolés par tour ;
2. délai entre le dernier de 30 appuis rapides (30 ms d'écart) et la dernière image peinte :
   on note les images jusqu'à 2 s de calme, puis on vérifie que l'état final peint est celui
   de la dernière valeur du curseur (explorateur : ligne d'état qui annonce le η affiché et
   pixels du canevas identiques à l'image que le noyau croit montrer ; référence : texte et
   image de la dernière exécution) ;
3. nombre d'images distinctes peintes pendant un glissement d'une seconde du bouton η (de
   petits déplacements de souris, aussi serrés que Playwright le permet), ramené à une
   seconde. Playwright attend que la page ait traité chaque déplacement : une page occupée
   n'en reçoit que 20 à 40 par seconde. D'où la mesure 3 bis, même glissement avec un
   déplacement émis par la page à chaque image (~60 par seconde, le rythme d'une vraie
   souris, que Chromium regroupe par image).

« Peinte » : pour le canevas ipympl, une boucle ``requestAnimationFrame`` dans la page calcule
une empreinte de quelques lignes de pixels (``getImageData``, une ligne sur 5) et note
``performance.now()`` à chaque changement ; pour la référence, un ``MutationObserver`` sur la
sortie de l'``interact`` note chaque nouvelle ``<img>`` insérée, attend son décodage
(``img.decode()``), puis l'image suivante de la page (``requestAnimationFrame``). L'appui est
daté dans la page (écouteur ``keydown`` en phase de capture).

Pour comprendre les chiffres, le script affiche aussi :

- la décomposition d'un appui isolé (page → noyau → page → image peinte) et du cycle d'une
  mise à jour pendant les glissements, à partir de tous les messages du noyau vus par la page
  (``kernel.anyMessage`` de JupyterLab, datés dans la page, et par le noyau dans
  ``header.date``), et les messages reçus par mise à jour ;
- le temps processeur de chaque processus (noyau, serveur, chromium…) pendant les glissements ;
- hors objectifs, ``--clics`` clics sur les courbes de niveau (3 par défaut, à la fin) : l'image
  de la page est-elle celle que le noyau croit montrer ?
- avec ``--profil``, un profil (cProfile) dans le noyau de 40 mises à jour de η.

Lancer : ``.venv/bin/python benchmarks/bench_browser.py`` (chromium de Debian requis :
``make chromium`` ; jamais ``playwright install``). Options : ``--tours N`` (3),
``--appuis N`` (15), ``--clics N`` (3), ``--profil``. Compter 10 minutes pour 3 tours.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.lab import (  # noqa: E402
    MPL_CANVAS,
    SLIDER_HANDLE,
    cell_errors,
    kernel_exec,
    open_notebook,
    run_all_cells,
    start_lab,
    wait_canvas_drawn,
    wait_kernel_idle,
    wait_widgets_rendered,
    write_notebook,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Assez haute pour que les deux figures et leurs curseurs tiennent à l'écran ensemble.
VIEWPORT = {"width": 1280, "height": 1700}

ETA0 = 0.1  # η de départ (sur la grille du curseur) ; tout reste sous 2/L ≈ 0,4957
ETA_DRAG_END = 0.05  # le glissement ramène η vers cette valeur
ETA_PAGE_DRAG_END = 0.25  # puis le glissement 3 bis le remonte vers celle-ci
BURST, BURST_GAP = 30, 0.030  # mesure 2 : 30 appuis, 30 ms d'écart
QUIET = 2.0  # s de calme qui closent la mesure 2
DRAG_TIME = 1.0  # s
ROW_STEP = 5  # la sonde du canevas lit une ligne de pixels sur 5

SETUP = """\
%matplotlib inline
import matplotlib.pyplot as plt
from ipywidgets import FloatLogSlider, Layout, interact
from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.plotting import plot_contour, plot_learning_curve, plot_trajectory
from course_utils.widgets import Explorer
F = LeastSquares(*linear_example())"""

EXPLORER = f"e = Explorer(F, eta={ETA0})\ne"

# La référence : ce qu'on écrirait sans l'explorateur (tout est retracé à chaque mouvement).
BASELINE = """\
c = e.controls["eta"]
s = FloatLogSlider(value=c.value, base=c.base, min=c.min, max=c.max, step=c.step,
                   description="pas η (référence)", readout_format=".4g",
                   style={"description_width": "initial"}, layout=Layout(width="330px"))

def baseline(eta):
    fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), dpi=100,
                                  gridspec_kw={"width_ratios": [1.0, 1.3]})
    plot_contour(ax, F)
    Z = gradient_descent(F, (-7, 7), eta, 20)
    plot_trajectory(ax, Z)
    plot_learning_curve(axc, F, Z)
    plt.show()
    print(f"η = {eta:.4g}")

interact(baseline, eta=s);"""

E_BOX, B_BOX = ".course-explorer", ".widget-interact"

# --------------------------------------------------------------------------- sondes (page)

# Installées une fois la page prête. window.__bench : appuis, boutons de souris, images
# peintes (E : canevas ipympl, B : <img> de la référence), messages du noyau.
PROBES = """([canvasSel, interactSel, rowStep]) => {
  const W = window.__bench = {keys: [], downs: [], ups: [], paints: {E: [], B: []},
                              probe: {n: 0, ms: 0}, msgs: [], toDataURL: []};
  document.addEventListener('keydown', () => W.keys.push(performance.now()), true);
  document.addEventListener('pointerdown', () => W.downs.push(performance.now()), true);
  document.addEventListener('pointerup', () => W.ups.push(performance.now()), true);

  // (A) empreinte de quelques lignes du canevas ipympl, à chaque image de la page
  const canvas = document.querySelector(canvasSel);
  const ctx = canvas.getContext('2d');
  const hash = () => {
    const w = canvas.width, h = canvas.height;
    let x = 0x811c9dc5 ^ w ^ (h << 16);
    for (let y = 1; y < h; y += rowStep) {
      const row = new Uint32Array(ctx.getImageData(0, y, w, 1).data.buffer);
      for (let i = 0; i < row.length; i++) x = Math.imul(x ^ row[i], 16777619);
    }
    return x;
  };
  let last = hash();
  const loop = () => {
    const t = performance.now();
    const x = hash();
    W.probe.ms += performance.now() - t; W.probe.n++;
    if (x !== last) { last = x; W.paints.E.push(t); }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  // (B) nouvelle <img> dans la sortie de l'interact : décodée, puis l'image suivante de la page
  const box = document.querySelector(interactSel);
  const seen = new WeakMap();
  let lastSrc = null;
  const onImg = img => {
    const src = img.getAttribute('src');
    if (!src || seen.get(img) === src) return;
    seen.set(img, src);
    img.decode().then(() => requestAnimationFrame(() => {
      const t = performance.now();
      if (src !== lastSrc) { lastSrc = src; W.paints.B.push(t); }
    })).catch(() => {});
  };
  new MutationObserver(muts => {
    for (const m of muts) {
      if (m.type === 'attributes' && m.target.tagName === 'IMG') onImg(m.target);
      for (const n of m.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.tagName === 'IMG') onImg(n);
        n.querySelectorAll('img').forEach(onImg);
      }
    }
  }).observe(box, {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});

  // coût de toDataURL (ipympl l'appelle à chaque image reçue)
  const orig = HTMLCanvasElement.prototype.toDataURL;
  HTMLCanvasElement.prototype.toDataURL = function (...args) {
    const t = performance.now();
    try { return orig.apply(this, args); }
    finally { if (!this.isConnected)  // le canevas hors page d'ipympl, pas nos lectures
                W.toDataURL.push([t, performance.now() - t, this.width, this.height]); }
  };

  // tous les messages du noyau, datés dans la page (et par le noyau : header.date)
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  kernel.anyMessage.connect((_, args) => {
    const m = args.msg, c = m.content || {}, d = c.data || {};
    let custom = null;
    if (d.method === 'custom' && d.content && typeof d.content.data === 'string') {
      try { custom = JSON.parse(d.content.data).type; } catch (e) { custom = '?'; }
    }
    W.msgs.push({dir: args.direction, t: performance.now(), chan: m.channel,
                 type: m.header.msg_type, date: m.header.date, id: m.header.msg_id,
                 parent: m.parent_header ? m.parent_header.msg_id : null,
                 comm: c.comm_id || null, method: d.method || null,
                 keys: d.state ? Object.keys(d.state) : null, custom,
                 state: c.execution_state || null,
                 mime: c.data && !d.method ? Object.keys(c.data) : null,
                 bytes: (m.buffers || []).reduce((s, b) => s + (b.byteLength || 0), 0)});
  });
  return {timeOrigin: performance.timeOrigin, now: performance.now(), date: Date.now()};
}"""

def now(page) -> float:
    return page.evaluate("performance.now()")


def paints(page, who: str) -> list[float]:
    return page.evaluate("w => window.__bench.paints[w]", who)


def keys(page) -> list[float]:
    return page.evaluate("window.__bench.keys")


def wait_quiet(page, who: str, since: float, quiet: float, timeout: float = 60.0) -> None:
    """Attend `quiet` s sans nouvelle image peinte (ni appui) après `since` (ms page)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(
            "([w, s]) => { const B = window.__bench; const p = B.paints[w];"
            " return [performance.now(), Math.max(s, p.length ? p[p.length - 1] : 0,"
            " B.keys.length ? B.keys[B.keys.length - 1] : 0)]; }", [who, since])
        if state[0] - state[1] >= quiet * 1000:
            return
        time.sleep(0.1)
    raise TimeoutError(f"pas de calme en {timeout} s ({who})")


def ready_page(browser, lab, notebook: str, *, baseline: bool):
    """Ouvre le carnet dans JupyterLab, l'exécute, attend les widgets, l'image du canevas et le
    calme du noyau ; panneau de gauche replié, explorateur à l'écran."""
    page = browser.new_page(viewport=VIEWPORT)
    open_notebook(page, lab, notebook)
    if not run_all_cells(page):
        raise RuntimeError("\n".join(cell_errors(page)))
    wait_widgets_rendered(page)
    wait_canvas_drawn(page, page.locator(f"{E_BOX} {MPL_CANVAS}").first)
    if baseline:
        page.locator(f"{B_BOX} .jp-OutputArea-output img").first.wait_for(timeout=60_000)
    wait_kernel_idle(page, settle=1500)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.locator(E_BOX).scroll_into_view_if_needed()
    return page


@contextmanager
def explorer_page(cells: list[str], prefix: str):
    """JupyterLab sur un carnet temporaire fait de `cells`, chromium sur ce carnet exécuté
    (``ready_page``) : donne (page, lab, dossier) ; ferme chromium et JupyterLab à la sortie."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    write_notebook(root / "bench.ipynb", cells)
    print("Démarrage de JupyterLab et de chromium…", flush=True)
    lab = start_lab(root)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                        headless=True)
            try:
                yield ready_page(browser, lab, "bench.ipynb",
                                 baseline=BASELINE in cells), lab, root
            finally:
                browser.close()
    finally:
        lab.stop()


# --------------------------------------------------------------------------- temps processeur


def cpu_groups(lab) -> dict[str, list[int]]:
    """Les processus qui travaillent pendant une mesure, par rôle (Linux, /proc)."""
    tree = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        tree[int(entry.name)] = (ppid, cmd)

    def descendants(root):
        found, todo = {root}, [root]
        while todo:
            parent = todo.pop()
            for pid, (ppid, _) in tree.items():
                if ppid == parent and pid not in found:
                    found.add(pid)
                    todo.append(pid)
        return found

    groups = {"noyau": [], "serveur Jupyter": [lab.proc.pid], "chromium : page (rendu)": [],
              "chromium : GPU/composition": [], "chromium : autres": [], "pilote Playwright": []}
    server = descendants(lab.proc.pid)
    for pid in server:
        if "ipykernel" in tree[pid][1]:
            groups["noyau"].append(pid)
    for pid in descendants(os.getpid()) - server - {os.getpid()}:
        cmd = tree[pid][1]
        if "--type=renderer" in cmd:
            groups["chromium : page (rendu)"].append(pid)
        elif "--type=gpu-process" in cmd:
            groups["chromium : GPU/composition"].append(pid)
        elif "chromium" in cmd or "chrome" in cmd:
            groups["chromium : autres"].append(pid)
        else:
            groups["pilote Playwright"].append(pid)
    return groups


def cpu_ms(groups: dict[str, list[int]]) -> dict[str, float]:
    """Temps processeur cumulé (utilisateur + système, ms) de chaque rôle."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for name, pids in groups.items():
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                pass
        out[name] = total * 1000 / tick
    return out


# --------------------------------------------------------------------------- les deux figures


class Subject:
    """Un des deux sujets mesurés : son curseur η, sa sonde d'images, son état final."""

    def __init__(self, page, who: str, box: str, label: str):
        self.page, self.who, self.label = page, who, label
        self.box = page.locator(box)
        slider = self.box.locator(".widget-slider").filter(has_text="pas η").first
        self.handle = slider.locator(SLIDER_HANDLE).first
        self.track = slider.locator(".noUi-target").first
        self.readout_loc = slider.locator(".widget-readout").first

    def readout(self) -> float:
        return float(self.readout_loc.inner_text().strip())

    def shown_eta(self) -> float | None:
        """Le η que la figure annonce (ligne d'état ou texte de la référence)."""
        if self.who == "E":
            text = self.box.locator(".widget-html").last.inner_text()
        else:
            text = self.box.locator(".jp-OutputArea-output").all_inner_texts()
            text = " ".join(text)
        match = re.search(r"η = ([0-9.e+-]+)", text)
        return float(match.group(1)) if match else None

    def focus(self):
        self.handle.focus()


def final_state(page, subject: Subject, root: Path) -> tuple[bool, str]:
    """L'état peint correspond-il à la dernière valeur du curseur ?"""
    readout = subject.readout()
    shown = subject.shown_eta()
    ok = shown is not None and abs(shown - readout) <= 1e-3 * readout
    detail = f"curseur {readout:.4g}, figure {shown if shown is None else format(shown, '.4g')}"
    if subject.who == "E":
        # les pixels du canevas de la page contre l'image que le noyau a envoyée en dernier
        path = root / "noyau.png"
        out = kernel_exec(page, (
            "import numpy as _np; from PIL import Image as _I\n"
            "_I.fromarray(_np.asarray(e._canvas.buffer_rgba())).save("
            f"{str(path)!r})\n"
            "print(repr(e.controls['eta'].value))"))
        kernel = np.asarray(Image.open(path).convert("RGBA"))
        url = page.locator(f"{E_BOX} {MPL_CANVAS}").first.evaluate("c => c.toDataURL('image/png')")
        shown_px = np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
                              .convert("RGBA"))
        if kernel.shape != shown_px.shape:
            ok = False
            detail += f" ; tailles différentes {shown_px.shape} / {kernel.shape} (noyau)"
        else:
            mask = (kernel != shown_px).any(axis=-1)
            bad = int(mask.sum())
            if bad and os.environ.get("BENCH_DUMP"):
                stamp = f"{os.environ['BENCH_DUMP']}-{time.time():.0f}"
                Image.fromarray(shown_px).save(f"{stamp}-page.png")
                Image.fromarray(kernel).save(f"{stamp}-noyau.png")
                ys, xs = np.nonzero(mask)
                detail += f" [x {xs.min()}–{xs.max()}, y {ys.min()}–{ys.max()}]"
            ok = ok and bad == 0
            detail += (" ; pixels identiques à l'image du noyau" if bad == 0
                       else f" ; {bad} pixels diffèrent de l'image du noyau")
        detail += f" ; η du noyau {float(out):.4g}"
    else:
        n_img = subject.box.locator(".jp-OutputArea-output img").count()
        complete = subject.box.locator(".jp-OutputArea-output img").last.evaluate(
            "i => i.complete && i.naturalWidth > 0") if n_img else False
        ok = ok and n_img == 1 and complete
        detail += f" ; {n_img} image(s), décodée : {'oui' if complete else 'non'}"
    return ok, detail


def press_once(page, subject: Subject, timeout: float = 30.0) -> dict:
    """Mesure 1 : un appui isolé ; délai jusqu'à la première image peinte après l'appui."""
    subject.focus()
    n_keys = len(keys(page))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("n => window.__bench.keys.length > n", arg=n_keys, timeout=5000)
    t_key = keys(page)[n_keys]
    page.wait_for_function("([w, t]) => window.__bench.paints[w].some(p => p > t)",
                           arg=[subject.who, t_key], timeout=timeout * 1000, polling=20)
    wait_quiet(page, subject.who, t_key, 0.5)
    after = [p for p in paints(page, subject.who) if p > t_key]
    return {"key": t_key, "paint": after[0], "delay": after[0] - t_key, "n_paints": len(after)}


def burst(page, subject: Subject, root: Path) -> dict:
    """Mesure 2 : 30 appuis rapides ; délai entre le dernier appui et la dernière image."""
    subject.focus()
    n_keys = len(keys(page))
    t0 = time.perf_counter()
    for k in range(BURST):
        delay = t0 + k * BURST_GAP - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        page.keyboard.press("ArrowRight")
    page.wait_for_function("n => window.__bench.keys.length >= n", arg=n_keys + BURST,
                           timeout=5000)
    k = keys(page)[n_keys:]
    wait_quiet(page, subject.who, k[-1], QUIET)
    p = paints(page, subject.who)
    during = [x for x in p if x > k[0]]
    after = [x for x in p if x > k[-1]]
    ok, detail = final_state(page, subject, root)
    return {"delay": (after[-1] - k[-1]) if after else float("nan"),
            "n_paints": len(during), "gap": (k[-1] - k[0]) / (len(k) - 1),
            "ok": ok and bool(after), "detail": detail if after else
            detail + " ; AUCUNE image après le dernier appui"}


# Mesure 3 bis : les mouvements partent de la page, un par image (requestAnimationFrame),
# comme ceux d'une vraie souris que Chromium regroupe par image ; noUiSlider (le curseur
# d'ipywidgets) les écoute sur document.documentElement.
PAGE_DRAG = """async ([x, y, dx, ms]) => {
  const t0 = performance.now();
  let n = 0;
  await new Promise(done => {
    const step = () => {
      const el = performance.now() - t0, cx = x + dx * Math.min(el / ms, 1);
      document.documentElement.dispatchEvent(new MouseEvent('mousemove', {
        clientX: cx, clientY: y, buttons: 1, bubbles: true, cancelable: true}));
      n++;
      if (el < ms) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  return n;
}"""


def drag(page, subject: Subject, root: Path, groups: dict, in_page: bool = False) -> dict:
    """Mesure 3 : glissement d'une seconde du bouton η, vers η = 0,05, mouvements de souris de
    Playwright (chacun attend que la page l'ait traité). Mesure 3 bis (`in_page`) : vers
    η = 0,25, mouvements envoyés par la page à chaque image (PAGE_DRAG)."""
    subject.handle.scroll_into_view_if_needed()
    hb, tb = subject.handle.bounding_box(), subject.track.bounding_box()
    var = "e.controls['eta']" if subject.who == "E" else "s"
    c = kernel_exec(page, f"print({var}.min, {var}.max)").split()
    px_per_decade = tb["width"] / (float(c[1]) - float(c[0]))
    target = ETA_PAGE_DRAG_END if in_page else ETA_DRAG_END
    dx = -np.log10(subject.readout() / target) * px_per_decade
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    page.mouse.move(x, y)
    n_down, n_up = (len(page.evaluate(f"window.__bench.{k}")) for k in ("downs", "ups"))
    c0 = cpu_ms(groups)
    page.mouse.down()
    t0 = time.perf_counter()
    moves = 0
    if in_page:
        moves = page.evaluate(PAGE_DRAG, [x, y, dx, DRAG_TIME * 1000])
    while not in_page and (el := time.perf_counter() - t0) < DRAG_TIME:
        page.mouse.move(x + dx * el / DRAG_TIME, y)
        moves += 1
        time.sleep(0.004)
    page.mouse.move(x + dx, y)
    page.mouse.up()
    wall = time.perf_counter() - t0
    c1 = cpu_ms(groups)
    t_down = page.evaluate("window.__bench.downs")[n_down]
    t_up = page.evaluate("window.__bench.ups")[n_up]
    wait_quiet(page, subject.who, t_up, QUIET)
    inside = [p for p in paints(page, subject.who) if t_down < p <= t_up]
    ok, detail = final_state(page, subject, root)
    span = (t_up - t_down) / 1000
    return {"frames": len(inside), "span": span, "rate": len(inside) / span, "moves": moves,
            "down": t_down, "up": t_up,
            "ok": ok, "detail": detail, "cpu": {k: (c1[k] - c0[k]) / wall for k in c0}}


def click_check(page, subject: Subject, root: Path, n: int) -> list[tuple[bool, str, int]]:
    """Hors objectifs : un clic sur les courbes de niveau (le départ suit) laisse-t-il dans la
    page l'image que le noyau croit montrer ? Renvoie (correct, détail, images reçues)."""
    out = []
    canvas = page.locator(f"{E_BOX} {MPL_CANVAS}").first
    box = canvas.bounding_box()
    points = [(0.15, 0.3), (0.3, 0.7), (0.25, 0.45), (0.12, 0.6), (0.35, 0.25)]
    for k in range(n):
        fx, fy = points[k % len(points)]
        n_msgs = page.evaluate("window.__bench.msgs.length")
        t = now(page)
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        wait_quiet(page, "E", t, 1.5)
        images = page.evaluate("n => window.__bench.msgs.slice(n).filter(m => m.dir === 'recv'"
                               " && m.type === 'comm_msg' && m.bytes > 0).length", n_msgs)
        ok, detail = final_state(page, subject, root)
        out.append((ok, detail.split(" ; ", 1)[-1], images))
    return out


# --------------------------------------------------------------------------- décomposition


def kernel_ms(date: str, clock: dict) -> float:
    """header.date du noyau (ISO, UTC) en ms sur l'horloge performance.now() de la page."""
    epoch = datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp() * 1000
    return epoch - clock["timeOrigin"] - clock["skew"]


def kind_of(m: dict, names: dict) -> str:
    """Un nom court pour un message reçu du noyau."""
    if m["type"] == "status":
        return f"status {m['state']}"
    if m["type"] == "comm_msg":
        who = names.get(m["comm"], "widget ?")
        if m["method"] == "custom":
            return f"comm {who} : custom {m['custom']}" + (" (image)" if m["bytes"] else "")
        return f"comm {who} : {m['method']} {','.join(m['keys'] or [])}"
    if m["type"] in ("display_data", "execute_result"):
        return f"{m['type']} ({', '.join(m['mime'] or [])})"
    return m["type"]


def breakdown(presses: list[dict], msgs: list[dict], clock: dict, names: dict,
              comm: str) -> dict:
    """Pour chaque appui isolé : le message « update » du curseur `comm`, la réponse du noyau,
    l'image."""
    rows, kinds = [], {}
    for pr in presses:
        sent = next((m for m in msgs if m["dir"] == "send" and m["type"] == "comm_msg"
                     and m["method"] == "update" and m["comm"] == comm
                     and m["t"] >= pr["key"]), None)
        if sent is None:
            continue
        reply = [m for m in msgs if m["dir"] == "recv" and m["parent"] == sent["id"]]
        busy = next((m for m in reply if m["type"] == "status" and m["state"] == "busy"), None)
        idle = next((m for m in reply if m["type"] == "status" and m["state"] == "idle"), None)
        image = next((m for m in reply if (m["type"] == "comm_msg" and m["bytes"])
                      or (m["type"] == "display_data" and "image/png" in (m["mime"] or []))), None)
        if not (busy and idle and image):
            continue
        for m in reply:
            kinds.setdefault(kind_of(m, names), []).append(m["bytes"])
        rows.append({
            "appui → message envoyé (page)": sent["t"] - pr["key"],
            "envoyé → noyau au travail (busy)": kernel_ms(busy["date"], clock) - sent["t"],
            "noyau : busy → image envoyée": kernel_ms(image["date"], clock)
                                            - kernel_ms(busy["date"], clock),
            "image envoyée → reçue par la page": image["t"] - kernel_ms(image["date"], clock),
            "image reçue → image peinte": pr["paint"] - image["t"],
            "total appui → image peinte": pr["delay"],
            "aller-retour envoyé → idle reçu (page)": idle["t"] - sent["t"],
        })
    n = len(rows)
    return {"n": n,
            "phases": {k: statistics.median(r[k] for r in rows) for k in (rows[0] if rows else {})},
            "kinds": {k: (len(v) / n, sum(v) / len(v)) for k, v in kinds.items()} if n else {}}


def drag_breakdown(drags: list[dict], msgs: list[dict], clock: dict, comm: str) -> dict:
    """Pendant les glissements : le cycle d'une mise à jour, message envoyé → message suivant.

    Le front-end d'ipywidgets n'envoie une nouvelle valeur qu'après le « idle » du noyau pour
    la précédente : la période est donc l'aller-retour complet."""
    rows = []
    for d in drags:
        sends = [m for m in msgs if m["dir"] == "send" and m["type"] == "comm_msg"
                 and m["method"] == "update" and m["comm"] == comm
                 and d["down"] <= m["t"] <= d["up"]]
        for a, b in zip(sends, sends[1:]):
            reply = [m for m in msgs if m["dir"] == "recv" and m["parent"] == a["id"]]
            busy = next((m for m in reply if m["state"] == "busy"), None)
            idle = next((m for m in reply if m["state"] == "idle"), None)
            image = next((m for m in reply if m["bytes"] > 0), None)
            if not (busy and idle and image):
                continue
            kb, ki = kernel_ms(busy["date"], clock), kernel_ms(idle["date"], clock)
            rows.append({"envoi → noyau au travail (busy)": kb - a["t"],
                         "noyau : busy → image envoyée": kernel_ms(image["date"], clock) - kb,
                         "image envoyée → reçue par la page":
                             image["t"] - kernel_ms(image["date"], clock),
                         "noyau : busy → idle (calcul, image)": ki - kb,
                         "idle daté par le noyau → reçu par la page": idle["t"] - ki,
                         "image reçue → idle reçu (page)": idle["t"] - image["t"],
                         "idle reçu → valeur suivante envoyée": b["t"] - idle["t"],
                         "période (une mise à jour)": b["t"] - a["t"]})
    if not rows:
        return {}
    out = {k: (statistics.median(r[k] for r in rows), float(np.percentile([r[k] for r in rows], 90)))
           for k in rows[0]}
    return out | {"n": len(rows)}


# --------------------------------------------------------------------------- profil du noyau

PROFILE = """\
import cProfile as _cp, pstats as _ps, time as _t, numpy as _np
_c = e.controls['eta']; _v0 = _c.value
_etas = _np.geomspace(0.05, 0.45, 40)
_pr = _cp.Profile(); _t0 = _t.perf_counter(); _pr.enable()
for _v in _etas: _c.value = float(_v)
_pr.disable(); _dt = (_t.perf_counter() - _t0) / len(_etas)
_c.value = _v0
_st = _ps.Stats(_pr).stats
def _cum(where, name):
    return sum(v[3] for k, v in _st.items() if k[2] == name and where in k[0]) / len(_etas) * 1e3
print(f"par mise à jour (sous cProfile, qui ralentit) : {_dt * 1e3:.1f} ms")
for _w, _n, _lbl in [("widgets.py", "_recompute", "_recompute (tout)"),
                     ("optimizers.py", "_trajectory", "trajectoire"),
                     ("status.py", "explorer_status", "texte d'état (explorer_status)"),
                     ("live_figure.py", "_show_status", "ligne d'état (trait + message)"),
                     ("backend_agg", "restore_region", "restore_region"),
                     ("figure.py", "draw_artist", "draw_artist"),
                     ("webagg_core", "get_diff_image", "ipympl : image des différences"),
                     ("PIL", "save", "  dont encodage PNG (PIL)"),
                     ("backend_nbagg", "send_binary", "ipympl : envoi de l'image"),
                     ("session.py", "send", "messages envoyés (Session.send, tous)")]:
    print(f"  {_lbl:42s} {_cum(_w, _n):6.2f} ms")
"""


# --------------------------------------------------------------------------- programme


def fmt(x: float, unit: str) -> str:
    return "—" if x != x else (f"{x:6.0f} ms" if unit == "ms" else f"{x:5.1f} im./s")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tours", type=int, default=3, help="tours de mesure (A et B entrelacés)")
    ap.add_argument("--appuis", type=int, default=15, help="appuis isolés par tour (mesure 1)")
    ap.add_argument("--profil", action="store_true", help="profil des mises à jour dans le noyau")
    ap.add_argument("--clics", type=int, default=3,
                    help="clics sur les courbes de niveau, à la fin (image vérifiée ; 0 : aucun)")
    args = ap.parse_args(argv)

    res = {w: {"press": [], "burst": [], "drag": [], "drag_page": []} for w in "EB"}
    with explorer_page([SETUP, EXPLORER, BASELINE], "bench-browser-") as (page, lab, root):
        clock = page.evaluate(PROBES, [f"{E_BOX} {MPL_CANVAS}", B_BOX, ROW_STEP])
        clock["skew"] = clock["date"] - (clock["timeOrigin"] + clock["now"])
        names = dict(zip(kernel_exec(page, (
            "print(e.controls['eta'].model_id, e.status_widget.model_id, "
            "e._canvas.model_id, e.controls['t'].model_id, e._play.model_id, "
            "s.model_id)")).split(),
            ["η (explorateur)", "ligne d'état", "canevas ipympl", "curseur t", "play",
             "η (référence)"]))
        E = Subject(page, "E", E_BOX, "explorateur")
        B = Subject(page, "B", B_BOX, "référence")
        for s in (E, B):
            if abs(s.readout() - ETA0) > 1e-9:
                raise RuntimeError(f"η initial inattendu ({s.label}) : {s.readout()}")
        groups, idle = cpu_groups(lab), []
        page.wait_for_timeout(1000)

        for r in range(args.tours):
            print(f"Tour {r + 1}/{args.tours}…", flush=True)
            if r:  # on repart de η = 0,1 (sur la grille des curseurs) des deux côtés,
                # et d'une image complète du canevas : chaque vérification de l'état
                # final ne porte que sur son tour
                kernel_exec(page, f"e.controls['eta'].value = {ETA0}; s.value = {ETA0}\n"
                                  "e._canvas._force_full = True; e._blit(full=True)")
                for s in (E, B):
                    wait_quiet(page, s.who, now(page), 1.0)
            order = (E, B) if r % 2 == 0 else (B, E)
            for _ in range(args.appuis):
                for s in order:
                    res[s.who]["press"].append(press_once(page, s))
                    page.wait_for_timeout(300)
            for s in order:
                res[s.who]["burst"].append(burst(page, s, root))
            for s in order:
                res[s.who]["drag"].append(drag(page, s, root, groups))
            for s in order:
                res[s.who]["drag_page"].append(drag(page, s, root, groups, in_page=True))
            c0, t0 = cpu_ms(groups), time.perf_counter()
            page.wait_for_timeout(1000)
            idle.append({k: (v - c0[k]) / (time.perf_counter() - t0)
                         for k, v in cpu_ms(groups).items()})
        clicks = click_check(page, E, root, args.clics)
        msgs = page.evaluate("window.__bench.msgs")
        probe = page.evaluate("window.__bench.probe")
        to_data_url = page.evaluate("window.__bench.toDataURL")
        profile = kernel_exec(page, PROFILE) if args.profil else ""

    report(res, args, msgs, clock, names, probe, to_data_url, profile, idle, clicks)


def report(res, args, msgs, clock, names, probe, to_data_url, profile, idle, clicks):
    med = statistics.median
    fig = {}
    for w in "EB":
        fig[w] = (med(x["delay"] for x in res[w]["press"]),
                  med(x["delay"] for x in res[w]["burst"]),
                  med(x["rate"] for x in res[w]["drag"]),
                  med(x["rate"] for x in res[w]["drag_page"]))
    print()
    print(f"Explorateur (A) contre référence `interact` + `%matplotlib inline` (B), même exécution,"
          f" entrelacés ; {args.tours} tour(s), {args.appuis} appuis isolés par tour.")
    rows = [("1. appui → image peinte (médiane)", "ms", 0.3, "≤", 40),
            ("2. dernier de 30 appuis → dernière image", "ms", 0.4, "≤", 100),
            ("3. images peintes par s de glissement", "im", 4.0, "≥", 20),
            ("3 bis. idem, mouvements émis par la page", "im", 4.0, "≥", 20)]
    head = (f"{'mesure':42} {'explorateur':>12} {'référence':>12} {'rapport':>8}   "
            f"{'objectif (rapport)':26} {'objectif absolu (machine au repos)'}")
    print(head)
    print("-" * len(head))
    for i, (name, unit, target, sense, absolute) in enumerate(rows):
        e, b = fig["E"][i], fig["B"][i]
        ratio = e / b if b else float("nan")
        ok_r = ratio <= target if sense == "≤" else ratio >= target
        ok_a = e < absolute if sense == "≤" else e >= absolute
        u = "ms" if unit == "ms" else "im./s"
        print(f"{name:42} {fmt(e, unit):>12} {fmt(b, unit):>12} {ratio:7.2f}×   "
              f"{sense} {target:g}× : {'atteint' if ok_r else 'non atteint':13} "
              f"{'<' if sense == '≤' else '≥'} {absolute} {u} : "
              f"{'atteint' if ok_a else 'non atteint'}")

    print("\nDétail par tour (explorateur / référence) :")
    for r in range(args.tours):
        pe = [x["delay"] for x in res["E"]["press"][r * args.appuis:(r + 1) * args.appuis]]
        pb = [x["delay"] for x in res["B"]["press"][r * args.appuis:(r + 1) * args.appuis]]
        be, bb = res["E"]["burst"][r], res["B"]["burst"][r]
        de, db = res["E"]["drag"][r], res["B"]["drag"][r]
        pe_, pb_ = res["E"]["drag_page"][r], res["B"]["drag_page"][r]
        print(f"  tour {r + 1} : 1. {med(pe):.0f} / {med(pb):.0f} ms ; "
              f"2. {be['delay']:.0f} / {bb['delay']:.0f} ms "
              f"({be['n_paints']} / {bb['n_paints']} images pendant et après la rafale, "
              f"appuis espacés de {be['gap']:.0f} / {bb['gap']:.0f} ms) ; "
              f"3. {de['frames']} / {db['frames']} images en {de['span']:.2f} / {db['span']:.2f} s"
              f" ({de['moves']} / {db['moves']} déplacements) ; "
              f"3 bis. {pe_['frames']} / {pb_['frames']} images en {pe_['span']:.2f} / "
              f"{pb_['span']:.2f} s ({pe_['moves']} / {pb_['moves']} déplacements)")
    allp = {w: [x["delay"] for x in res[w]["press"]] for w in "EB"}
    for w, lbl in (("E", "explorateur"), ("B", "référence")):
        q = np.percentile(allp[w], [10, 50, 90])
        extra = sum(x["n_paints"] > 1 for x in res[w]["press"])
        print(f"  1. {lbl} : p10 {q[0]:.0f} ms, médiane {q[1]:.0f} ms, p90 {q[2]:.0f} ms "
              f"({len(allp[w])} appuis ; {extra} appui(s) suivis de plus d'une image)")

    print("\nÉtat final après la rafale et après le glissement (dernière valeur peinte ?) :")
    all_ok = True
    for w, lbl in (("E", "explorateur"), ("B", "référence")):
        for r in range(args.tours):
            for what, name in (("burst", "rafale      "), ("drag", "glissement  "),
                               ("drag_page", "glissement 3 bis")):
                x = res[w][what][r]
                all_ok &= x["ok"]
                print(f"  {lbl:11} tour {r + 1}, {name}"
                      f" : {'correct' if x['ok'] else 'INCORRECT'} ({x['detail']})")

    if clicks:
        print("\nHors objectifs — clic sur les courbes de niveau (explorateur) : image de la page "
              "identique à celle du noyau ?")
        for k, (ok, detail, images) in enumerate(clicks):
            print(f"  clic {k + 1} : {'correcte' if ok else 'FAUSSE'} "
                  f"({images} images reçues ; {detail})")

    print("\nOù passe le temps d'un appui isolé (médianes ; « noyau » : dates des messages du "
          "noyau, même horloge système) :")
    slider = {w: next(k for k, v in names.items() if v == f"η ({lbl})")
              for w, lbl in (("E", "explorateur"), ("B", "référence"))}
    for w, lbl in (("E", "explorateur"), ("B", "référence")):
        bd = breakdown(res[w]["press"], msgs, clock, names, slider[w])
        if not bd["n"]:
            print(f"  {lbl} : messages introuvables")
            continue
        print(f"  {lbl} ({bd['n']} appuis) :")
        for k, v in bd["phases"].items():
            print(f"    {k:44} {v:7.1f} ms")
        print("    messages reçus du noyau par mise à jour :")
        for k, (count, size) in sorted(bd["kinds"].items()):
            print(f"      {count:4.1f} × {k}" + (f", {size / 1024:.0f} Ko" if size else ""))
        for what, how in (("drag", "souris de Playwright"), ("drag_page", "3 bis")):
            dd = drag_breakdown(res[w][what], msgs, clock, slider[w])
            if dd:
                n = dd.pop("n")
                print(f"    pendant les glissements, {how} ({n} cycles ; médiane, p90) :")
                for k, (m50, m90) in dd.items():
                    print(f"      {k:44} {m50:6.1f} ms {m90:6.1f} ms")
    print("\nTemps processeur pendant le glissement (ms de processeur par seconde ; la machine "
          f"a {os.cpu_count()} cœurs, soit {1000 * os.cpu_count()} ms/s au plus) :")
    print(f"  {'processus':28} {'explorateur':>12} {'référence':>12} {'page au repos':>14}")
    cpu = {w: {k: med(x["cpu"][k] for x in res[w]["drag"]) for k in res[w]["drag"][0]["cpu"]}
           for w in "EB"}
    rest = {k: med(x[k] for x in idle) for k in idle[0]}
    for k in list(cpu["E"]) + ["total"]:
        vals = [sum(d.values()) if k == "total" else d[k] for d in (cpu["E"], cpu["B"], rest)]
        print(f"  {k:28} {vals[0]:12.0f} {vals[1]:12.0f} {vals[2]:14.0f}")
    if probe["n"]:
        print(f"\nSonde de la page : {probe['ms'] / probe['n']:.2f} ms par image de la page "
              f"({probe['n']} images) pour l'empreinte du canevas.")
    if to_data_url:
        d = [x[1] for x in to_data_url]
        print(f"toDataURL (appelé par ipympl à chaque image reçue) : {len(d)} appels, médiane "
              f"{med(d):.1f} ms, max {max(d):.1f} ms (canevas {to_data_url[0][2]}×"
              f"{to_data_url[0][3]}).")
    if profile:
        print("\nProfil dans le noyau (40 mises à jour de η faites par programme) :")
        print(profile.rstrip())
    print("\nMachine de 2 cœurs partagée : chiffres bruyants ; seuls les rapports, mesurés dans "
          "la même exécution, se comparent d'une exécution à l'autre.")
    if not all_ok:
        print("ATTENTION : un état final ne correspond pas à la dernière valeur du curseur.")
    return fig


if __name__ == "__main__":
    main()
