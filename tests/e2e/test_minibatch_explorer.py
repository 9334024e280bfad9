"""L'explorateur des mini-lots (`MiniBatchExplorer`, chapitre 7) tel que l'élève le voit.

Le chapitre 7 est ouvert et exécuté dans JupyterLab (chromium). On déplace le curseur
« taille des lots b » de l'explorateur, au clavier puis à la souris, et l'on vérifie à chaque
fois que la figure ipympl change (pixels du <canvas>) et que la ligne d'état, en français,
annonce la nouvelle taille et son nombre d'itérations par époque ; à la fin, l'image de la page
est exactement celle du noyau.

Captures (explorateur seul, avant et après chaque geste) :
test-artifacts/e2e/mini-lots-*.png.
"""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

from tools.lab import (
    MPL_CANVAS,
    cell_errors,
    drag_slider,
    kernel_exec,
    open_notebook,
    pixels_differing_from_kernel,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_canvas_change,
    wait_canvas_drawn,
    wait_widgets_rendered,
)

pytestmark = pytest.mark.e2e

NOTEBOOK = "07_mini_lots.ipynb"
N_TRAIN = 354  # patients d'entraînement du chapitre
SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, N_TRAIN]  # les crans du curseur
# l'explorateur du carnet, retrouvé dans le noyau (la cellule l'affiche sans le nommer)
EXPLORER = ("[o for o in __import__('gc').get_objects() "
            "if type(o).__name__ == 'MiniBatchExplorer'][-1]")
WIDGET_ERROR = re.compile(r"widget|ipympl|matplotlib|model|comm|pageerror", re.IGNORECASE)
STATUS_B = re.compile(
    r"b = (\d+) : (\d+) itérations? par époque, soit ([\d\u202f ]+) en 20 époques")


def said(status) -> tuple[int, int, int] | None:
    """(b, itérations par époque, itérations en tout) lus sur la ligne d'état."""
    match = STATUS_B.search(status.inner_text())
    if not match:
        return None
    b, per_epoch, total = match.groups()
    return int(b), int(per_epoch), int(re.sub(r"\D", "", total))


def final_loss(status) -> str:
    match = re.search(r"Perte finale : entraînement ([\d\u202f ]+,\d)", status.inner_text())
    assert match, status.inner_text()
    return match.group(1)


def expect_b(page, status, b: int) -> None:
    """La ligne d'état annonce b, ⌈354/b⌉ itérations par époque et 20 fois plus en tout."""
    per_epoch = math.ceil(N_TRAIN / b)
    expect(status).to_contain_text(f"b = {b} : {per_epoch} itération")
    assert said(status) == (b, per_epoch, 20 * per_epoch), status.inner_text()


def test_batch_size_slider_redraws_the_curves(page, jupyter_lab, console_errors):
    open_notebook(page, jupyter_lab, NOTEBOOK)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []
    wait_widgets_rendered(page)

    box = page.locator(".course-minibatch-explorer")
    expect(box).to_have_count(1)
    box.scroll_into_view_if_needed()
    canvas = box.locator(MPL_CANVAS).first
    status = box.locator(":scope > .widget-html")
    b_slider = box.locator(".widget-slider").filter(has_text="taille des lots b").first
    expect(b_slider).to_be_visible()

    pixels = wait_canvas_drawn(page, canvas)
    assert slider_readout(b_slider) == "16"
    expect_b(page, status, 16)  # 23 itérations par époque
    loss_16 = final_loss(status)
    screenshot(box, "mini-lots-01-b16")

    # Clavier : un cran à droite, b = 32 (12 itérations par époque).
    press_slider(page, b_slider, "ArrowRight")
    expect(b_slider.locator(".widget-readout")).to_have_text("32")
    expect_b(page, status, 32)
    pixels = wait_canvas_change(page, canvas, pixels)
    assert final_loss(status) != loss_16
    screenshot(box, "mini-lots-02-b32")

    # Cinq crans à gauche : b = 1, la SGD (354 itérations par époque, 7 080 en tout) ;
    # l'image et la ligne d'état suivent la dernière valeur.
    press_slider(page, b_slider, "ArrowLeft", times=5)
    expect(b_slider.locator(".widget-readout")).to_have_text("1")
    expect_b(page, status, 1)
    pixels = wait_canvas_change(page, canvas, pixels)
    screenshot(box, "mini-lots-03-b1")
    assert pixels_differing_from_kernel(page, canvas, f"({EXPLORER}).figure") == 0

    # Souris : le bouton glissé tout à droite, b = n (la descente de gradient, 1 itération
    # par époque).
    drag_slider(page, b_slider, 400)
    expect(b_slider.locator(".widget-readout")).to_have_text(str(N_TRAIN))
    expect_b(page, status, N_TRAIN)
    expect(status).to_contain_text(f"b = {N_TRAIN} : 1 itération par époque")
    wait_canvas_change(page, canvas, pixels)
    screenshot(box, "mini-lots-04-b354")
    # la page montre exactement l'image du noyau, et le noyau a bien b = n
    assert pixels_differing_from_kernel(page, canvas, f"({EXPLORER}).figure") == 0
    kernel = kernel_exec(page, f"print(({EXPLORER}).controls['batch_size'].value)").strip()
    assert kernel == str(N_TRAIN)

    assert cell_errors(page) == []
    assert page.get_by_text("Error displaying widget").count() == 0
    widget_errors = [e for e in console_errors if WIDGET_ERROR.search(e)]
    assert not widget_errors, widget_errors
