"""Les explorateurs des diapositives hors ligne (``make slides``), sans noyau : combien
d'images de l'écran entre un appui sur une flèche et la nouvelle figure ?

Pour chaque présentation de ``--dossier`` (``build/slides`` ; ``make slides`` la construit si
elle manque), ouverte depuis le disque dans chromium (``tools.browser``, sans écran, toute
adresse autre que ``file://`` et ``data:`` bloquée), et pour chacun de ses explorateurs : la
diapositive de l'explorateur est montrée, le bouton du curseur « pas η » prend le focus, puis
``--appuis`` appuis sur →, puis autant sur ← (retour au départ), chacun 250 ms après le
précédent. Une boucle ``requestAnimationFrame`` compte les images de l'écran ; l'appui est
daté dans la page (``keydown``, phase de capture) et le dessin par l'événement
``course-figure:drawn`` du widget (émis dans la fonction ``requestAnimationFrame`` qui dessine,
pour de nouveaux paramètres, avec des points calculés pour eux : le miroir, sans noyau ; un
dessin qui montrerait des points en retard n'est pas compté, et il est signalé). Résultat :
médiane et maximum d'images et de millisecondes entre l'appui et le dessin, et le nombre
d'appuis peints dès l'image suivante.

Avec ``--jupyterlab`` : les mêmes mesures dans JupyterLab, chapitre par chapitre (une copie de
``notebooks/`` dans un dossier temporaire, chaque carnet ouvert et exécuté ; chaque explorateur
amené à l'écran), le noyau en marche : le miroir dessine, puis le noyau confirme.

Objectif (issue #16) : chaque explorateur de chaque chapitre à une image par appui, dans
JupyterLab et dans les diapositives hors ligne (voir aussi ``bench_web_figure.py``).

Lancer : ``env -u MPLBACKEND .venv/bin/python -m benchmarks.bench_slides [--jupyterlab]``
depuis la racine du dépôt. Options : ``--dossier``, ``--appuis`` (10). Compter une à deux
minutes (plus la construction des diapositives si elles manquent), cinq avec
``--jupyterlab``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.browser import launch, only_local_files
from tools.lab import (
    REPO_ROOT,
    SLIDER_HANDLE,
    cell_errors,
    open_notebook,
    run_all_cells,
    start_lab,
    wait_kernel_idle,
    wait_widgets_rendered,
)

VIEWPORT = {"width": 1280, "height": 720}  # celle des tests des diapositives
VIEWPORT_LAB = {"width": 1280, "height": 1000}
GAP = 0.25  # s entre deux appuis

# Le compteur d'images, les appuis datés et les dessins de l'explorateur n° k (nouvelle clé).
PROBE = """(k) => {
  const B = window.__bench = {frame: 0, keys: [], draws: [], stale: []};
  const tick = () => { B.frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener('keydown', () => B.keys.push([performance.now(), B.frame]), true);
  const root = document.querySelectorAll('.course-web-figure')[k];
  let last = null;
  // (un dessin compte s'il montre des points calculés pour ces paramètres : miroir, ou
  // points du noyau enregistrés pour eux ; pas « noyau (précédent) » ni « aucune »)
  const current = ['miroir', 'noyau', "noyau (d'avance)"];
  root.addEventListener('course-figure:drawn', ev => {
    const key = JSON.stringify(ev.detail.key);
    const sources = Object.values(root.__courseFigure.source);
    if (!sources.every(s => current.includes(s))) { B.stale.push(sources); return; }
    if (key !== last) { last = key; B.draws.push([performance.now(), B.frame]); }
  });
  return true;
}"""

# Marque (data-bench-box) la boîte d'explorateur de la figure web n° k ; faux si cette figure
# n'est pas celle d'un explorateur.
MARK_BOX = """(k) => {
  const root = document.querySelectorAll('.course-web-figure')[k];
  const box = root.closest('.course-explorer');
  document.querySelectorAll('[data-bench-box]').forEach(b => b.removeAttribute('data-bench-box'));
  if (box) box.setAttribute('data-bench-box', '');
  return Boolean(box);
}"""

# La diapositive (indices de reveal.js) de la figure web n° k.
SLIDE_OF = """(k) => {
  const root = document.querySelectorAll('.course-web-figure')[k];
  const i = Reveal.getIndices(root.closest('section:not(.stack)'));
  return [i.h, i.v || 0];
}"""


def decks(folder: Path) -> list[Path]:
    found = sorted(folder.glob("[0-9]*.slides.html"))
    if not found:
        print(f"Aucune présentation dans {folder} : make slides SLIDES_DIR={folder}…", flush=True)
        subprocess.run(["make", "--no-print-directory", "slides", f"SLIDES_DIR={folder}"],
                       cwd=REPO_ROOT, check=True)
        found = sorted(folder.glob("[0-9]*.slides.html"))
    return found


def open_deck(browser, path: Path, blocked: list[str]):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    only_local_files(page, blocked)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=60_000)
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    # chaque vue de widget enregistrée dans la page (une par explorateur) est rendue
    page.wait_for_function(
        "() => document.querySelectorAll('.course-web-figure').length >= document"
        ".querySelectorAll(\"script[type='application/vnd.jupyter.widget-view+json']\").length",
        timeout=60_000)
    return context, page


def press(page, handle, key: str) -> dict:
    """Un appui sur `key` ; attend le dessin qui le suit (10 s au plus). Renvoie les images
    et les millisecondes entre l'appui et ce dessin (NaN : aucun dessin)."""
    n_keys = page.evaluate("window.__bench.keys.length")
    handle.press(key)
    page.wait_for_function("n => window.__bench.keys.length > n", arg=n_keys, timeout=5_000)
    t_key, f_key = page.evaluate("n => window.__bench.keys[n]", n_keys)
    try:
        page.wait_for_function("t => window.__bench.draws.some(d => d[0] > t)", arg=t_key,
                               timeout=10_000, polling=20)
    except Exception:  # (Playwright TimeoutError) : un appui sans dessin est compté à part
        return {"frames": float("nan"), "ms": float("nan")}
    t_draw, f_draw = page.evaluate("t => window.__bench.draws.find(d => d[0] > t)", t_key)
    return {"frames": f_draw - f_key, "ms": t_draw - t_key}


def show_slide(page, k: int) -> tuple:
    """Montre la diapositive de la figure web n° `k` ; renvoie ses indices."""
    h, v = page.evaluate(SLIDE_OF, k)
    page.evaluate(f"() => Reveal.slide({h}, {v})")
    page.wait_for_function(
        f"() => {{ const i = Reveal.getIndices(); return i.h === {h} && (i.v || 0) === {v}; }}")
    return h, v


def measure_explorer(page, k: int, presses: int, slides: bool) -> list[dict] | None:
    """Les appuis sur le curseur η de l'explorateur de la figure web n° `k` (None si cette
    figure n'est pas celle d'un explorateur) ; `slides` : dans une présentation (sa
    diapositive est montrée, et les flèches ne doivent pas en changer)."""
    if not page.evaluate(MARK_BOX, k):
        return None
    where = show_slide(page, k) if slides else None
    box = page.locator("[data-bench-box]")
    box.scroll_into_view_if_needed()
    page.wait_for_function("k => document.querySelectorAll('.course-web-figure')[k]"
                           ".__courseFigure.draws > 0", arg=k, timeout=60_000)
    page.evaluate(PROBE, k)
    handle = box.locator(".widget-slider").filter(has_text="pas η").first.locator(
        SLIDER_HANDLE).first
    handle.focus()
    out = []
    for key in ["ArrowRight"] * presses + ["ArrowLeft"] * presses:
        out.append(press(page, handle, key))
        time.sleep(GAP)
    if slides:
        now = page.evaluate("() => [Reveal.getIndices().h, Reveal.getIndices().v || 0]")
        assert tuple(now) == where, "les flèches ont changé de diapositive"
    stale = page.evaluate("window.__bench.stale")
    if stale:
        print(f"  ATTENTION : {len(stale)} dessin(s) sans les points de leurs paramètres "
              f"(non comptés) : {stale[:3]}")
    return out


def measure_page(page, name: str, presses: int, slides: bool, rows: list) -> None:
    """Chaque explorateur de la page ouverte : ses appuis, ajoutés à `rows`."""
    n = page.evaluate("() => document.querySelectorAll('.course-web-figure').length")
    k_explorer = 0
    for k in range(n):
        res = measure_explorer(page, k, presses, slides)
        if res is None:
            continue
        k_explorer += 1
        rows.append((name, k_explorer, res))
        print(f"{name}, explorateur {k_explorer} : {len(res)} appuis mesurés", flush=True)


def run_slides(browser, folder: Path, presses: int, rows: list, blocked: list) -> None:
    for path in decks(folder):
        context, page = open_deck(browser, path, blocked)
        try:
            measure_page(page, path.name.removesuffix(".slides.html"), presses, True, rows)
        finally:
            context.close()


def run_jupyterlab(browser, presses: int, rows: list) -> None:
    """Chaque chapitre (une copie de notebooks/, que JupyterLab ne réécrit pas dans le dépôt),
    ouvert et exécuté dans JupyterLab ; le noyau répond, le miroir dessine d'abord."""
    root = Path(tempfile.mkdtemp(prefix="bench-chapitres-"))
    shutil.copytree(REPO_ROOT / "notebooks", root / "notebooks")
    lab = start_lab(root)
    try:
        for path in sorted((root / "notebooks").glob("[0-9]*.ipynb")):
            page = browser.new_page(viewport=VIEWPORT_LAB)
            try:
                open_notebook(page, lab, f"notebooks/{path.name}")
                if not run_all_cells(page):
                    raise RuntimeError("\n".join(cell_errors(page)))
                wait_widgets_rendered(page)
                wait_kernel_idle(page, settle=1000)
                measure_page(page, path.stem, presses, False, rows)
            finally:
                page.close()
    finally:
        lab.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier", type=Path, default=REPO_ROOT / "build" / "slides")
    ap.add_argument("--appuis", type=int, default=10, help="appuis sur → (puis autant sur ←)")
    ap.add_argument("--jupyterlab", action="store_true",
                    help="les chapitres dans JupyterLab (avec leur noyau), pas les diapositives")
    args = ap.parse_args(argv)

    rows, blocked = [], []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            if args.jupyterlab:
                run_jupyterlab(browser, args.appuis, rows)
            else:
                run_slides(browser, args.dossier, args.appuis, rows, blocked)
        finally:
            browser.close()
    report(rows, args, blocked)


def report(rows, args, blocked):
    print()
    where = ("Chapitres dans JupyterLab, avec leur noyau" if args.jupyterlab
             else f"Diapositives hors ligne ({args.dossier}), sans noyau")
    print(f"{where} : {args.appuis} appuis sur →, puis autant sur ←, espacés de "
          f"{GAP * 1000:.0f} ms.")
    head = (f"{'chapitre':28} {'expl.':>5} {'appuis':>6} {'en 1 image':>10} "
            f"{'images (méd./max)':>18} {'ms (méd./max)':>16}")
    print(head)
    print("-" * len(head))
    every = []
    for deck, k, res in rows:
        frames = [r["frames"] for r in res if r["frames"] == r["frames"]]
        ms = [r["ms"] for r in res if r["ms"] == r["ms"]]
        every += frames
        lost = len(res) - len(frames)
        print(f"{deck:28} {k:5d} {len(res):6d} {sum(f <= 1 for f in frames):10d} "
              f"{statistics.median(frames):8.0f} / {max(frames):<7.0f} "
              f"{statistics.median(ms):7.1f} / {max(ms):<7.1f}"
              + (f"  ({lost} appui(s) sans dessin)" if lost else ""))
    if every:
        print(f"\nEnsemble : {len(rows)} explorateurs, {len(every)} appuis dessinés ; "
              f"{sum(f <= 1 for f in every)} en une image, médiane "
              f"{statistics.median(every):.0f} image(s), maximum {max(every):.0f}. "
              f"Objectif (une image par appui) : "
              f"{'atteint' if statistics.median(every) <= 1 else 'non atteint'}.")
    if blocked:
        print(f"ATTENTION : requêtes hors du disque tentées : {blocked[:5]}")
    print("Machine de 2 cœurs partagée : chiffres bruyants (les images de l'écran le sont moins "
          "que les millisecondes).")


if __name__ == "__main__":
    main()
