"""L'explorateur (`course_utils.widgets.Explorer`) tel que l'élève le voit dans JupyterLab.

Un petit carnet affiche l'explorateur des moindres carrés du cours. On vérifie, dans
chromium, que chaque geste de l'élève fait suivre les pixels de la figure (dessinée par le
navigateur) *et* la ligne d'état en français sous la figure (écrite par le noyau) ; au repos,
la figure de la page est celle que matplotlib dessine dans le noyau (test d'image) :

(a) le curseur « pas η » au clavier (flèche droite) : la lecture du curseur et le
    « η = ... » de la ligne d'état changent ensemble ;
(b) η au-dessus de 2/L ≈ 0,4957 au clavier : « > seuil de stabilité » ; puis η tout à
    droite (touche Fin) : F s'envole ; T au maximum : « diverge » ;
(c) le curseur « départ w₁ » glissé à la souris : la figure et F(z_T) changent ;
(d) un clic sur les courbes de niveau : le départ (curseurs w₁, w₂) va au point cliqué.

Captures (page entière et explorateur seul, avant et après chaque geste) :
test-artifacts/e2e/explorateur-*.png.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tools.lab import (
    WEB_FIGURE_CANVAS,
    canvas_data_url,
    cell_errors,
    drag_slider,
    figure_differs_from_kernel,
    french_float,
    kernel_exec,
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

NOTEBOOK = "e2e_explorateur.ipynb"
CELLS = [
    ("markdown", "# L'explorateur dans JupyterLab"),
    "%matplotlib inline\n"
    "from course_utils import LeastSquares, linear_example\n"
    "from course_utils.widgets import Explorer",
    "e = Explorer(LeastSquares(*linear_example()))\ne",
]

THRESHOLD = 0.4957  # 2/L de linear_example(), affiché avec 4 chiffres significatifs
# Erreurs de console qui concernent les widgets (gestionnaire, ipympl, modèles, comms).
WIDGET_ERROR = re.compile(r"widget|anywidget|matplotlib|model|comm|pageerror", re.IGNORECASE)
# les nombres de la ligne d'état s'écrivent à la française : « η = 0,4 », « F(z_T) = 2,52 × 10⁷ »
ETA_IN_STATUS = re.compile(r"η = ([0-9]+(?:,[0-9]+)?)")
F_IN_STATUS = re.compile(r"F\(z_T\) = (−?[0-9]+(?:,[0-9]+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?)")


# --------------------------------------------------------------------------- aides


def wait_until(page, predicate, message, timeout=30.0):
    """Appelle `predicate()` toutes les 100 ms jusqu'à ce qu'il soit vrai (sinon échec)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"délai dépassé ({timeout} s) : {message()}")
        page.wait_for_timeout(100)


def readout_value(slider) -> float:
    """La valeur lue sur un curseur, écrite à la française (virgule décimale, signe moins
    U+2212 de d3-format)."""
    text = slider_readout(slider)
    assert not re.search(r"\d\.\d", text), f"lecture avec un point décimal : {text!r}"
    return french_float(text)


def status_eta(status) -> float | None:
    match = ETA_IN_STATUS.search(status.inner_text())
    return float(match.group(1).replace(",", ".")) if match else None


def status_f(status) -> str | None:
    match = F_IN_STATUS.search(status.inner_text())
    return match.group(1) if match else None


def wait_status_follows_eta(page, status, eta_slider) -> float:
    """Attend que le « η = ... » de la ligne d'état (calculé par le noyau, format .4g) soit
    la valeur lue sur le curseur (format d3 .4g) ; renvoie cette valeur."""
    def agree():
        text = slider_readout(eta_slider)
        if re.search(r"\d\.\d", text):  # (pas encore relue à la française : on attend)
            return False
        shown, said = french_float(text), status_eta(status)
        return said is not None and abs(said - shown) <= 1e-3 * shown and shown

    # (une lecture qui garde le point fait échouer l'attente, avec son texte)
    return wait_until(
        page, agree,
        lambda: f"lecture {slider_readout(eta_slider)!r}, ligne d'état {status.inner_text()!r}",
    )  # fmt: skip


def set_readout(slider, text: str) -> None:
    """Tape `text` dans la lecture (modifiable) d'un curseur ipywidgets, puis Entrée."""
    readout = slider.locator(".widget-readout").first
    readout.click()
    readout.press("Control+A")
    readout.type(text)
    readout.press("Enter")


def contour_click_point(target=(3.0, -4.0)):
    """Position (px, depuis le coin haut gauche du canevas) du point `target` = (w₁, w₂) des
    courbes de niveau : on refait la même figure (canevas Agg, hors noyau) et on lit sa
    transformation données -> pixels."""
    from course_utils import LeastSquares, linear_example
    from course_utils.widgets import Explorer

    e = Explorer(LeastSquares(*linear_example()))
    e.figure.canvas.draw()
    x, y = e.plane_axes.transData.transform(target)
    width, height = e.figure.bbox.size
    return float(x), float(height - y), (float(width), float(height))


def shoot(page, box, name: str) -> None:
    """Page entière (l'explorateur à l'écran) et explorateur seul."""
    box.scroll_into_view_if_needed()
    screenshot(page, f"explorateur-{name}-page")
    screenshot(box, f"explorateur-{name}-widget")


# --------------------------------------------------------------------------- test


@pytest.fixture(scope="module")
def explorer_notebook(lab_root):
    return write_notebook(lab_root / NOTEBOOK, CELLS).name


def test_explorer_in_jupyterlab(page, jupyter_lab, explorer_notebook, console_errors):
    open_notebook(page, jupyter_lab, explorer_notebook)
    assert run_all_cells(page), cell_errors(page)
    assert cell_errors(page) == []
    wait_widgets_rendered(page)

    box = page.locator(".course-explorer")
    expect(box).to_have_count(1)
    expect(box).to_be_visible()
    canvas = box.locator(WEB_FIGURE_CANVAS).first
    status = box.locator(":scope > .widget-html")  # la ligne d'état, sous la figure
    sliders = box.locator(".widget-slider")
    eta = sliders.first
    T = sliders.filter(has_text="itérations T").first
    w1 = sliders.filter(has_text="départ w₁").first
    w2 = sliders.filter(has_text="départ w₂").first
    expect(eta).to_contain_text("pas η")

    pixels = wait_canvas_drawn(page, canvas)
    bb = canvas.bounding_box()
    # 10 × 4,3 pouces à 100 ppp
    assert (round(bb["width"]), round(bb["height"])) == (1000, 430), bb
    expect(status).to_contain_text(
        "η = 0,4 ≤ seuil de stabilité de la descente de gradient 2/L = 0,4957")
    expect(status).to_contain_text("descente de gradient : F(z_T) = ")
    assert readout_value(eta) == pytest.approx(0.4, rel=1e-3)
    assert slider_readout(T) == "20"
    assert (slider_readout(w1), slider_readout(w2)) == ("\u22127,00", "7,00")  # « −7,00 »
    shoot(page, box, "01-avant")

    # (a) Clavier : trois crans (0,01 chacun sur l'exposant) -> η = 0,4 × 10^0,03 ≈ 0,4286.
    before_readout = slider_readout(eta)
    press_slider(page, eta, "ArrowRight", times=3)
    shown = wait_status_follows_eta(page, status, eta)
    assert slider_readout(eta) != before_readout
    assert shown == pytest.approx(0.4 * 10**0.03, rel=1e-3)
    expect(status).to_contain_text("≤ seuil de stabilité")
    pixels = wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "02-clavier")

    # (b) Encore des crans jusqu'à dépasser 2/L (le 10e : η ≈ 0,5036).
    presses = 0
    while readout_value(eta) <= THRESHOLD:
        assert presses < 20, f"η bloqué à {slider_readout(eta)}"
        press_slider(page, eta, "ArrowRight")
        presses += 1
    assert presses == 7, presses
    shown = wait_status_follows_eta(page, status, eta)
    assert shown > THRESHOLD
    expect(status).to_contain_text("> seuil de stabilité de la descente de gradient 2/L = 0,4957")
    pixels = wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "03-au-dessus-de-2L")

    # η tout à droite (touche Fin : 100 × 2/L ≈ 50,36). Sur T = 20 itérations F passe de
    # ~86 à ~3e93 : la ligne d'état le dit (« s'éloigne du minimum »), sans « diverge »
    # tant que l'itéré reste fini.
    press_slider(page, eta, "End")
    shown = wait_status_follows_eta(page, status, eta)
    assert shown == pytest.approx(50.36, rel=1e-3)
    expect(status).to_contain_text("s'éloigne du minimum")
    pixels = wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "04-eta-max")
    # T au maximum (Fin) : F(z_t) devient infini (étape 67) -> « diverge », en rouge.
    press_slider(page, T, "End")
    expect(T.locator(".widget-readout")).to_have_text("200")
    expect(status).to_contain_text("diverge")
    expect(status).to_contain_text(
        "F(z_t) devient infini (trop grand pour un flottant) à l'étape 67")
    pixels = wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "05-diverge")

    # Retour à η = 0,4 et T = 20 en tapant dans les lectures des curseurs, à la française
    # (« 0,4 ») ; la lecture réécrite à la française
    set_readout(eta, "0,4")
    wait_status_follows_eta(page, status, eta)
    expect(eta.locator(".widget-readout")).to_have_text("0,4000")
    # ipywidgets peut réécrire la lecture plus tard, le focus encore dessus (écho du noyau :
    # c'est ce qui avait laissé « 0.4000 » en CI) : elle repasse à la française
    eta.locator(".widget-readout").first.evaluate("(r) => { r.focus(); r.textContent = '0.4000'; }")
    expect(eta.locator(".widget-readout")).to_have_text("0,4000")
    # Entrée sans rien taper : la valeur ne change pas (« 0,4000 » relu comme 0,4, pas 0)
    eta.locator(".widget-readout").first.press("Enter")
    expect(eta.locator(".widget-readout")).to_have_text("0,4000")
    set_readout(T, "20")
    expect(status).to_contain_text("η = 0,4 ≤ seuil de stabilité")
    expect(status).to_contain_text(", T = 20.")
    expect(status).not_to_contain_text("diverge")
    pixels = wait_canvas_change(page, canvas, pixels)

    # (c) Souris : le bouton « départ w₁ » glissé vers la droite.
    f_before, w1_before = status_f(status), slider_readout(w1)
    assert f_before is not None, status.inner_text()
    drag_slider(page, w1, 60)
    wait_until(page, lambda: slider_readout(w1) != w1_before, lambda: "w₁ n'a pas bougé")
    assert readout_value(w1) > french_float(w1_before)
    wait_until(
        page, lambda: status_f(status) not in (None, f_before),
        lambda: f"F(z_T) n'a pas changé : {status.inner_text()!r}",
    )  # fmt: skip
    pixels = wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "06-souris-w1")
    assert figure_differs_from_kernel(page, canvas, "e") <= 0.005, console_errors

    # (d) Clic sur les courbes de niveau, au point (w₁, w₂) = (3, -4) : le départ y va.
    x, y, size = contour_click_point((3.0, -4.0))
    bb = canvas.bounding_box()
    assert (bb["width"], bb["height"]) == pytest.approx(size, abs=1)
    readouts = (slider_readout(w1), slider_readout(w2))
    said_before = status.inner_text()
    page.mouse.click(bb["x"] + x, bb["y"] + y)
    wait_until(
        page, lambda: (slider_readout(w1), slider_readout(w2)) != readouts,
        lambda: f"w₁, w₂ n'ont pas suivi le clic : {readouts}",
    )  # fmt: skip
    expect(w2.locator(".widget-readout")).not_to_have_text(readouts[1])
    assert readout_value(w1) == pytest.approx(3.0, abs=0.1)
    assert readout_value(w2) == pytest.approx(-4.0, abs=0.1)
    # (F(z_T) peut rester le même à 4 chiffres : les deux départs mènent près de w*)
    wait_until(page, lambda: status.inner_text() != said_before, lambda: status.inner_text())
    wait_canvas_change(page, canvas, pixels)
    shoot(page, box, "07-clic")
    # l'image de la page est celle du noyau (au seuil du test d'image)
    assert figure_differs_from_kernel(page, canvas, "e") <= 0.005

    assert cell_errors(page) == []
    assert page.get_by_text("Error displaying widget").count() == 0
    assert canvas_data_url(canvas).startswith("data:image/png")
    widget_errors = [e for e in console_errors if WIDGET_ERROR.search(e)]
    assert not widget_errors, widget_errors


# Le noyau « malchanceux », simulé : une pause de 0,3 s après chaque envoi d'état du Play
# (machine chargée), et dans chaque message la clé « value » avant les autres (ipywidgets
# range les clés d'un hold_sync dans un set : leur ordre dépend de PYTHONHASHSEED, donc du
# noyau).
SLOW_KERNEL = """
import time, types

def _unlucky(widget, pause):
    send = type(widget).send_state
    def send_state(self, key=None):
        if key is not None and not isinstance(key, str):
            key = sorted(key, key=lambda k: k != "value")
        send(self, key)
        time.sleep(pause)
    widget.send_state = types.MethodType(send_state, widget)

_unlucky(e.play, 0.3)
_unlucky(e.controls["t"], 0.0)
print("ok")
"""


def test_step_slider_follows_T_when_kernel_is_slow(page, jupyter_lab, explorer_notebook):
    """T passe de 20 à 200 : le curseur « étape t » (et le Play) doivent suivre, dans le
    navigateur comme dans le noyau, même avec un noyau lent et « malchanceux » (SLOW_KERNEL)."""
    open_notebook(page, jupyter_lab, explorer_notebook)
    assert run_all_cells(page), cell_errors(page)
    wait_widgets_rendered(page)
    box = page.locator(".course-explorer")
    wait_canvas_drawn(page, box.locator(WEB_FIGURE_CANVAS).first)
    sliders = box.locator(".widget-slider")
    T = sliders.filter(has_text="itérations T").first
    t = sliders.filter(has_text="étape t").first
    status = box.locator(":scope > .widget-html")
    assert kernel_exec(page, SLOW_KERNEL).strip() == "ok"
    state = ("c = e.controls\n"
             "print(c['T'].value, c['t'].value, c['t'].max, e.play.value, e.play.max)")

    press_slider(page, T, "End")
    expect(T.locator(".widget-readout")).to_have_text("200")
    expect(status).to_contain_text(", T = 200.")
    page.wait_for_timeout(1500)  # les échos des widgets
    shown = slider_readout(t)
    kernel = kernel_exec(page, state).split()
    screenshot(box, "explorateur-08-etape-t-apres-T-max")
    assert (shown, kernel) == ("200", ["200"] * 5), (
        f"navigateur : t = {shown} ; noyau : T, t, t.max, play, play.max = {kernel}")
