"""Vitesse de l'explorateur dans le navigateur (JupyterLab + chromium), contre une référence
naïve mesurée dans la même exécution : un ``interact`` sur η qui retrace tout en
``%matplotlib inline``.

Trois mesures, pour chacun des deux :

1. médiane du délai entre un appui sur → (curseur η) et l'image nouvelle peinte à l'écran ;
2. délai entre le dernier de 30 appuis rapides (30 ms d'écart) et la dernière image peinte
   (pas de file d'images périmées) ;
3. nombre d'images peintes pendant un glissement du curseur η d'une seconde.

« Peinte » : une boucle ``requestAnimationFrame`` dans la page calcule une signature de la
figure (quelques pixels du canevas ipympl, ou l'adresse de l'image PNG pour la référence) et
note l'instant de chaque changement. Lancer : ``python benchmarks/bench_browser.py``
(chromium de Debian requis : ``make chromium``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.lab import open_notebook, run_all_cells, start_lab, write_notebook  # noqa: E402

CELLS = [
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "from ipywidgets import FloatLogSlider, interact\n"
    "from course_utils import LeastSquares, gradient_descent, linear_example\n"
    "from course_utils.plotting import plot_contour, plot_learning_curve, plot_trajectory\n"
    "from course_utils.widgets import Explorer\n"
    "F = LeastSquares(*linear_example())",
    "Explorer(F, eta=0.1)",
    # la référence : tout est retracé à chaque mouvement, comme une cellule interact de 2019
    "@interact(eta=FloatLogSlider(value=0.1, base=10, min=-3, max=1.7, step=0.01, "
    "description='pas η (référence)'))\n"
    "def baseline(eta):\n"
    "    fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3))\n"
    "    plot_contour(ax, F)\n"
    "    Z = gradient_descent(F, (-7, 7), eta, 20)\n"
    "    plot_trajectory(ax, Z)\n"
    "    plot_learning_curve(axc, F, Z)\n"
    "    plt.show()",
]

WATCH = """([sel, kind]) => {
  const el = () => document.querySelector(sel);
  const sig = () => {
    const e = el(); if (!e) return '';
    if (kind === 'img') { const img = [...e.querySelectorAll('img')].pop();
                          return img && img.complete ? img.src.length + img.src.slice(-64) : ''; }
    const c = e.querySelector('.jupyter-matplotlib-canvas-div canvas');
    const ctx = c.getContext('2d'); const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 4 * 53) h = (h * 31 + d[i] + d[i+1] * 7) | 0;
    return String(h);
  };
  window.__paints = []; let last = sig();
  const loop = () => { const s = sig(); if (s !== last) { last = s; window.__paints.push(performance.now()); }
                       requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
}"""


def measure(page, box_sel, kind, slider_text):
    page.evaluate(WATCH, [box_sel, kind])
    handle = page.locator(box_sel).locator(".widget-slider").filter(has_text=slider_text) \
        .first.locator(".noUi-handle, .slider-handle, [role=slider]").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.wait_for_timeout(500)
    # 1. un appui, puis la prochaine image peinte
    delays = []
    for _ in range(12):
        t0 = page.evaluate("performance.now()")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("t => window.__paints.some(p => p > t)", arg=t0, timeout=20_000)
        delays.append(page.evaluate("t => window.__paints.find(p => p > t) - t", t0))
        page.wait_for_timeout(700)
    # 2. 30 appuis rapides : délai jusqu'à la dernière image
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(30)
    t_last = page.evaluate("performance.now()")
    page.wait_for_timeout(3000)
    burst = page.evaluate("t => Math.max(0, ...window.__paints.filter(p => p > t)) - t", t_last)
    # 3. glissement d'une seconde
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    t_start = page.evaluate("performance.now()")
    for k in range(50):
        page.mouse.move(x + 2 * (k + 1), y)
        page.wait_for_timeout(20)
    t_end = page.evaluate("performance.now()")
    page.mouse.up()
    frames = page.evaluate("([a, b]) => window.__paints.filter(p => p > a && p <= b).length",
                           [t_start, t_end])
    duration = (t_end - t_start) / 1000
    page.wait_for_timeout(2000)
    return statistics.median(delays), max(burst, 0.0), frames / duration


def main():
    root = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    write_notebook(root / "bench.ipynb", CELLS)
    lab = start_lab(root)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            open_notebook(page, lab, "bench.ipynb")
            assert run_all_cells(page)
            page.wait_for_timeout(3000)
            exp = measure(page, ".course-explorer", "canvas", "pas η")
            base = measure(page, ".widget-interact", "img", "référence")
            browser.close()
    finally:
        lab.stop()
    rows = [("appui → image peinte (médiane)", exp[0], base[0], "ms", 0.3, "≤", 40),
            ("dernier de 30 appuis → dernière image", exp[1], base[1], "ms", 0.4, "≤", 100),
            ("images peintes pendant 1 s de glissement", exp[2], base[2], "/s", 4, "≥", 20)]
    print(f"{'mesure':42} {'explorateur':>12} {'référence':>12} {'rapport':>8}  objectif")
    for name, e, b, unit, target, sense, absolute in rows:
        ratio = e / b if b else float("inf")
        ok_ratio = ratio <= target if sense == "≤" else ratio >= target
        ok_abs = e <= absolute if sense == "≤" else e >= absolute
        print(f"{name:42} {e:9.0f} {unit:>2} {b:9.0f} {unit:>2} {ratio:7.2f}×  "
              f"{sense} {target}× : {'atteint' if ok_ratio else 'non atteint'} ; "
              f"{sense} {absolute} {unit} (machine au repos) : {'atteint' if ok_abs else 'non atteint'}")


if __name__ == "__main__":
    main()
