"""Les réponses repliées du chapitre 1, recalculées.

Chaque nombre d'une réponse est relu dans le texte et comparé au calcul, en pilotant depuis
Python la sonde de gradient (ou l'explorateur) comme l'étudiant avec ses curseurs : même pas
de curseur, même ligne d'état.
"""

import re

import numpy as np
import pytest

from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.widgets import Explorer, GradientProbe
from folded import answers, questions
from test_lecture_numbers import NUMBER, eta_notches, french, rounds_to

X, Y = linear_example()
F = LeastSquares(X, Y)
W_STAR = F.minimizer()
LAM, U = np.linalg.eigh(F.hessian())  # valeurs propres croissantes : µ, L ; vecteurs en colonnes


def found(answer, pattern):
    """Les nombres du motif (``{N}`` : un nombre à la française) dans la réponse."""
    match = re.search(pattern.replace("{N}", f"({NUMBER})"), answer)
    assert match, f"réponse : motif {pattern!r} introuvable dans {answer!r}"
    return match.groups()


def angle(u, v):
    """L'angle entre deux vecteurs, en degrés."""
    c = np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))


@pytest.fixture()
def probe():
    return GradientProbe(F, w=(-4.0, 5.0))


def move(probe, w):
    """Place le point de la sonde avec ses curseurs (comme l'étudiant) ; renvoie la ligne
    d'état."""
    probe.controls["w1"].value, probe.controls["w2"].value = w
    np.testing.assert_allclose(probe.point, w)
    return probe.status


def slider_points(probe):
    """Tous les points que les deux curseurs de la sonde peuvent atteindre, forme (m, m, 2)."""
    s1, s2 = probe.controls["w1"], probe.controls["w2"]
    a = s1.min + s1.step * np.arange(round((s1.max - s1.min) / s1.step) + 1)
    b = s2.min + s2.step * np.arange(round((s2.max - s2.min) / s2.step) + 1)
    return np.stack(np.meshgrid(a.round(10), b.round(10)), axis=-1)


def test_every_question_has_its_answer_right_under_it():
    qa = questions("01")
    assert len(qa) == 4
    assert all(answer for _, answer in qa), [q for q, a in qa if not a]
    # plus la question de l'avant-goût (« Que se passe-t-il ? »), sous l'explorateur
    assert len(answers("01")) == 5


def test_q1_shortest_arrow_on_the_sliders(probe):
    answer = questions("01")[0][1]
    w1, w2, norm = found(answer, r"au mieux, le point \$\({N} ; {N}\)\$, où "
                                 r"\$\\\|\\nabla F\(\\mathbf\{w\}\)\\\| = {N}\$")
    s1, s2 = found(answer, r"\\mathbf\{w\}\^\* = \({N} ; {N}\)")
    # le cran des curseurs où ∇F est le plus court
    P = slider_points(probe)
    norms = np.linalg.norm(F.grad(P), axis=-1)
    best = P[np.unravel_index(np.argmin(norms), norms.shape)]
    assert probe.controls["w1"].step == 0.05 and "avancent de 0,05" in answer
    assert rounds_to(best[0], w1) and rounds_to(best[1], w2)
    status = move(probe, best)
    assert f"‖∇F(w)‖ = {norm}." in status
    assert "Le gradient est presque nul" in status
    # c'est le cran le plus proche de w*, et aucun cran n'est w* lui-même
    assert rounds_to(W_STAR[0], s1) and rounds_to(W_STAR[1], s2)
    assert np.allclose(best, np.round(W_STAR / 0.05) * 0.05)
    assert norms.min() > 0.01 and np.linalg.norm(F.grad(W_STAR)) < 1e-12


def test_q2_arrow_aims_at_the_star_on_the_axes_of_the_ellipses(probe):
    answer = questions("01")[1][1]
    (deg,) = found(answer, r"d'environ {N}°")
    w = np.array([-4.0, 5.0])
    assert round(angle(-F.grad(w), W_STAR - w)) == french(deg)
    # les deux axes : le grand axe suit le vecteur propre de µ, le petit celui de L
    major = found(answer, r"grand axe, le long de la vallée \(direction \$\({N} ; {N}\)\$ ; "
                          r"par exemple vers \$\({N} ; {N}\)\$\)")
    minor = found(answer, r"petit axe, en travers \(direction \$\({N} ; {N}\)\$ ; "
                          r"par exemple vers \$\({N} ; {N}\)\$\)")
    for (d1, d2, p1, p2), u in ((major, U[:, 0]), (minor, U[:, 1])):
        u = u if u[0] > 0 else -u
        assert rounds_to(u[0], d1) and rounds_to(u[1], d2)
        example = np.array([french(p1), french(p2)])
        move(probe, example)  # atteignable par les curseurs
        off_axis = example - W_STAR - ((example - W_STAR) @ u) * u
        assert np.linalg.norm(off_axis) < 0.05  # à moins d'un cran de l'axe
        assert angle(-F.grad(example), W_STAR - example) < 0.5
        # exactement sur l'axe, la flèche vise droit sur l'étoile
        for s in (-3.0, 2.0):
            on_axis = W_STAR + s * u
            assert angle(-F.grad(on_axis), W_STAR - on_axis) < 1e-6
    # ailleurs, la flèche penche vers la direction du petit axe
    rng = np.random.default_rng(1)
    for w in W_STAR + rng.uniform(-6, 6, size=(200, 2)):
        e = w - W_STAR
        if min(abs(e @ U[:, 0]), abs(e @ U[:, 1])) < 0.1:
            continue
        tilt = lambda v: min(angle(v, U[:, 1]), angle(v, -U[:, 1]))  # noqa: E731
        assert tilt(-F.grad(w)) < tilt(-e)
        assert angle(-F.grad(w), -e) > 0.5


def test_q3_gradient_at_the_origin_by_hand(probe):
    answer = questions("01")[2][1]
    g1, g2 = found(answer, r"La ligne d'état donne \$\\nabla F\(\\mathbf\{0\}\) = \({N} ; {N}\)\$")
    status = move(probe, (0.0, 0.0))
    shown = re.search(f"∇F\\(w\\) = \\(({NUMBER}) ; ({NUMBER})\\)", status).groups()
    assert [french(v) for v in shown] == [french(g1), french(g2)]  # la ligne écrit « −2 »
    np.testing.assert_allclose(F.grad(np.zeros(2)), [french(g1), french(g2)], atol=1e-12)
    e1, e2, e3 = found(answer, r"\$-y_1 = {N}\$, \$-y_2 = {N}\$ et \$-y_3 = {N}\$")
    np.testing.assert_array_equal(-Y, [french(e1), french(e2), french(e3)])
    # le calcul écrit : 2/3 (1·(1 ; 1) − 3·(0 ; −1) − 2·(2 ; 1/2)) = 2/3 (−3 ; 3)
    assert "1 \\times (1 ; 1) - 3 \\times (0 ; -1) - 2 \\times \\big(2 ; \\tfrac{1}{2}\\big)" \
        in answer and "\\frac{2}{3} (-3 ; 3) = (-2 ; 2)" in answer
    by_hand = (2 / 3) * (1 * X[0] - 3 * X[1] - 2 * X[2])
    np.testing.assert_allclose(by_hand, (2 / 3) * np.array([-3.0, 3.0]))
    np.testing.assert_allclose(by_hand, F.grad(np.zeros(2)))


def test_q4_the_arrow_shrinks_near_the_minimum(probe):
    answer = questions("01")[3][1]
    far, near = found(answer, r"\\\| = {N}\$ en \$\(-7 ; 7\)\$ et \${N}\$ en \$\(1 ; -2\)\$")
    for w, shown in (((-7.0, 7.0), far), ((1.0, -2.0), near)):
        assert f"‖∇F(w)‖ = {shown}." in move(probe, w)
    g_far, g_near = (np.linalg.norm(F.grad(np.array(w))) for w in ((-7.0, 7.0), (1.0, -2.0)))
    assert round(g_far / g_near) == 12 and "environ douze fois plus courte" in answer
    # ∇F(w) = (2/n) XᵀX (w − w*) : la norme est entre µ et L fois la distance
    H = (2 / F.n) * X.T @ X
    w = np.random.default_rng(0).uniform(-8, 8, size=(50, 2))
    np.testing.assert_allclose(F.grad(w), (w - W_STAR) @ H, atol=1e-12)
    mu, L = found(answer, r"entre \${N}\$ et \${N}\$ fois la distance")
    assert rounds_to(LAM[0], mu) and rounds_to(LAM[1], L)
    ratio = np.linalg.norm(F.grad(w), axis=1) / np.linalg.norm(w - W_STAR, axis=1)
    assert np.all((ratio >= LAM[0] - 1e-12) & (ratio <= LAM[1] + 1e-12))
    d_far, d_near = (np.linalg.norm(np.array(w) - W_STAR) for w in ((-7.0, 7.0), (1.0, -2.0)))
    assert round(d_far / d_near) == 11 and "onze fois plus près" in answer


def test_preview_just_below_and_above_the_threshold():
    """La question de l'avant-goût : les crans 0,4921 et 0,5036 de l'explorateur."""
    answer = answers("01")[4]
    e = Explorer(F, resolution=21)
    values = eta_notches(e)
    k = np.searchsorted(values, F.stability_threshold)
    below, above = values[k - 1], values[k]
    e.controls["eta"].value = below
    Z = e.trajectory
    f = F.value(Z)
    cran, f0, f20 = found(answer, r"Au cran \${N}\$, \$F\(\\mathbf\{z\}_t\)\$ baisse à chaque "
                                  r"itération, de \${N}\$ à \${N}\$ en 20 itérations")
    assert rounds_to(below, cran) and Z.shape[0] == 21
    assert np.all(np.diff(f) < 0) and rounds_to(f[0], f0) and rounds_to(f[-1], f20)
    # « les points sautent d'un bord à l'autre de la vallée » : le long du petit axe, l'écart à
    # w* change de signe à chaque itération
    across = (Z - W_STAR) @ U[:, 1]
    assert np.all(across[1:] * across[:-1] < 0)
    e.controls["eta"].value = above
    Z = e.trajectory
    f = F.value(Z)
    cran, low, t_low, f20 = found(answer, r"Au cran \${N}\$, elle baisse d'abord, jusqu'à "
                                          r"\${N}\$ à \$t = {N}\$, puis remonte à chaque "
                                          r"itération, jusqu'à \${N}\$ à \$t = 20\$")
    t_low = int(french(t_low))
    assert rounds_to(above, cran)
    assert int(np.argmin(f)) == t_low and rounds_to(f[t_low], low) and rounds_to(f[-1], f20)
    assert np.all(np.diff(f[:t_low + 1]) < 0) and np.all(np.diff(f[t_low:]) > 0)
    across = (Z - W_STAR) @ U[:, 1]
    assert np.all(across[1:] * across[:-1] < 0)
    assert np.all(np.abs(across[1:]) > np.abs(across[:-1]))  # les sauts s'allongent
    # la même chose que le cœur
    np.testing.assert_array_equal(Z, gradient_descent(F, (-7.0, 7.0), above, 20))
