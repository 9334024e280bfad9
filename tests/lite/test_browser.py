"""Chaque chapitre du site JupyterLite (Pyodide dans le site), dans chromium, sans réseau.

Pour chaque chapitre : ouvert dans l'interface JupyterLab du site, toutes les cellules
exécutées par le noyau Pyodide ; aucune sortie d'erreur (sauf la ligne de matplotlib qui
construit son cache de polices au premier démarrage) ; chaque cellule qui trace une figure en a
une, chaque image est décodée ; chaque widget vivant (une sortie qui a un curseur et un
``<canvas>`` : explorateur, sonde de gradient, explorateur des mini-lots, figure web anywidget)
est dessiné, et un appui sur une flèche dans un de ses curseurs change la valeur affichée et
les pixels de son canevas (le premier curseur qui a un effet visible : parti exactement du point
selle, l'explorateur du chapitre 5 ne bouge pas quand η change) ; aucune requête hors du site.
Les explorateurs (``Explorer(``) sont des figures web (anywidget, ``course_utils.web_figure``) :
une par explorateur du carnet, le front-end d'anywidget est dans le site et leurs curseurs les
font bouger (comme tout widget vivant).
Chapitre 4 : un clic sur l'étoile de la carte de convergence (l'exercice 1) règle les curseurs
« pas η » et « momentum α » de l'explorateur d'en dessous (0,4786 et 0,15), dans la page et dans
le noyau, et la figure de l'explorateur change.
Chapitre 6 : la phrase de course_utils dit, une fois, que les jumeaux numpy remplacent PyTorch.

Captures (test-artifacts/lite/) : <chapitre>.png (la page, au premier widget vivant, après
l'appui), <chapitre>-widget-<k>.png (chaque widget vivant après l'appui) et
06_pytorch-code-pytorch.png (une cellule PyTorch montrée sans être exécutée),
04_momentum-carte-etoile.png et 04_momentum-carte-etoile-explorateur.png (la carte et
l'explorateur après le clic) ; les temps de
chaque chapitre dans <chapitre>.txt.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from course_utils.torch_bridge import NO_TORCH_NOTE
from tools.lab import (
    MPL_CANVAS,
    cell_errors,
    kernel_exec,
    run_all_cells,
    wait_kernel_idle,
    wait_widgets_rendered,
)
from tools.lite import (
    ARTIFACTS_DIR,
    FONT_CACHE,
    REPO_ROOT,
    live_widgets,
    move_a_slider,
    open_chapter,
    wait_canvases_drawn,
)

pytestmark = pytest.mark.lite

#: les chapitres, les plus longs d'abord (durées de test-artifacts/lite/*.txt, 30 novembre) :
#: deux processus (pytest-xdist) finissent à peu près ensemble
SLOWEST_FIRST = ("02", "05", "03", "06", "04", "07", "01")
CHAPTERS = sorted((p.name for p in (REPO_ROOT / "notebooks").glob("[0-9]*.ipynb")),
                  key=lambda n: (SLOWEST_FIRST + (n[:2],)).index(n[:2]))  # fmt: skip

#: délais (ms) : des bornes, pas des attentes (tout attend un événement) ; larges, car sur une
#: machine de 2 cœurs très chargée, le noyau Pyodide a mis jusqu'à 160 s à démarrer
KERNEL_TIMEOUT, RUN_TIMEOUT = 600_000, 900_000

#: un explorateur dans le code d'un carnet (pas Explorer1D, FamilyExplorer…)
EXPLORER_CALL = re.compile(r"(?<![A-Za-z])Explorer\(")

# Les cellules du carnet courant : type, source, sorties (modèle de JupyterLab).
_JS_CELLS = """() => {
    const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
    const out = [];
    for (let i = 0; i < cells.length; i++) {
        const c = cells.get(i);
        out.push({type: c.type, source: c.sharedModel.getSource(),
                  outputs: c.type === 'code' ? c.outputs.toJSON() : []});
    }
    return out;
}"""


def stream_text(cells, name):
    return "".join(o["text"] if isinstance(o["text"], str) else "".join(o["text"])
                   for c in cells for o in c["outputs"]
                   if o["output_type"] == "stream" and o["name"] == name)  # fmt: skip


def check_live_widgets(page, stem, widgets, first=1):
    """Chaque widget vivant est dessiné, puis un appui dans son premier curseur change son
    canevas ; une capture de chacun après l'appui. Renvoie les curseurs bougés."""
    for widget in widgets:
        widget.scroll_into_view_if_needed()
        wait_canvases_drawn(page, widget)
    moved = []
    for k, widget in enumerate(widgets, start=first):
        moved.append(move_a_slider(page, widget))
        wait_kernel_idle(page, settle=300)  # la ligne d'état et la dernière image du noyau
        widget.screenshot(path=str(ARTIFACTS_DIR / f"{stem}-widget-{k}.png"))
    return moved


#: position de l'étoile (η*, α*) sur le canevas de la carte, en pixels depuis son coin haut
#: gauche, et la taille de la figure : demandées au noyau Pyodide (sa police, sa mise en page)
_STAR_ON_CANVAS = """carte.figure.canvas.draw()
_x, _y = carte.map_axes.transData.transform(carte.optimum[:2])
_w, _h = carte.figure.bbox.size
print(_x, _h - _y, _w, _h)"""


def click_the_star(page, stem):
    """Chapitre 4, exercice 1 : un clic sur l'étoile de la carte de convergence règle les
    curseurs η et α de l'explorateur affiché dessous (au cran le plus proche de (η*, α*)), dans
    la page et dans le noyau ; la figure de l'explorateur change."""
    cell = page.locator(".jp-CodeCell", has=page.locator(".course-convergence-map"))
    expect(cell).to_have_count(1)
    canvas = cell.locator(f".course-convergence-map {MPL_CANVAS}").first
    box = cell.locator(".course-explorer")
    figure = box.locator("canvas").first
    alpha = box.locator(".widget-slider").filter(has_text="momentum α").first
    eta = box.locator(".widget-slider").first
    x, y, width, height = map(float, kernel_exec(page, _STAR_ON_CANVAS).split())
    canvas.scroll_into_view_if_needed()
    bb = canvas.bounding_box()
    assert (bb["width"], bb["height"]) == pytest.approx((width, height), abs=1), bb
    before = figure.evaluate("c => c.toDataURL()")
    page.mouse.click(bb["x"] + x, bb["y"] + y)
    expect(alpha.locator(".widget-readout")).to_have_text("0,15", timeout=60_000)
    expect(eta.locator(".widget-readout")).to_have_text("0,4786", timeout=60_000)
    expect(cell.locator(".course-convergence-map > .widget-html")).to_contain_text(
        "η = 0,4786, α = 0,15 : facteur de convergence ρ = 0,441", timeout=60_000)
    page.wait_for_function("([c, u]) => c.toDataURL() !== u", polling=100, timeout=60_000,
                           arg=[figure.element_handle(), before])
    wait_kernel_idle(page, settle=300)
    values = kernel_exec(page, "c = explorateur.controls\nprint(c['eta'].value, c['alpha'].value)")
    eta_k, alpha_k = map(float, values.split())
    assert eta_k == pytest.approx(0.4786, abs=1e-4) and alpha_k == pytest.approx(0.15, abs=1e-12)
    cell.locator(".course-convergence-map").screenshot(
        path=str(ARTIFACTS_DIR / f"{stem}-carte-etoile.png"))
    box.screenshot(path=str(ARTIFACTS_DIR / f"{stem}-carte-etoile-explorateur.png"))


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_runs_offline_in_the_browser(lite_page, lite_server, name):
    page, stem = lite_page, name.removesuffix(".ipynb")
    page_errors, outside = [], []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on("request", lambda r: None if r.url.startswith((lite_server.url, "data:", "blob:"))
            else outside.append(r.url))  # fmt: skip
    start = time.monotonic()
    open_chapter(page, lite_server.url, name, timeout=KERNEL_TIMEOUT)
    ready = time.monotonic() - start
    ok = run_all_cells(page, timeout=RUN_TIMEOUT)
    elapsed = time.monotonic() - start
    errors = cell_errors(page)
    assert ok and errors == [], "\n".join(errors)
    cells = page.evaluate(_JS_CELLS)

    # aucune sortie d'erreur, sauf la ligne du cache de polices de matplotlib
    stderr = stream_text(cells, "stderr")
    assert stderr.replace(f"{FONT_CACHE}; this may take a moment.", "").strip() == "", stderr

    # chaque cellule qui trace une figure en a une ; chaque image est décodée
    plotting = [c for c in cells if c["type"] == "code" and "plt.show()" in c["source"]]
    assert plotting, "aucune figure tracée"
    for cell in plotting:
        kinds = [set(o.get("data", {})) for o in cell["outputs"]]
        assert any("image/png" in k for k in kinds), f"figure absente :\n{cell['source']}"
    assert page.locator(".jp-OutputArea-output img").count() >= len(plotting)
    assert page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
                            .every(i => i.complete && i.naturalWidth > 0)""")

    # les widgets vivants : affichés, dessinés, et un curseur fait bouger chacun
    wait_widgets_rendered(page)
    widgets = live_widgets(page)
    assert widgets, "aucun widget vivant (curseur + canevas)"
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    moved = check_live_widgets(page, stem, widgets)
    widgets[0].scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS_DIR / f"{stem}.png"))

    # chaque explorateur est une figure web (anywidget) : affichée, et bougée ci-dessus
    code = "\n".join(c["source"] for c in cells if c["type"] == "code")
    explorers = len(EXPLORER_CALL.findall(code))
    assert page.locator(".course-web-figure").count() == explorers, "figure web non affichée"

    if name.startswith("04"):
        click_the_star(page, stem)
    if name.startswith("06"):
        stdout = stream_text(cells, "stdout")
        assert stdout.count(NO_TORCH_NOTE) == 1, "la phrase « sans PyTorch » manque"
        # le code PyTorch est montré, non exécuté, avec la sortie qu'il donne dans JupyterLab
        listing = page.locator(".jp-MarkdownCell", has_text="torch.optim.SGD([p], lr=0.4)")
        listing.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS_DIR / "06_pytorch-code-pytorch.png"))
    assert not page_errors, page_errors
    assert not outside, f"requêtes hors du site : {outside[:5]}"
    summary = (f"{name} : noyau prêt en {ready:.1f} s, chapitre exécuté en {elapsed:.1f} s, "
               f"test fini en {time.monotonic() - start:.1f} s ; {len(plotting)} figure(s), "
               f"{len(moved)} widget(s) vivant(s) : "
               + " ; ".join(f"{m['slider']} {m['before']} → {m['after']}"
                            + (f" (sans effet avant : {', '.join(m['unchanged'])})"
                               if m["unchanged"] else "") for m in moved))
    (ARTIFACTS_DIR / f"{stem}.txt").write_text(summary + "\n")
    print(summary)
