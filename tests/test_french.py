"""Les nombres à la française : un seul outil pour le texte, un seul pour les axes."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_utils.french import FrenchFormatter, french_axes, number, point  # noqa: E402


@pytest.mark.parametrize(
    "x, kwargs, text",
    [
        (0.49573, {}, "0,4957"),
        (0.49573, {"tex": True}, "0{,}4957"),
        (3.0, {}, "3"),
        (-0.0, {}, "0"),
        (-1.5e-7, {"digits": 2}, "\u22121,5 × 10⁻⁷"),
        (-1.5e-7, {"digits": 2, "tex": True}, "-1{,}5 \\times 10^{-7}"),
        (1e-8, {}, "10⁻⁸"),
        (float("inf"), {}, "∞"),
        (float("nan"), {}, "NaN"),
        (0.4957, {"fixed": 2}, "0,50"),
        (np.float64(2.966), {}, "2,966"),
    ],
)
def test_number(x, kwargs, text):
    assert number(x, **kwargs) == text


def test_point():
    assert point((0.5, -2)) == "(0,5 ; \u22122)"
    assert point([1.25, 3], tex=True) == "(1{,}25\\,;\\,3)"


def test_point_in_a_formula_keeps_the_minus_sign_next_to_its_number():
    """Dans une formule de matplotlib, « (0 ; −1) » et non « (0 ; − 1) » : après le « ; », un
    moins nu serait une soustraction, entourée d'espaces."""
    from matplotlib.mathtext import MathTextParser

    width = lambda s: MathTextParser("path").parse(f"${s}$").width  # noqa: E731
    minus = width("-1") - width("1")  # ce qu'ajoute un moins collé à son nombre
    for w in ((0, -1), (-1, -1), (-2.5, 0.5)):
        positive = point(np.abs(w), tex=True)
        assert width(point(w, tex=True)) == pytest.approx(
            width(positive) + minus * sum(c < 0 for c in w)), w
    assert point((0, -1), tex=True) == "(0\\,;\\,{-1})"


@pytest.mark.parametrize("bad", ["0.5", None, True])
def test_number_refuses_non_numbers_in_french(bad):
    with pytest.raises(TypeError, match="Le paramètre x doit être un nombre réel"):
        number(bad)


def test_axes_get_decimal_commas_linear_and_log():
    fig = Figure()
    ax, axl = fig.subplots(1, 2)
    ax.plot([0, 0.5], [0.1, 0.35])
    axl.semilogy([0, 1], [1e-3, 2e-2])
    french_axes(ax)
    french_axes(ax)  # idempotent
    french_axes(axl)
    assert isinstance(ax.xaxis.get_major_formatter(), FrenchFormatter)
    assert not isinstance(ax.xaxis.get_major_formatter().inner, FrenchFormatter)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert "0,2" in labels and not any("." in s for s in labels)
    assert all("." not in t.get_text() for t in axl.get_yticklabels())


def _labels(axis):
    """Les étiquettes visibles (non vides) des graduations principales, après un dessin."""
    lo, hi = sorted(axis.get_view_interval())
    return [t.get_text() for t in axis.get_ticklabels()
            if t.get_text() and lo <= t.get_position()[axis.axis_name == "y"] <= hi]


def test_plain_log_axes_are_written_in_full():
    """``french_axes(ax, plain_log=True)`` : « 3 000 », « 10 000 », « 0,01 » au lieu de
    « 3 × 10³ » ; des puissances de dix seulement quand l'axe sort de 10⁻⁴…10⁶."""
    fig = Figure(figsize=(16, 4))  # assez de place pour toutes les graduations
    loss, steps, wide, lin = fig.subplots(1, 4)
    loss.semilogy([0, 20], [2600, 33000])  # une décade : 1, 2, 3, 5 × 10^k
    steps.loglog([1e-4, 10], [1, 8000])  # 5 et 4 décades : les puissances de dix
    wide.semilogy([0, 1], [1e-9, 50])  # hors de 10⁻⁴…10⁶ : puissances de dix partout
    lin.plot([0, 0.5], [0, 1])
    for ax in (loss, steps, wide, lin):
        french_axes(ax, plain_log=True)
        french_axes(ax, plain_log=True)  # idempotent
    fig.canvas.draw()
    assert _labels(loss.yaxis) == ["3000", "5000", "10\u202f000", "20\u202f000", "30\u202f000"]
    assert not any(t.get_text() for t in loss.yaxis.get_minorticklabels())
    assert _labels(steps.xaxis) == ["0,0001", "0,001", "0,01", "0,1", "1", "10"]
    assert _labels(steps.yaxis) == ["1", "10", "100", "1000", "10\u202f000"]  # marges comprises
    wide_labels = _labels(wide.yaxis)
    assert wide_labels and all("10^{" in s for s in wide_labels), wide_labels
    assert "0,1" in _labels(lin.xaxis)  # les axes linéaires ne changent pas
    with pytest.raises(TypeError, match="Le paramètre plain_log"):
        french_axes(loss, plain_log="oui")


def test_plain_log_after_a_fixed_integer_locator():
    """Un axe passé en échelle log après un localisateur d'entiers (celui des itérations) reçoit
    quand même les graduations 1, 10, 100…"""
    from course_utils.curves import iteration_locator

    ax = Figure().subplots()
    ax.plot([1, 5000], [1, 2])
    ax.xaxis.set_major_locator(iteration_locator())
    french_axes(ax)
    ax.set_xscale("log")
    french_axes(ax, plain_log=True)
    ax.figure.canvas.draw()
    assert _labels(ax.xaxis) == ["1", "10", "100", "1000"]
