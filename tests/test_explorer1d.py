"""La descente en une dimension (course_utils.widgets.Explorer1D), sans navigateur."""

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from course_utils import Quadratic, gradient_descent
from course_utils.explorer1d import nice_ceiling
from course_utils.widgets import Explorer1D


def pixels(widget):
    return np.asarray(widget.figure.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("a, eta", [(1.0, 0.3), (1.0, 1.7), (2.5, 0.9), (4.0, 0.25), (1.0, 2.2)])
def test_iterates_are_the_closed_form_and_the_core(a, eta):
    e = Explorer1D(a=a, eta=eta, T=15, w0=2.0)
    t = np.arange(16)
    np.testing.assert_allclose(e.trajectory, (1 - eta * a) ** t * 2.0, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(
        e.trajectory, gradient_descent(Quadratic([[a]]), [2.0], eta, 15)[:, 0])
    assert e.factor == pytest.approx(1 - eta * a)


def test_status_names_the_factor_the_threshold_and_what_happens():
    e = Explorer1D(a=1.0, eta=0.3)
    assert "facteur 1 − ηa = 0,7" in e.status and "seuil 2/a = 2" in e.status
    assert "pas le plus rapide 1/a = 1" in e.status
    assert "sans changer de signe" in e.status and "7 itérations" in e.status
    assert not e.alarm and e.alert == ""
    e.controls["eta"].value = 1.7  # facteur −0,7 : zigzag, même vitesse
    assert "zigzag" in e.status and "multiplié par 0,7" in e.status and "7 itérations" in e.status
    assert np.all(np.diff(np.sign(e.trajectory)) != 0)
    e.controls["eta"].value = 2.0
    assert "rebondit" in e.status and e.alarm
    np.testing.assert_allclose(np.abs(e.trajectory), 2.0)
    e.controls["eta"].value = 2.2
    assert "diverge" in e.status and e.alarm and "diverge" in e.alert
    e.controls["a"].value = 4.0
    e.controls["eta"].value = 0.25
    assert "en une seule itération" in e.status and "seuil 2/a = 0,5" in e.status
    assert e.trajectory[1] == 0.0


def test_sliders_redraw_and_click_moves_the_start():
    e = Explorer1D(a=1.0, eta=0.3, T=10)
    before = pixels(e)
    e.controls["a"].value = 2.0  # la parabole change (et ses bornes : dessin complet)
    w, f = e._parabola.get_data()
    np.testing.assert_allclose(f, w**2)
    after_a = pixels(e)
    assert not np.array_equal(before, after_a)
    e.controls["T"].value = 12
    assert e.trajectory.shape == (13,)
    assert not np.array_equal(after_a, pixels(e))
    e.figure.canvas.draw()
    x, y = e.curve_axes.transData.transform((-1.5, 1.0))
    e.figure.canvas.callbacks.process(
        "button_press_event", MouseEvent("button_press_event", e.figure.canvas, x, y, button=1))
    assert e.w0 == pytest.approx(-1.5, abs=0.05) and e.trajectory[0] == e.w0


def test_divergence_is_drawn_without_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = Explorer1D(a=5.0, eta=2.5, T=50)  # facteur −11,5 : w_50 ≈ 10^53
        assert np.all(np.isfinite(e.trajectory)) and abs(e.trajectory[-1]) > 1e50
        e.figure.canvas.draw()
    assert "diverge" in e.status


def test_french_numbers_and_nice_bounds():
    e = Explorer1D()
    e.figure.canvas.draw()
    labels = [t.get_text() for ax in e.figure.axes for t in ax.get_yticklabels()]
    assert all("." not in s for s in labels)
    assert [nice_ceiling(x) for x in (3.2, 0.07, 20, 1)] == [5, 0.1, 20, 1]


@pytest.mark.parametrize("kwargs, exc, pattern", [
    (dict(a=0), ValueError, r"paramètre a "),
    (dict(eta=-0.1), ValueError, r"paramètre eta"),
    (dict(w0=0.0), ValueError, r"paramètre w0 .*non nul"),
    (dict(T=2.5), TypeError, r"paramètre T"),
    (dict(eta=3.0), ValueError, r"paramètre eta .*borne de son curseur"),
])
def test_bad_arguments(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Explorer1D(**kwargs)
