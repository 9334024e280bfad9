"""La figure web (trajectoires calculées et dessinées dans le navigateur) contre l'explorateur
ipympl d'aujourd'hui et une référence naïve, dans la même page JupyterLab (chromium sans écran).

Trois sujets, sur ``LeastSquares(*linear_example())``, η = 0,1 au départ :

- (W) ``WebFigure`` et ses curseurs (``make_controls``, reliés par jslink) : le navigateur
  calcule la trajectoire (miroir JavaScript) et la dessine sur un canevas posé sur le fond ;
- (E) ``Explorer`` (ipympl) : le noyau calcule, dessine (blitting) et envoie une image PNG ;
- (B) un ``interact`` en ``%matplotlib inline`` qui retrace tout à chaque mouvement (la même
  référence que benchmarks/bench_browser.py).

Mesures, entrelacées (W, E, B, puis dans l'ordre inverse au tour suivant), ``--tours`` fois :

1. appui sur → (bouton du curseur η ayant le focus) jusqu'à la nouvelle image : médiane de
   ``--appuis`` appuis isolés, en millisecondes et en images de l'écran (une boucle
   ``requestAnimationFrame`` compte les images ; l'image d'un dessin est celle où il paraît) ;
2. glissement de 30 mouvements du bouton η, un mouvement par image de l'écran (émis par la
   page, comme une vraie souris) : nombre d'images nouvelles peintes entre le premier
   mouvement et l'image qui suit le dernier ;
3. dernier de 30 appuis rapides (30 ms d'écart) jusqu'à la dernière image peinte.

« Peinte » : (W) l'événement ``course-figure:drawn`` du widget, émis dans la fonction
``requestAnimationFrame`` qui dessine (l'image paraît à cette image de l'écran) ; (E) une
empreinte de quelques lignes du canevas ipympl, calculée à chaque image ; (B) nouvelle
``<img>`` décodée, puis l'image suivante. Après la rafale et le glissement, on vérifie que la
figure W montre bien la dernière valeur du curseur (η dessiné = η lu sur le curseur, et les
points du noyau arrivés ensuite sont les mêmes, au bit près).

Objectifs (issue #16) : médiane d'une image après l'appui ; au moins 24 des 30 mouvements
peints ; appui → image ≤ 0,1 × celui de la référence.

Lancer : ``.venv/bin/python benchmarks/bench_web_figure.py`` (chromium de Debian requis :
``make chromium`` ; jamais ``playwright install``). Options : ``--tours N`` (3),
``--appuis N`` (15). Compter 5 à 10 minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tools.lab import (  # noqa: E402
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
VIEWPORT = {"width": 1280, "height": 2300}  # les trois figures à l'écran ensemble
ETA0 = 0.1
BURST, BURST_GAP = 30, 0.030
DRAG_MOVES, DRAG_DX = 30, -90  # px : η descend d'environ une demi-décade
# s de calme qui closent une mesure : la référence peut mettre plus d'une seconde par image
QUIET = {"W": 1.0, "E": 1.5, "B": 4.0}
ROW_STEP = 5

SETUP = """\
%matplotlib inline
import matplotlib.pyplot as plt
import ipywidgets as W
from ipywidgets import FloatLogSlider, Layout, interact
from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.plotting import plot_contour, plot_learning_curve, plot_trajectory
from course_utils.widgets import Explorer
from course_utils.web_figure import WebFigure, make_controls
F = LeastSquares(*linear_example())"""

WEB = f"""\
fig = WebFigure(F, eta={ETA0})
controls, box = make_controls(fig)
web = W.VBox([box, fig])
web.add_class("bench-web")
web"""

EXPLORER = f"e = Explorer(F, eta={ETA0})\ne"

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

BOXES = {"W": ".bench-web", "E": ".course-explorer", "B": ".widget-interact"}
LABELS = {"W": "figure web", "E": "explorateur ipympl", "B": "référence interact"}

# window.__bench : images de l'écran (compteur), appuis, images peintes par sujet
PROBES = """([canvasSel, interactSel, webSel, rowStep]) => {
  const B = window.__bench = {frame: 0, keys: [], paints: {W: [], E: [], B: []}, webKeys: []};
  const tick = () => { B.frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener('keydown',
    () => B.keys.push([performance.now(), B.frame]), true);

  // (W) le widget dit quand il dessine (dans son requestAnimationFrame)
  const root = document.querySelector(webSel + ' .course-web-figure');
  root.addEventListener('course-figure:drawn', ev => {
    const key = JSON.stringify(ev.detail.key);
    const last = B.webKeys[B.webKeys.length - 1];
    if (key !== last) { B.webKeys.push(key); B.paints.W.push([performance.now(), B.frame]); }
  });

  // (E) empreinte de quelques lignes du canevas ipympl, à chaque image
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
    const x = hash();
    if (x !== last) { last = x; B.paints.E.push([performance.now(), B.frame]); }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  // (B) nouvelle <img> de l'interact : décodée, puis l'image suivante
  const box = document.querySelector(interactSel);
  const seen = new WeakMap();
  let lastSrc = null;
  const onImg = img => {
    const src = img.getAttribute('src');
    if (!src || seen.get(img) === src) return;
    seen.set(img, src);
    img.decode().then(() => requestAnimationFrame(() => {
      if (src !== lastSrc) { lastSrc = src; B.paints.B.push([performance.now(), B.frame]); }
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
  return true;
}"""

# Glissement : un mouvement par image de l'écran, émis par la page (noUiSlider, le curseur
# d'ipywidgets, écoute les mouvements sur document.documentElement).
PAGE_DRAG = """async ([x, y, dx, n]) => {
  const B = window.__bench;
  const times = [];
  await new Promise(done => {
    let k = 0;
    const step = () => {
      k++;
      document.documentElement.dispatchEvent(new MouseEvent('mousemove', {
        clientX: x + dx * k / n, clientY: y, buttons: 1, bubbles: true, cancelable: true}));
      times.push([performance.now(), B.frame]);
      if (k < n) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  return times;
}"""


def now(page) -> float:
    return page.evaluate("performance.now()")


def paints(page, who):
    return page.evaluate("w => window.__bench.paints[w]", who)


def wait_quiet(page, who, since, quiet=None, timeout=90.0):
    """Attend `quiet` s sans nouvelle image de `who` (ni appui) après `since` (ms page)."""
    quiet = QUIET[who] if quiet is None else quiet
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t, last = page.evaluate(
            "([w, s]) => { const B = window.__bench; const p = B.paints[w];"
            " const k = B.keys.length ? B.keys[B.keys.length - 1][0] : 0;"
            " return [performance.now(), Math.max(s, p.length ? p[p.length - 1][0] : 0, k)]; }",
            [who, since])
        if t - last >= quiet * 1000:
            return
        time.sleep(0.05)
    raise TimeoutError(f"pas de calme en {timeout} s ({who})")


class Subject:
    def __init__(self, page, who):
        self.page, self.who = page, who
        box = page.locator(BOXES[who])
        slider = box.locator(".widget-slider").filter(has_text="pas η").first
        self.handle = slider.locator(SLIDER_HANDLE).first
        self.readout = slider.locator(".widget-readout").first

    def eta(self) -> float:
        return float(self.readout.inner_text().strip())


def press_once(page, s: Subject) -> dict:
    s.handle.focus()
    n = page.evaluate("window.__bench.keys.length")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("n => window.__bench.keys.length > n", arg=n, timeout=5000)
    t_key, f_key = page.evaluate("n => window.__bench.keys[n]", n)
    page.wait_for_function("([w, t]) => window.__bench.paints[w].some(p => p[0] > t)",
                           arg=[s.who, t_key], timeout=30_000, polling=20)
    wait_quiet(page, s.who, t_key, 0.4)
    t_paint, f_paint = next(p for p in paints(page, s.who) if p[0] > t_key)
    return {"ms": t_paint - t_key, "frames": f_paint - f_key}


def burst(page, s: Subject) -> dict:
    s.handle.focus()
    n = page.evaluate("window.__bench.keys.length")
    t0 = time.perf_counter()
    for k in range(BURST):
        delay = t0 + k * BURST_GAP - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        page.keyboard.press("ArrowRight")
    page.wait_for_function("n => window.__bench.keys.length >= n", arg=n + BURST, timeout=5000)
    keys = page.evaluate("n => window.__bench.keys.slice(n)", n)
    wait_quiet(page, s.who, keys[-1][0])
    after = [p for p in paints(page, s.who) if p[0] > keys[-1][0]]
    return {"ms": (after[-1][0] - keys[-1][0]) if after else float("nan"),
            "ok": check(page, s)}


def drag(page, s: Subject) -> dict:
    s.handle.scroll_into_view_if_needed()
    hb = s.handle.bounding_box()
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    moves = page.evaluate(PAGE_DRAG, [x, y, DRAG_DX, DRAG_MOVES])
    page.mouse.up()
    wait_quiet(page, s.who, moves[-1][0])
    first, last_frame = moves[0][0], moves[-1][1]
    inside = [p for p in paints(page, s.who) if p[0] >= first and p[1] <= last_frame + 1]
    return {"painted": len(inside), "moves": len(moves), "ok": check(page, s)}


def check(page, s: Subject) -> bool:
    """La figure montre-t-elle la dernière valeur du curseur ? (W : η du dernier dessin, et les
    points du noyau, arrivés après, identiques à ceux du miroir)"""
    if s.who != "W":
        return True
    readout = s.eta()
    drawn = page.evaluate("() => JSON.parse(window.__bench.webKeys.slice(-1)[0])[0]")
    state = page.evaluate("() => { const v = document.querySelector('.course-web-figure')"
                          ".__courseFigure; return [v.kernelAgrees, v.kernelDiffers]; }")
    return abs(drawn - readout) <= 1e-3 * readout and state[1] == 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tours", type=int, default=3)
    ap.add_argument("--appuis", type=int, default=15)
    args = ap.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="bench-web-"))
    write_notebook(root / "bench.ipynb", [SETUP, WEB, EXPLORER, BASELINE])
    print("Démarrage de JupyterLab et de chromium…", flush=True)
    lab = start_lab(root)
    res = {w: {"press": [], "burst": [], "drag": []} for w in "WEB"}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                        headless=True)
            page = browser.new_page(viewport=VIEWPORT)
            open_notebook(page, lab, "bench.ipynb")
            if not run_all_cells(page):
                raise RuntimeError("\n".join(cell_errors(page)))
            wait_widgets_rendered(page)
            wait_canvas_drawn(page, page.locator(f"{BOXES['E']} {MPL_CANVAS}").first)
            page.locator(f"{BOXES['B']} .jp-OutputArea-output img").first.wait_for()
            page.wait_for_function("() => { const r = document.querySelector("
                                   "'.course-web-figure'); return r && r.__courseFigure.draws; }")
            wait_kernel_idle(page, settle=1500)
            page.evaluate(PROBES, [f"{BOXES['E']} {MPL_CANVAS}", BOXES["B"], BOXES["W"],
                                   ROW_STEP])
            subjects = {w: Subject(page, w) for w in "WEB"}
            for r in range(args.tours):
                print(f"Tour {r + 1}/{args.tours}…", flush=True)
                if r:
                    kernel_exec(page, f"controls['eta'].value = {ETA0}; "
                                      f"e.controls['eta'].value = {ETA0}; s.value = {ETA0}")
                    for w in "WEB":
                        wait_quiet(page, w, now(page), 1.0)
                order = "WEB" if r % 2 == 0 else "BEW"
                for _ in range(args.appuis):
                    for w in order:
                        res[w]["press"].append(press_once(page, subjects[w]))
                        page.wait_for_timeout(250)
                for w in order:
                    res[w]["burst"].append(burst(page, subjects[w]))
                for w in order:
                    res[w]["drag"].append(drag(page, subjects[w]))
            page.close()
            browser.close()
    finally:
        lab.stop()
    report(res, args)


def report(res, args):
    def med(values):
        values = [v for v in values if v == v]  # sans les NaN (aucune image : signalé plus bas)
        return statistics.median(values) if values else float("nan")

    print()
    print(f"Figure web (W), explorateur ipympl (E), référence interact (B) : même page, "
          f"entrelacés ; {args.tours} tour(s), {args.appuis} appuis isolés par tour.")
    head = f"{'mesure':44} {'W':>10} {'E':>10} {'B':>10}   {'W/B':>6}  objectif"
    print(head)
    print("-" * len(head))
    press = {w: med(x["ms"] for x in res[w]["press"]) for w in "WEB"}
    frames = {w: med(x["frames"] for x in res[w]["press"]) for w in "WEB"}
    burst = {w: med(x["ms"] for x in res[w]["burst"]) for w in "WEB"}
    drag = {w: med(x["painted"] for x in res[w]["drag"]) for w in "WEB"}
    moves = med(x["moves"] for x in res["W"]["drag"])
    ok = {"1": frames["W"] <= 1, "2": drag["W"] >= 24, "3": press["W"] <= 0.1 * press["B"]}
    print(f"{'1. appui → image, médiane (images de l écran)':44} {frames['W']:10.0f} "
          f"{frames['E']:10.0f} {frames['B']:10.0f}   {'':>6}  ≤ 1 image : "
          f"{'atteint' if ok['1'] else 'non atteint'}")
    print(f"{'   appui → image, médiane (ms)':44} {press['W']:10.1f} {press['E']:10.1f} "
          f"{press['B']:10.1f}   {press['W'] / press['B']:6.3f}  ≤ 0,1 × B : "
          f"{'atteint' if ok['3'] else 'non atteint'}")
    print(f"{'2. images peintes pendant 30 mouvements':44} {drag['W']:10.0f} {drag['E']:10.0f} "
          f"{drag['B']:10.0f}   {'':>6}  ≥ 24 sur {moves:.0f} : "
          f"{'atteint' if ok['2'] else 'non atteint'}")
    print(f"{'3. dernier de 30 appuis → dernière image (ms)':44} {burst['W']:10.1f} "
          f"{burst['E']:10.1f} {burst['B']:10.1f}   {burst['W'] / burst['B']:6.3f}")
    print("\nDétail par tour (W / E / B) :")
    for r in range(args.tours):
        sl = slice(r * args.appuis, (r + 1) * args.appuis)
        line = []
        for w in "WEB":
            p = res[w]["press"][sl]
            line.append(f"{w} : appui {med(x['ms'] for x in p):.0f} ms "
                        f"({med(x['frames'] for x in p):.0f} im.), rafale "
                        f"{res[w]['burst'][r]['ms']:.0f} ms, glissement "
                        f"{res[w]['drag'][r]['painted']}/{res[w]['drag'][r]['moves']}")
        print(f"  tour {r + 1} : " + " ; ".join(line))
    for w in "WEB":
        fr = sorted(x["frames"] for x in res[w]["press"])
        print(f"  {LABELS[w]} : images de l'écran entre l'appui et l'image, de {fr[0]} à "
              f"{fr[-1]} ({sum(f <= 1 for f in fr)} appuis sur {len(fr)} en une image)")
    lost = {w: sum(x["ms"] != x["ms"] for x in res[w]["burst"]) for w in "WEB"}
    if any(lost.values()):
        print(f"  rafales sans image après le dernier appui (exclues des médianes) : {lost}")
    bad = [(w, k, r) for w in "W" for k in ("burst", "drag")
           for r, x in enumerate(res[w][k]) if not x["ok"]]
    print("\nÉtat final de la figure web (dernière valeur du curseur dessinée, points du noyau "
          f"identiques à ceux du miroir) : {'correct' if not bad else f'INCORRECT {bad}'}")
    print("Machine de 2 cœurs partagée : chiffres bruyants ; les rapports, mesurés dans la même "
          "exécution, se comparent d'une exécution à l'autre.")


if __name__ == "__main__":
    main()
