"""Test de fumée : JupyterLab + ipywidgets + ipympl fonctionnent dans chromium.

Un carnet minuscule : un curseur FloatSlider, une étiquette et une figure ipympl dont la
courbe suit le curseur. On l'exécute, on bouge le curseur au clavier puis à la souris,
et on vérifie que les pixels de la figure et le texte de l'étiquette ont suivi.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools.lab import (
    MPL_CANVAS,
    cell_errors,
    cell_outputs,
    drag_slider,
    open_notebook,
    press_slider,
    run_all_cells,
    screenshot,
    slider_readout,
    wait_canvas_change,
    wait_canvas_drawn,
    wait_widgets_rendered,
    write_notebook,
)

pytestmark = pytest.mark.e2e

SMOKE_CELLS = [
    ("markdown", "# Test de fumée\nUn curseur, une étiquette, une figure ipympl."),
    "%matplotlib widget\n"
    "import ipywidgets as widgets\n"
    "import matplotlib.pyplot as plt\n"
    "import numpy as np",
    "x = np.linspace(0, 2 * np.pi, 200)\n"
    "with plt.ioff():\n"
    "    fig, ax = plt.subplots(figsize=(5, 3))\n"
    "fig.canvas.header_visible = False\n"
    "(line,) = ax.plot(x, np.sin(x), lw=3)\n"
    "ax.set_ylim(-3.2, 3.2)\n"
    "slider = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.25,\n"
    "                             description='amplitude')\n"
    "label = widgets.Label(value='amplitude = 1.00')\n"
    "\n"
    "def on_change(change):\n"
    "    a = change['new']\n"
    "    line.set_ydata(a * np.sin(x))\n"
    "    label.value = f'amplitude = {a:.2f}'\n"
    "    fig.canvas.draw_idle()\n"
    "\n"
    "slider.observe(on_change, names='value')\n"
    "widgets.VBox([slider, label, fig.canvas])",
    "import sys\nprint('stderr ne compte pas comme une erreur', file=sys.stderr)",
]


@pytest.fixture(scope="module")
def smoke_notebook(lab_root):
    return write_notebook(lab_root / "e2e_smoke.ipynb", SMOKE_CELLS).name


def test_widgets_and_ipympl(page, jupyter_lab, smoke_notebook, console_errors):
    open_notebook(page, jupyter_lab, smoke_notebook)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []
    wait_widgets_rendered(page)

    slider = page.locator(".widget-slider").filter(has_text="amplitude").first
    slider.wait_for(state="visible")
    label = page.locator(".widget-label").filter(has_text="amplitude =").first
    canvas = page.locator(MPL_CANVAS).first
    # La figure est dessinée (ipympl envoie sa première image après l'affichage).
    before = wait_canvas_drawn(page, canvas)
    assert slider_readout(slider) == "1.00"
    assert label.inner_text() == "amplitude = 1.00"
    canvas.scroll_into_view_if_needed()
    screenshot(page, "smoke-01-avant")

    # Clavier : 2 pas de 0,25 vers la droite.
    press_slider(page, slider, "ArrowRight", times=2)
    expect(label).to_have_text("amplitude = 1.50")
    assert slider_readout(slider) == "1.50"
    after_keys = wait_canvas_change(page, canvas, before)
    canvas.scroll_into_view_if_needed()
    screenshot(page, "smoke-02-clavier")

    # Souris : glisser le bouton tout à droite (au-delà du bout de la glissière).
    drag_slider(page, slider, 400)
    expect(label).to_have_text("amplitude = 3.00")
    assert slider_readout(slider) == "3.00"
    wait_canvas_change(page, canvas, after_keys)
    canvas.scroll_into_view_if_needed()
    screenshot(page, "smoke-03-souris")
    screenshot(page.locator(".jupyter-matplotlib-figure").first, "smoke-04-figure")

    assert cell_errors(page) == []
    assert not [e for e in console_errors if "pageerror" in e], console_errors


def test_cell_errors_reports_exceptions(page, jupyter_lab, lab_root):
    write_notebook(
        lab_root / "e2e_error.ipynb",
        ["print('ok')", "import sys; print('avertissement', file=sys.stderr)", "1 / 0",
         "print('jamais')"],
    )
    open_notebook(page, jupyter_lab, "e2e_error.ipynb")
    assert run_all_cells(page) is False
    errors = cell_errors(page)
    # Le stderr de la cellule 1 n'est pas une erreur ; la file s'arrête après la cellule 2.
    assert len(errors) == 1 and errors[0].startswith("[cellule 2] ZeroDivisionError"), errors
    outputs = cell_outputs(page)
    assert outputs[1][0]["name"] == "stderr"
    assert outputs[3] == []
