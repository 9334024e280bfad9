"""L'explorateur (figure dessinée dans le navigateur) contre l'explorateur ipympl d'avant
(gardé ici : benchmarks/ipympl_explorer.py) et une référence naïve, dans la même page
JupyterLab (chromium sans écran).

Quatre sujets, sur ``LeastSquares(*linear_example())``, η = 0,1 au départ :

- (W) ``Explorer`` : le navigateur calcule la trajectoire (miroir JavaScript) et la dessine
  sur un canevas posé sur le fond ; les curseurs sont reliés à la figure par jslink ;
- (K) ``Explorer`` sur un objectif que le miroir ne connaît pas (une sous-classe des moindres
  carrés, mêmes calculs) : le repli, la figure attend les points du noyau ;
- (E) ``IpymplExplorer`` : le noyau calcule, dessine (blitting) et envoie une image PNG ;
- (B) un ``interact`` en ``%matplotlib inline`` qui retrace tout à chaque mouvement (la même
  référence que benchmarks/bench_browser.py).

Mesures, entrelacées (W, K, E, B, puis dans l'ordre inverse au tour suivant), ``--tours`` fois :

1. appui sur → (bouton du curseur η ayant le focus) jusqu'à la nouvelle image : médiane de
   ``--appuis`` appuis isolés, en millisecondes et en images de l'écran (une boucle
   ``requestAnimationFrame`` compte les images ; l'image d'un dessin est celle où il paraît) ;
2. glissement de 30 mouvements du bouton η, un mouvement par image de l'écran (émis par la
   page, comme une vraie souris) : nombre d'images nouvelles peintes entre le premier
   mouvement et l'image qui suit le dernier ;
3. dernier de 30 appuis rapides (30 ms d'écart) jusqu'à la dernière image peinte.

« Peinte » : (W) l'événement ``course-figure:drawn`` du widget, émis dans la fonction
``requestAnimationFrame`` qui dessine, pour de nouveaux paramètres ; (K) le même, quand le
dessin montre les points du noyau pour ces paramètres (``fresh``) ; (E) une empreinte de
quelques lignes du canevas ipympl, calculée à chaque image ; (B) nouvelle ``<img>`` décodée,
puis l'image suivante. Après la rafale et le glissement, on vérifie que la figure W montre bien
la dernière valeur du curseur (η dessiné = η lu sur le curseur, et les points du noyau arrivés
ensuite sont les mêmes, au bit près).

Objectifs (issue #16) : W, médiane d'une image après l'appui ; au moins 24 des 30 mouvements
peints ; appui → image ≤ 0,1 × celui de la référence B ; K, au plus 2 images après l'appui.

Lancer, depuis la racine du dépôt : ``env -u MPLBACKEND .venv/bin/python -m
benchmarks.bench_web_figure`` (chromium de ``tools.browser`` : celui de Debian, ``make
chromium``, ou la variable ``CHROMIUM`` ; jamais ``playwright install``). Options : ``--tours
N`` (3), ``--appuis N`` (15). Compter 10 minutes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tools.lab import (
    MPL_CANVAS,
    SLIDER_HANDLE,
    french_float,
    kernel_exec,
    notebook_in_browser,
    wait_kernel_idle,
)

ROOT = Path(__file__).resolve().parent.parent  # (le noyau du carnet importe benchmarks/ d'ici)
VIEWPORT = {"width": 1280, "height": 3000}  # les quatre figures à l'écran ensemble
ETA0 = 0.1
BURST, BURST_GAP = 30, 0.030
DRAG_MOVES, DRAG_DX = 30, -90  # px : η descend d'environ une demi-décade
# s de calme qui closent une mesure : la référence peut mettre plus d'une seconde par image
QUIET = {"W": 1.0, "K": 1.0, "E": 1.5, "B": 4.0}
WHO = "WKEB"
ROW_STEP = 5

SETUP = f"""\
%matplotlib inline
import sys
sys.path.insert(0, {str(ROOT)!r})
import matplotlib.pyplot as plt
from ipywidgets import FloatLogSlider, Layout, interact
from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.plotting import plot_contour, plot_learning_curve, plot_trajectory
from course_utils.widgets import Explorer
from benchmarks.ipympl_explorer import IpymplExplorer
F = LeastSquares(*linear_example())

class Unknown(LeastSquares):
    \"\"\"Les mêmes moindres carrés, sous un nom que le miroir ne connaît pas.\"\"\"
"""

WEB = f"""\
w = Explorer(F, eta={ETA0})
w.widget.add_class("bench-web")
w"""

KERNEL = f"""\
k = Explorer(Unknown(*linear_example()), eta={ETA0})
k.widget.add_class("bench-kernel")
k"""

EXPLORER = f"""\
e = IpymplExplorer(F, eta={ETA0})
e.widget.add_class("bench-ipympl")
e"""

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

BOXES = {"W": ".bench-web", "K": ".bench-kernel", "E": ".bench-ipympl",
         "B": ".widget-interact"}
LABELS = {"W": "explorateur (miroir)", "K": "explorateur (repli noyau)",
          "E": "explorateur ipympl", "B": "référence interact"}

# window.__bench : images de l'écran (compteur), appuis, images peintes par sujet
PROBES = """([canvasSel, interactSel, webSel, kernelSel, rowStep]) => {
  const B = window.__bench = {frame: 0, keys: [], paints: {W: [], K: [], E: [], B: []},
                              webKeys: [], kernelKeys: []};
  const tick = () => { B.frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener('keydown',
    () => B.keys.push([performance.now(), B.frame]), true);

  // (W) le widget dit quand il dessine (dans son requestAnimationFrame) ; (K) pareil, quand
  // le dessin montre les points du noyau pour les paramètres affichés
  const listen = (sel, who, keys, needFresh) => {
    const root = document.querySelector(sel + ' .course-web-figure');
    root.addEventListener('course-figure:drawn', ev => {
      if (needFresh && !ev.detail.fresh) return;
      const key = JSON.stringify(ev.detail.key);
      if (key !== keys[keys.length - 1]) {
        keys.push(key); B.paints[who].push([performance.now(), B.frame]);
      }
    });
  };
  listen(webSel, 'W', B.webKeys, false);
  listen(kernelSel, 'K', B.kernelKeys, true);

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
        return french_float(self.readout.inner_text())  # « 0,2818 »


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
    state = page.evaluate("() => { const v = document.querySelector('.bench-web "
                          ".course-web-figure').__courseFigure;"
                          " return [v.kernelAgrees, v.kernelDiffers]; }")
    return abs(drawn - readout) <= 1e-3 * readout and state[1] == 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tours", type=int, default=3)
    ap.add_argument("--appuis", type=int, default=15)
    args = ap.parse_args(argv)

    print("Démarrage de JupyterLab et de chromium…", flush=True)
    res = {w: {"press": [], "burst": [], "drag": []} for w in WHO}
    # (notebook_in_browser : chromium de tools.browser, chaque figure dessinée, noyau au repos)
    with notebook_in_browser([SETUP, WEB, KERNEL, EXPLORER, BASELINE], viewport=VIEWPORT,
                             prefix="bench-web-") as (page, _, _):
        page.locator(f"{BOXES['B']} .jp-OutputArea-output img").first.wait_for()
        page.wait_for_function("() => [...document.querySelectorAll("
                               "'.course-web-figure')].filter(r => r.__courseFigure.draws)"
                               ".length === 2")
        wait_kernel_idle(page, settle=1500)
        page.evaluate(PROBES, [f"{BOXES['E']} {MPL_CANVAS}", BOXES["B"], BOXES["W"],
                               BOXES["K"], ROW_STEP])
        subjects = {w: Subject(page, w) for w in WHO}
        for r in range(args.tours):
            print(f"Tour {r + 1}/{args.tours}…", flush=True)
            if r:
                kernel_exec(page, f"w.controls['eta'].value = {ETA0}; "
                                  f"k.controls['eta'].value = {ETA0}; "
                                  f"e.controls['eta'].value = {ETA0}; s.value = {ETA0}")
                for w in WHO:
                    wait_quiet(page, w, now(page), 1.0)
            order = WHO if r % 2 == 0 else WHO[::-1]
            for _ in range(args.appuis):
                for w in order:
                    res[w]["press"].append(press_once(page, subjects[w]))
                    page.wait_for_timeout(250)
            for w in order:
                res[w]["burst"].append(burst(page, subjects[w]))
            for w in order:
                res[w]["drag"].append(drag(page, subjects[w]))
    report(res, args)


def report(res, args):
    def med(values):
        values = [v for v in values if v == v]  # sans les NaN (aucune image : signalé plus bas)
        return statistics.median(values) if values else float("nan")

    print()
    print(f"Explorateur (W : miroir ; K : repli noyau), explorateur ipympl (E), référence "
          f"interact (B) : même page, entrelacés ; {args.tours} tour(s), {args.appuis} appuis "
          f"isolés par tour.")
    head = (f"{'mesure':44} {'W':>8} {'K':>8} {'E':>8} {'B':>8}   {'W/B':>6}  objectif")
    print(head)
    print("-" * len(head))
    press = {w: med(x["ms"] for x in res[w]["press"]) for w in WHO}
    frames = {w: med(x["frames"] for x in res[w]["press"]) for w in WHO}
    burst = {w: med(x["ms"] for x in res[w]["burst"]) for w in WHO}
    drag = {w: med(x["painted"] for x in res[w]["drag"]) for w in WHO}
    moves = med(x["moves"] for x in res["W"]["drag"])
    ok = {"1": frames["W"] <= 1, "2": drag["W"] >= 24, "3": press["W"] <= 0.1 * press["B"],
          "K": frames["K"] <= 2}

    def row(label, values, fmt, ratio="", goal=""):
        cells = " ".join(f"{values[w]:8{fmt}}" for w in WHO)
        print(f"{label:44} {cells}   {ratio:>6}  {goal}")

    def said(key):
        return "atteint" if ok[key] else "non atteint"

    row("1. appui → image, médiane (images de l'écran)", frames, ".0f", "",
        f"W ≤ 1 image : {said('1')} ; K ≤ 2 images : {said('K')}")
    row("   appui → image, médiane (ms)", press, ".1f", f"{press['W'] / press['B']:.3f}",
        f"W ≤ 0,1 × B : {said('3')}")
    row("2. images peintes pendant 30 mouvements", drag, ".0f", "",
        f"W ≥ 24 sur {moves:.0f} : {said('2')}")
    row("3. dernier de 30 appuis → dernière image (ms)", burst, ".1f",
        f"{burst['W'] / burst['B']:.3f}")
    print("\nDétail par tour :")
    for r in range(args.tours):
        sl = slice(r * args.appuis, (r + 1) * args.appuis)
        line = []
        for w in WHO:
            p = res[w]["press"][sl]
            line.append(f"{w} : appui {med(x['ms'] for x in p):.0f} ms "
                        f"({med(x['frames'] for x in p):.0f} im.), rafale "
                        f"{res[w]['burst'][r]['ms']:.0f} ms, glissement "
                        f"{res[w]['drag'][r]['painted']}/{res[w]['drag'][r]['moves']}")
        print(f"  tour {r + 1} : " + " ; ".join(line))
    for w in WHO:
        fr = sorted(x["frames"] for x in res[w]["press"])
        print(f"  {LABELS[w]} : images de l'écran entre l'appui et l'image, de {fr[0]} à "
              f"{fr[-1]} ({sum(f <= 1 for f in fr)} appuis sur {len(fr)} en une image, "
              f"{sum(f <= 2 for f in fr)} en deux au plus)")
    lost = {w: sum(x["ms"] != x["ms"] for x in res[w]["burst"]) for w in WHO}
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
