"""Chaque chapitre du site JupyterLite (Pyodide dans le site), dans chromium, sans réseau.

Pour chaque chapitre : ouvert dans l'interface JupyterLab du site, toutes les cellules
exécutées par le noyau Pyodide ; aucune sortie d'erreur (sauf la ligne de matplotlib qui
construit son cache de polices au premier démarrage) ; chaque cellule qui trace une figure en a
une, chaque image est décodée, chaque canevas ipympl est dessiné ; un appui sur → dans le
curseur « pas η » du premier explorateur change son canevas ; aucune requête hors du site.
Chapitre 6 : la phrase de course_utils dit, une fois, que les jumeaux numpy remplacent PyTorch.

Captures : test-artifacts/lite/<chapitre>.png (la page, au premier explorateur, après l'appui) et
06_pytorch-code-pytorch.png (une cellule PyTorch montrée sans être exécutée).
"""

from __future__ import annotations

import time

import pytest
from e2e.lab import (
    MPL_CANVAS,
    SLIDER_HANDLE,
    canvas_data_url,
    cell_errors,
    run_all_cells,
    wait_canvas_change,
    wait_canvas_drawn,
    wait_kernel_idle,
    wait_widgets_rendered,
)

from course_utils.torch_bridge import NO_TORCH_NOTE

from .site import ARTIFACTS_DIR, FONT_CACHE, REPO_ROOT, open_chapter

pytestmark = pytest.mark.lite

CHAPTERS = sorted(p.name for p in (REPO_ROOT / "notebooks").glob("[0-9]*.ipynb"))


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


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_runs_offline_in_the_browser(lite_page, lite_server, name):
    page = lite_page
    page_errors, outside = [], []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on("request", lambda r: None if r.url.startswith((lite_server.url, "data:", "blob:"))
            else outside.append(r.url))  # fmt: skip
    start = time.monotonic()
    open_chapter(page, lite_server.url, name)
    ready = time.monotonic() - start
    ok = run_all_cells(page)
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
    n_images = page.locator(".jp-OutputArea-output img").count()
    assert n_images >= len(plotting)
    assert page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
                            .every(i => i.complete && i.naturalWidth > 0)""")

    # les widgets : affichés, chaque canevas ipympl dessiné
    wait_widgets_rendered(page)
    figures = page.locator(".jupyter-matplotlib-canvas-div")
    assert figures.count() >= 1, "aucun canevas ipympl"
    for k in range(figures.count()):
        figures.nth(k).scroll_into_view_if_needed()
        wait_canvas_drawn(page, figures.nth(k).locator("canvas").first)  # 1er : l'image

    # l'explorateur répond : un appui sur → dans « pas η » change son canevas (le premier
    # widget qui a un curseur « pas η » et un canevas ipympl)
    explorer = (page.locator(".widget-box")
                .filter(has=page.locator(".widget-slider", has_text="pas η"))
                .filter(has=page.locator(".jupyter-matplotlib-canvas-div")).first)
    explorer.scroll_into_view_if_needed()
    slider = explorer.locator(".widget-slider").filter(has_text="pas η").first
    readout = slider.locator(".widget-readout").first
    canvas = explorer.locator(MPL_CANVAS).first
    wait_kernel_idle(page, settle=1000)
    status = explorer.locator(":scope > .widget-html").first  # la ligne d'état
    before, eta_before = canvas_data_url(canvas), readout.inner_text()
    status_before = status.inner_text() if status.count() else None
    handle = slider.locator(SLIDER_HANDLE).first
    handle.focus()
    handle.press("ArrowRight")
    wait_canvas_change(page, canvas, before, timeout=60_000)
    assert readout.inner_text() != eta_before
    if status_before is not None:
        page.wait_for_function("([e, s]) => e.innerText !== s",
                               arg=[status.element_handle(), status_before])
    wait_kernel_idle(page, settle=500)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name.removesuffix('.ipynb')}.png"))

    if name.startswith("06"):
        stdout = stream_text(cells, "stdout")
        assert stdout.count(NO_TORCH_NOTE) == 1, "la phrase « sans PyTorch » manque"
        # le code PyTorch est montré, non exécuté, avec la sortie qu'il donne dans JupyterLab
        listing = page.locator(".jp-MarkdownCell", has_text="torch.optim.SGD([p], lr=0.4)")
        listing.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS_DIR / "06_pytorch-code-pytorch.png"))
    assert not page_errors, page_errors
    assert not outside, f"requêtes hors du site : {outside[:5]}"
    print(f"{name} : noyau prêt en {ready:.1f} s, chapitre exécuté en {elapsed:.1f} s, "
          f"{len(plotting)} figure(s), {figures.count()} canevas ipympl")  # fmt: skip
