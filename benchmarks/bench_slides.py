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

Objectif (issue #16) : chaque explorateur de chaque chapitre à une image par appui dans les
diapositives hors ligne, comme dans JupyterLab (voir ``bench_web_figure.py``).

Lancer : ``env -u MPLBACKEND .venv/bin/python -m benchmarks.bench_slides`` depuis la racine du
dépôt. Options : ``--dossier``, ``--appuis`` (10). Compter une à deux minutes (plus la
construction des diapositives si elles manquent).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.browser import launch, only_local_files
from tools.lab import REPO_ROOT, SLIDER_HANDLE

VIEWPORT = {"width": 1280, "height": 720}  # celle des tests des diapositives
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

# La diapositive (indices de reveal.js) de la figure web n° k, et sa boîte d'explorateur marquée
# (data-bench-box) ; null si la figure n'est pas celle d'un explorateur.
SLIDE_OF = """(k) => {
  const root = document.querySelectorAll('.course-web-figure')[k];
  const box = root.closest('.course-explorer');
  if (!box) return null;
  document.querySelectorAll('[data-bench-box]').forEach(b => b.removeAttribute('data-bench-box'));
  box.setAttribute('data-bench-box', '');
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


def measure_explorer(page, k: int, presses: int) -> list[dict] | None:
    """Les appuis sur le curseur η de l'explorateur de la figure web n° `k` (None si cette
    figure n'est pas celle d'un explorateur)."""
    where = page.evaluate(SLIDE_OF, k)
    if where is None:
        return None
    h, v = where
    page.evaluate(f"() => Reveal.slide({h}, {v})")
    page.wait_for_function(
        f"() => {{ const i = Reveal.getIndices(); return i.h === {h} && (i.v || 0) === {v}; }}")
    page.wait_for_function("k => document.querySelectorAll('.course-web-figure')[k]"
                           ".__courseFigure.draws > 0", arg=k, timeout=60_000)
    page.evaluate(PROBE, k)
    box = page.locator("[data-bench-box]")
    handle = box.locator(".widget-slider").filter(has_text="pas η").first.locator(
        SLIDER_HANDLE).first
    handle.focus()
    out = []
    for key in ["ArrowRight"] * presses + ["ArrowLeft"] * presses:
        out.append(press(page, handle, key))
        time.sleep(GAP)
    assert page.evaluate("() => [Reveal.getIndices().h, Reveal.getIndices().v || 0]") == [h, v], \
        "les flèches ont changé de diapositive"
    stale = page.evaluate("window.__bench.stale")
    if stale:
        print(f"  ATTENTION : {len(stale)} dessin(s) sans les points de leurs paramètres "
              f"(non comptés) : {stale[:3]}")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dossier", type=Path, default=REPO_ROOT / "build" / "slides")
    ap.add_argument("--appuis", type=int, default=10, help="appuis sur → (puis autant sur ←)")
    args = ap.parse_args(argv)

    rows, blocked = [], []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for path in decks(args.dossier):
                context, page = open_deck(browser, path, blocked)
                try:
                    n = page.evaluate("() => document.querySelectorAll("
                                      "'.course-web-figure').length")
                    for k in range(n):
                        res = measure_explorer(page, k, args.appuis)
                        if res is None:
                            continue
                        rows.append((path.name.removesuffix(".slides.html"), k + 1, res))
                        print(f"{rows[-1][0]}, explorateur {k + 1} : {len(res)} appuis mesurés",
                              flush=True)
                finally:
                    context.close()
        finally:
            browser.close()
    report(rows, args, blocked)


def report(rows, args, blocked):
    print()
    print(f"Diapositives hors ligne ({args.dossier}), sans noyau : {args.appuis} appuis sur →, "
          f"puis autant sur ←, espacés de {GAP * 1000:.0f} ms.")
    head = (f"{'présentation':28} {'expl.':>5} {'appuis':>6} {'en 1 image':>10} "
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
