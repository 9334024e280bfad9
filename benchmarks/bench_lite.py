"""Le cours dans le navigateur (JupyterLite, Pyodide dans le site) contre JupyterLab, mesurés
dans la même exécution, dans le même chromium sans écran.

1. Taille du site build/lite (construit par ``make lite PYODIDE=local`` s'il manque), par
   partie ; le site « CDN » (``make lite``) est le même sans ``static/pyodide``.
2. Délai entre l'ouverture d'un chapitre (``page.goto``) et sa première figure peinte :
   ouverture, démarrage du noyau, « Exécuter tout » dès que le noyau est prêt, jusqu'à la
   première image de figure décodée dans la page. Dans JupyterLite, le noyau démarre dans la
   page (Pyodide, piplite, numpy, matplotlib) ; dans JupyterLab, c'est un processus Python.
3. Délai entre un appui sur ←/→ (curseur « pas η » de l'explorateur, qui a le focus) et la
   nouvelle image peinte du canevas : une boucle ``requestAnimationFrame`` calcule une
   empreinte de lignes de pixels du canevas et date chaque changement ; l'appui est daté dans
   la page. Médiane de ``--appuis`` appuis isolés, chacun après le calme du précédent.

Le site est servi par ``python -m http.server`` sur 127.0.0.1 (sans isolement réseau : un site
à Pyodide local ne demande rien au dehors, ce que `make lite-test` vérifie).

Lancer : ``.venv/bin/python -m benchmarks.bench_lite`` depuis la racine du dépôt (``make lite``
installe ce qu'il faut ; chromium de Debian : ``make chromium``). Options : ``--chapitre``,
``--appuis`` (10), ``--tours`` (2 : chaque mesure alterne JupyterLab et JupyterLite).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.browser import launch
from tools.lab import SLIDER_HANDLE, open_notebook, start_lab, wait_kernel_idle
from tools.lite import REPO_ROOT as ROOT
from tools.lite import SITE_DIR, VIEWPORT, open_chapter, serve

# Lance « Exécuter tout » sans attendre sa fin ; date la première image de figure décodée.
RUN_AND_WATCH = """() => {
  window.__first = null;
  const seen = () => [...document.querySelectorAll('.jp-OutputArea-output img')]
      .some(i => i.complete && i.naturalWidth > 0);
  const loop = () => { if (seen()) window.__first = performance.now();
                       else requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  window.jupyterapp.commands.execute('notebook:run-all-cells');
}"""

# Empreinte du canevas à chaque image de la page ; appuis datés en phase de capture.
PROBE = """(canvas) => {
  const W = window.__bench = {keys: [], paints: []};
  document.addEventListener('keydown', () => W.keys.push(performance.now()), true);
  const ctx = canvas.getContext('2d');
  const hash = () => {
    let x = 0x811c9dc5;
    for (let y = 1; y < canvas.height; y += 5) {
      const row = new Uint32Array(ctx.getImageData(0, y, canvas.width, 1).data.buffer);
      for (let i = 0; i < row.length; i++) x = Math.imul(x ^ row[i], 16777619);
    }
    return x;
  };
  let last = hash();
  const loop = () => { const t = performance.now(), x = hash();
                       if (x !== last) { last = x; W.paints.push(t); }
                       requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
}"""


def site_sizes(site: Path) -> dict[str, int]:
    def size(paths):
        return sum(p.stat().st_size for p in paths if p.is_file())

    pyodide = site / "static" / "pyodide"
    runtime = [pyodide / n for n in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm",
                                     "python_stdlib.zip", "pyodide-lock.json")]  # fmt: skip
    total = size(site.rglob("*"))
    parts = {
        "Pyodide : moteur (npm)": size(runtime),
        "Pyodide : paquets (numpy, matplotlib…)": size(pyodide.rglob("*")) - size(runtime),
        "roues piplite (course_utils, widgets…)": size((site / "pypi").rglob("*")),
        "chapitres": size((site / "files").rglob("*")),
    }
    parts["interface JupyterLab et extensions"] = total - sum(parts.values())
    parts["site local (make lite PYODIDE=local)"] = total
    parts["site CDN (make lite) = sans static/pyodide"] = total - size(pyodide.rglob("*"))
    return parts


def first_figure(page, open_page) -> tuple[float, float]:
    """(s jusqu'au noyau prêt, s jusqu'à la première figure peinte) depuis l'ouverture."""
    start = time.monotonic()
    open_page()
    ready = time.monotonic() - start
    page.evaluate(RUN_AND_WATCH)
    page.wait_for_function("() => window.__first !== null", timeout=600_000, polling=50)
    first = time.monotonic() - start
    wait_kernel_idle(page, 600_000, settle=1500)
    return ready, first


def key_to_paint(page, presses: int) -> list[float]:
    """Délais (ms) entre un appui isolé dans « pas η » et la première image peinte ensuite."""
    explorer = page.locator(".course-explorer").first
    explorer.scroll_into_view_if_needed()
    canvas = explorer.locator("canvas").first  # celui d'ipympl (l'image) ou de la figure web
    page.evaluate(PROBE, canvas.element_handle())
    handle = explorer.locator(".widget-slider").filter(has_text="pas η").first.locator(
        SLIDER_HANDLE).first
    delays = []
    for k in range(presses):
        handle.focus()
        n_keys = page.evaluate("window.__bench.keys.length")
        page.keyboard.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        page.wait_for_function("n => window.__bench.keys.length > n", arg=n_keys)
        t_key = page.evaluate("n => window.__bench.keys[n]", n_keys)
        page.wait_for_function("t => window.__bench.paints.some(p => p > t)", arg=t_key,
                               timeout=120_000, polling=20)  # fmt: skip
        paint = page.evaluate("t => window.__bench.paints.find(p => p > t)", t_key)
        delays.append(paint - t_key)
        wait_kernel_idle(page, 120_000, settle=700)
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapitre", default="02_descente_de_gradient.ipynb")
    parser.add_argument("--appuis", type=int, default=10)
    parser.add_argument("--tours", type=int, default=2)
    args = parser.parse_args()

    if not (SITE_DIR / "static" / "pyodide" / "pyodide-lock.json").exists():
        import runpy

        sys.argv = ["build_lite.py", "--pyodide", "local"]
        runpy.run_path(str(ROOT / "scripts" / "build_lite.py"), run_name="__main__")
    print("\n1. Taille du site")
    for label, size in site_sizes(SITE_DIR).items():
        print(f"   {label:45s} {size / 1e6:6.1f} Mo")

    root = Path(tempfile.mkdtemp(prefix="bench-lite-"))
    shutil.copy2(ROOT / "notebooks" / args.chapitre, root / args.chapitre)
    server, lab = serve(SITE_DIR), start_lab(root)
    results = {"JupyterLab": {"prêt": [], "figure": [], "appui": []},
               "JupyterLite": {"prêt": [], "figure": [], "appui": []}}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for tour in range(args.tours):
                for who in ("JupyterLab", "JupyterLite"):
                    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
                    page = context.new_page()
                    if who == "JupyterLab":
                        def opener(page=page):
                            open_notebook(page, lab, args.chapitre)
                    else:
                        def opener(page=page):
                            open_chapter(page, server.url, args.chapitre)
                    ready, first = first_figure(page, opener)
                    delays = key_to_paint(page, args.appuis)
                    r = results[who]
                    r["prêt"].append(ready)
                    r["figure"].append(first)
                    r["appui"] += delays
                    print(f"   tour {tour + 1}, {who:11s} : noyau prêt {ready:5.1f} s, première "
                          f"figure {first:5.1f} s, appui → image médiane "
                          f"{statistics.median(delays):6.0f} ms", flush=True)  # fmt: skip
                    context.close()
                    lab.shutdown_kernels()
            browser.close()
    finally:
        server.stop()
        lab.stop()
        shutil.rmtree(root, ignore_errors=True)

    lab_r, lite_r = results["JupyterLab"], results["JupyterLite"]
    med = statistics.median
    print(f"\n2. Ouverture de {args.chapitre} → première figure peinte (médiane de "
          f"{args.tours} tours)")  # fmt: skip
    for who, r in results.items():
        print(f"   {who:11s} : {med(r['figure']):5.1f} s (noyau prêt {med(r['prêt']):.1f} s)")
    ratio = med(lite_r["figure"]) / med(lab_r["figure"])
    print(f"   rapport JupyterLite / JupyterLab : {ratio:.1f}")
    print(f"\n3. Appui sur ←/→ dans « pas η » → nouvelle image du canevas "
          f"({len(lab_r['appui'])} appuis chacun)")  # fmt: skip
    for who, r in results.items():
        q = statistics.quantiles(r["appui"], n=10)
        print(f"   {who:11s} : médiane {med(r['appui']):5.0f} ms (10 % : {q[0]:.0f} ms, "
              f"90 % : {q[-1]:.0f} ms)")  # fmt: skip
    print(f"   rapport JupyterLite / JupyterLab : {med(lite_r['appui']) / med(lab_r['appui']):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
