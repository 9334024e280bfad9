"""Vitesse de l'explorateur dans le navigateur (JupyterLab + chromium sans écran), contre une
référence naïve mesurée dans la même exécution.

- (A) explorateur ipympl d'avant l'issue #16 (``benchmarks/ipympl_explorer.py`` :
  ``IpymplExplorer(F, eta=0.1)`` sur ``LeastSquares(*linear_example())``), canevas ipympl mis à
  jour par blitting (l'explorateur d'aujourd'hui, dessiné par le navigateur, est mesuré par
  ``bench_web_figure.py``) ;
- (B) référence : un ``interact`` sur η (``FloatLogSlider`` de même plage, même pas, même
  largeur) qui, en ``%matplotlib inline``, retrace tout sur une figure neuve à chaque
  mouvement : ``plot_contour``, trajectoire ``gradient_descent(F, (-7, 7), eta, 20)`` et courbe
  d'apprentissage (figure de 10 × 4,3 pouces à 100 ppp, la taille du canevas de l'explorateur).

Trois mesures, pour chacun des deux, entrelacées (A, B, A, B…) et répétées ``--tours`` fois :

1. délai entre un appui sur → (bouton du curseur η ayant le focus) et la nouvelle image
   peinte, médiane de ``--appuis`` appuis isolés par tour ;
2. délai entre le dernier de 30 appuis rapides (30 ms d'écart) et la dernière image peinte
   (on note les images jusqu'à 2 s de calme) ;
3. nombre d'images distinctes peintes pendant un glissement d'une seconde du bouton η (de
   petits déplacements de souris, aussi serrés que Playwright le permet), ramené à une seconde.

Après la rafale et après le glissement, on vérifie que l'état final peint est celui de la
dernière valeur du curseur : explorateur, ligne d'état qui annonce le η du curseur et pixels
du canevas identiques à l'image du noyau ; référence, texte et image de la dernière exécution.

« Peinte » : pour le canevas ipympl, une boucle ``requestAnimationFrame`` dans la page calcule
une empreinte de quelques lignes de pixels (``getImageData``, une ligne sur 5) et note
``performance.now()`` à chaque changement ; pour la référence, un ``MutationObserver`` sur la
sortie de l'``interact`` note chaque nouvelle ``<img>`` insérée, attend son décodage
(``img.decode()``), puis l'image suivante de la page (``requestAnimationFrame``). L'appui est
daté dans la page (écouteur ``keydown`` en phase de capture).

Où passe le temps de la page : ``benchmarks/trace_browser.py`` (trace de chromium).

Lancer, depuis la racine du dépôt : ``.venv/bin/python -m benchmarks.bench_browser`` (chromium :
``tools.browser``, ``make chromium`` ; jamais ``playwright install``). Options : ``--tours N``
(3), ``--appuis N`` (15).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import numpy as np

from tools.lab import (
    MPL_CANVAS,
    SLIDER_HANDLE,
    french_float,
    kernel_exec,
    notebook_in_browser,
    pixels_differing_from_kernel,
)

# Assez haute pour que les deux figures et leurs curseurs tiennent à l'écran ensemble.
VIEWPORT = {"width": 1280, "height": 1700}

ETA0 = 0.1  # η de départ (sur la grille du curseur) ; tout reste sous 2/L ≈ 0,4957
ETA_DRAG_END = 0.05  # le glissement ramène η vers cette valeur
BURST, BURST_GAP = 30, 0.030  # mesure 2 : 30 appuis, 30 ms d'écart
QUIET = 2.0  # s de calme qui closent les mesures 2 et 3
DRAG_TIME = 1.0  # s
ROW_STEP = 5  # la sonde du canevas lit une ligne de pixels sur 5

ROOT = Path(__file__).resolve().parent.parent

SETUP = f"""\
%matplotlib inline
import sys
sys.path.insert(0, {str(ROOT)!r})
import matplotlib.pyplot as plt
from ipywidgets import FloatLogSlider, Layout, interact
from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.plotting import plot_contour, plot_learning_curve, plot_trajectory
from benchmarks.ipympl_explorer import IpymplExplorer
F = LeastSquares(*linear_example())"""

EXPLORER = f"e = IpymplExplorer(F, eta={ETA0})\ne"

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
# peintes (E : canevas ipympl, B : <img> de la référence).
PROBES = """([canvasSel, interactSel, rowStep]) => {
  const W = window.__bench = {keys: [], downs: [], ups: [], paints: {E: [], B: []}};
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


# --------------------------------------------------------------------------- les deux sujets


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
        return french_float(self.readout_loc.inner_text())  # « 0,1000 » ou « 0.1 »

    def shown_eta(self) -> float | None:
        """Le η que la figure annonce (ligne d'état ou texte de la référence)."""
        if self.who == "E":
            text = self.box.locator(".widget-html").last.inner_text()
        else:
            text = " ".join(self.box.locator(".jp-OutputArea-output").all_inner_texts())
        match = re.search(r"η = (\d+(?:[.,]\d+)?)", text)  # « 0,4786 » ou « 0.4786 »
        return french_float(match.group(1)) if match else None

    def final_state(self) -> tuple[bool, str]:
        """L'état peint correspond-il à la dernière valeur du curseur ?"""
        readout, shown = self.readout(), self.shown_eta()
        ok = shown is not None and abs(shown - readout) <= 1e-3 * readout
        detail = f"curseur {readout:.4g}, figure {'—' if shown is None else format(shown, '.4g')}"
        if self.who == "E":
            canvas = self.page.locator(f"{E_BOX} {MPL_CANVAS}").first
            bad = pixels_differing_from_kernel(self.page, canvas, "e.figure", timeout=0)
            ok = ok and bad == 0
            detail += (" ; pixels identiques à l'image du noyau" if bad == 0
                       else f" ; {bad} pixels diffèrent de l'image du noyau")
        else:
            images = self.box.locator(".jp-OutputArea-output img")
            n_img = images.count()
            complete = n_img and images.last.evaluate("i => i.complete && i.naturalWidth > 0")
            ok = ok and n_img == 1 and bool(complete)
            detail += f" ; {n_img} image(s), décodée : {'oui' if complete else 'non'}"
        return ok, detail


# --------------------------------------------------------------------------- les trois mesures


def press_once(page, subject: Subject, timeout: float = 30.0) -> dict:
    """Mesure 1 : un appui isolé ; délai jusqu'à la première image peinte après l'appui."""
    subject.handle.focus()
    n_keys = len(keys(page))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("n => window.__bench.keys.length > n", arg=n_keys, timeout=5000)
    t_key = keys(page)[n_keys]
    page.wait_for_function("([w, t]) => window.__bench.paints[w].some(p => p > t)",
                           arg=[subject.who, t_key], timeout=timeout * 1000, polling=20)
    wait_quiet(page, subject.who, t_key, 0.5)
    after = [p for p in paints(page, subject.who) if p > t_key]
    return {"delay": after[0] - t_key, "n_paints": len(after)}


def burst(page, subject: Subject) -> dict:
    """Mesure 2 : 30 appuis rapides ; délai entre le dernier appui et la dernière image."""
    subject.handle.focus()
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
    ok, detail = subject.final_state()
    return {"delay": (after[-1] - k[-1]) if after else float("nan"),
            "n_paints": len(during), "gap": (k[-1] - k[0]) / (len(k) - 1),
            "ok": ok and bool(after),
            "detail": detail if after else detail + " ; AUCUNE image après le dernier appui"}


def drag(page, subject: Subject) -> dict:
    """Mesure 3 : glissement d'une seconde du bouton η vers η = 0,05, par des mouvements de
    souris de Playwright (chacun attend que la page l'ait traité)."""
    subject.handle.scroll_into_view_if_needed()
    hb, tb = subject.handle.bounding_box(), subject.track.bounding_box()
    var = "e.controls['eta']" if subject.who == "E" else "s"
    lo, hi = (float(v) for v in kernel_exec(page, f"print({var}.min, {var}.max)").split())
    dx = -np.log10(subject.readout() / ETA_DRAG_END) * tb["width"] / (hi - lo)
    x, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    page.mouse.move(x, y)
    n_down, n_up = (len(page.evaluate(f"window.__bench.{k}")) for k in ("downs", "ups"))
    page.mouse.down()
    t0 = time.perf_counter()
    moves = 0
    while (elapsed := time.perf_counter() - t0) < DRAG_TIME:
        page.mouse.move(x + dx * elapsed / DRAG_TIME, y)
        moves += 1
        time.sleep(0.004)
    page.mouse.move(x + dx, y)
    page.mouse.up()
    t_down = page.evaluate("window.__bench.downs")[n_down]
    t_up = page.evaluate("window.__bench.ups")[n_up]
    wait_quiet(page, subject.who, t_up, QUIET)
    inside = [p for p in paints(page, subject.who) if t_down < p <= t_up]
    ok, detail = subject.final_state()
    span = (t_up - t_down) / 1000
    return {"frames": len(inside), "span": span, "rate": len(inside) / span, "moves": moves,
            "ok": ok, "detail": detail}


# --------------------------------------------------------------------------- programme


def measure(page, tours: int, presses: int) -> dict:
    """Les trois mesures, explorateur (E) et référence (B) entrelacés, `tours` fois."""
    page.evaluate(PROBES, [f"{E_BOX} {MPL_CANVAS}", B_BOX, ROW_STEP])
    E = Subject(page, "E", E_BOX, "explorateur")
    B = Subject(page, "B", B_BOX, "référence")
    for s in (E, B):
        if abs(s.readout() - ETA0) > 1e-9:
            raise RuntimeError(f"η initial inattendu ({s.label}) : {s.readout()}")
    page.wait_for_timeout(1000)
    res = {w: {"press": [], "burst": [], "drag": []} for w in "EB"}
    for r in range(tours):
        print(f"Tour {r + 1}/{tours}…", flush=True)
        if r:  # on repart de η = 0,1 des deux côtés : chaque vérification ne porte que sur
            # son tour
            kernel_exec(page, f"e.controls['eta'].value = {ETA0}; s.value = {ETA0}")
            for s in (E, B):
                wait_quiet(page, s.who, now(page), 1.0)
        order = (E, B) if r % 2 == 0 else (B, E)
        for _ in range(presses):
            for s in order:
                res[s.who]["press"].append(press_once(page, s))
                page.wait_for_timeout(300)
        for s in order:
            res[s.who]["burst"].append(burst(page, s))
        for s in order:
            res[s.who]["drag"].append(drag(page, s))
    return res


def fmt(x: float, unit: str) -> str:
    return "—" if x != x else (f"{x:6.0f} ms" if unit == "ms" else f"{x:5.1f} im./s")


def report(res: dict, tours: int, presses: int) -> bool:
    """Affiche les chiffres ; renvoie vrai si chaque état final est correct."""
    med = statistics.median
    fig = {w: (med(x["delay"] for x in res[w]["press"]),
               med(x["delay"] for x in res[w]["burst"]),
               med(x["rate"] for x in res[w]["drag"])) for w in "EB"}
    print()
    print(f"Explorateur (A) contre référence `interact` + `%matplotlib inline` (B), même exécution,"
          f" entrelacés ; {tours} tour(s), {presses} appuis isolés par tour.")
    rows = [("1. appui → image peinte (médiane)", "ms", 0.3, "≤", 40),
            ("2. dernier de 30 appuis → dernière image", "ms", 0.4, "≤", 100),
            ("3. images peintes par s de glissement", "im", 4.0, "≥", 20)]
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
    for r in range(tours):
        pe, pb = ([x["delay"] for x in res[w]["press"][r * presses:(r + 1) * presses]]
                  for w in "EB")
        be, bb = res["E"]["burst"][r], res["B"]["burst"][r]
        de, db = res["E"]["drag"][r], res["B"]["drag"][r]
        print(f"  tour {r + 1} : 1. {med(pe):.0f} / {med(pb):.0f} ms ; "
              f"2. {be['delay']:.0f} / {bb['delay']:.0f} ms "
              f"({be['n_paints']} / {bb['n_paints']} images pendant et après la rafale, "
              f"appuis espacés de {be['gap']:.0f} / {bb['gap']:.0f} ms) ; "
              f"3. {de['frames']} / {db['frames']} images en {de['span']:.2f} / {db['span']:.2f} s"
              f" ({de['moves']} / {db['moves']} déplacements)")
    for w, label in (("E", "explorateur"), ("B", "référence")):
        delays = [x["delay"] for x in res[w]["press"]]
        q = np.percentile(delays, [10, 50, 90])
        extra = sum(x["n_paints"] > 1 for x in res[w]["press"])
        print(f"  1. {label} : p10 {q[0]:.0f} ms, médiane {q[1]:.0f} ms, p90 {q[2]:.0f} ms "
              f"({len(delays)} appuis ; {extra} appui(s) suivis de plus d'une image)")

    print("\nÉtat final après la rafale et après le glissement (dernière valeur peinte ?) :")
    all_ok = True
    for w, label in (("E", "explorateur"), ("B", "référence")):
        for r in range(tours):
            for what, name in (("burst", "rafale    "), ("drag", "glissement")):
                x = res[w][what][r]
                all_ok &= x["ok"]
                print(f"  {label:11} tour {r + 1}, {name}"
                      f" : {'correct' if x['ok'] else 'INCORRECT'} ({x['detail']})")
    print("\nMachine de 2 cœurs partagée : chiffres bruyants ; seuls les rapports, mesurés dans "
          "la même exécution, se comparent d'une exécution à l'autre.")
    if not all_ok:
        print("ATTENTION : un état final ne correspond pas à la dernière valeur du curseur.")
    return all_ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tours", type=int, default=3, help="tours de mesure (A et B entrelacés)")
    ap.add_argument("--appuis", type=int, default=15, help="appuis isolés par tour (mesure 1)")
    args = ap.parse_args(argv)

    print("Démarrage de JupyterLab et de chromium…", flush=True)
    with notebook_in_browser([SETUP, EXPLORER, BASELINE], viewport=VIEWPORT,
                             prefix="bench-browser-") as (page, _, _):
        page.locator(f"{B_BOX} .jp-OutputArea-output img").first.wait_for(timeout=60_000)
        page.locator(E_BOX).scroll_into_view_if_needed()
        res = measure(page, args.tours, args.appuis)
    report(res, args.tours, args.appuis)


if __name__ == "__main__":
    main()
