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
