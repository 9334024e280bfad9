"""Tests des figures : chaque figure est enregistrée dans test-artifacts/plots/ pour être
regardée, et les tests vérifient ce qui a été dessiné (objets, textes en français, cache,
points NaN, échelle, note de divergence, erreurs)."""

import ast
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.quiver import Quiver
from matplotlib.text import Text

from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils import plotting
from course_utils.plotting import (
    COLORS,
    contour_levels,
    gradient_field_scale,
    grid_values,
    plot_contour,
    plot_contour_grid,
    plot_gradient_field,
    plot_learning_curve,
    plot_model_outputs,
    plot_run,
    plot_surface,
    plot_trajectories,
    plot_trajectory,
    region_of,
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "plots"
W0 = np.array([-7.0, 7.0])
T = 20
ETAS = (0.4, 0.1, 0.5)


def save(fig, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    fig.savefig(path, dpi=90)
    assert path.stat().st_size > 10_000
    return path


def texts_of(ax):
    """Tous les textes qu'un étudiant lit sur un Axes (titre, axes, légende, notes)."""
    out = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    legend = ax.get_legend()
    if legend is not None:
        out += [t.get_text() for t in legend.get_texts()]
    out += [t.get_text() for t in ax.texts]
    return out


@pytest.fixture(scope="module")
def runs():
    F = LeastSquares(*linear_example())
    return F, {eta: gradient_descent(F, W0, eta, T) for eta in ETAS}


# -- grille, cache et niveaux ------------------------------------------------------------------
def test_region_of_defaults_and_validation(least_squares, tanh_net):
    assert region_of(least_squares) == (-8.0, 8.0, -8.0, 8.0)
    assert region_of(tanh_net) == (-6.0, 6.0, -6.0, 6.0)
    assert region_of(least_squares, [-1, 2, np.float32(-3), 4]) == (-1.0, 2.0, -3.0, 4.0)
    for bad in [(1, 0, 0, 1), (0, 1, 2, 2), (0, 1, 0), "abcd", (0, np.inf, 0, 1)]:
        with pytest.raises(ValueError, match=r"Le paramètre region .*valeur reçue"):
            region_of(least_squares, bad)
    with pytest.raises(TypeError, match=r"Le paramètre region .*'a'"):
        region_of(least_squares, (0, 1, "a", 2))
    with pytest.raises(TypeError, match=r"Le paramètre objective .*42"):
        region_of(42)


def test_grid_values_is_one_vectorized_call_and_cached(least_squares):
    F = least_squares
    calls = []
    original = F.value

    def counting(w):
        calls.append(np.shape(w))
        return original(w)

    F.value = counting
    W1, W2, V = grid_values(F, resolution=51)
    assert calls == [(51, 51, 2)]  # un seul appel, sur toute la grille
    assert W1.shape == W2.shape == V.shape == (51, 51)
    assert W1[0, 0] == -8.0 and W1[0, -1] == 8.0 and W2[-1, 0] == 8.0
    np.testing.assert_allclose(V[7, 11], original(np.array([W1[7, 11], W2[7, 11]])))
    again = grid_values(F, None, 51)
    assert len(calls) == 1  # servi par le cache, sans recalcul
    assert all(a is b for a, b in zip(again, (W1, W2, V), strict=True))
    assert not V.flags.writeable
    grid_values(F, resolution=31)
    grid_values(F, region=(-1, 1, -1, 1), resolution=51)
    assert len(calls) == 3  # autre résolution, autre région : nouveaux calculs
    grid_values(F, resolution=51)
    assert len(calls) == 3
    # un autre objectif identique n'utilise pas le cache du premier
    G = LeastSquares(*linear_example())
    assert grid_values(G, resolution=51)[2] is not V


def test_grid_values_errors(least_squares):
    with pytest.raises(ValueError, match=r"Le paramètre resolution .*au moins égal à 2.*1"):
        grid_values(least_squares, resolution=1)
    with pytest.raises(TypeError, match=r"Le paramètre resolution .*20\.5"):
        grid_values(least_squares, resolution=20.5)
    F3 = LeastSquares(np.eye(3), np.ones(3))
    with pytest.raises(ValueError, match=r"Le paramètre objective .*d = 3"):
        grid_values(F3)


def test_contour_levels_are_quantiles_at_geometric_probabilities():
    rng = np.random.default_rng(0)
    values = rng.uniform(0.0, 1.0, 100_001)
    lv = contour_levels(values, n=12)
    assert lv.shape == (12,) and np.all(np.diff(lv) > 0)
    np.testing.assert_allclose(lv[[0, -1]], [5e-3, 0.98], atol=3e-3)
    np.testing.assert_allclose(lv[1:] / lv[:-1], (0.98 / 5e-3) ** (1 / 11), rtol=0.1)
    # une cuvette quadratique : niveaux géométriques en F - F_min
    W1, W2 = np.meshgrid(np.linspace(-1, 1, 401), np.linspace(-1, 1, 401))
    bowl = 0.5 + W1**2 + 4 * W2**2
    gaps = contour_levels(bowl, n=10)[:6] - 0.5
    np.testing.assert_allclose(gaps[1:] / gaps[:-1], (0.98 / 5e-3) ** (1 / 9), rtol=0.05)
    # insensible au signe (décalage) ; NaN et infinis ignorés
    shifted = contour_levels(np.concatenate([values - 50, [np.nan, np.inf, -np.inf]]), n=12)
    np.testing.assert_allclose(shifted, lv - 50)
    # fonction constante, ou presque : des niveaux quand même croissants
    assert np.all(np.diff(contour_levels(np.full((5, 5), 3.0), n=5)) > 0)
    plateau = np.zeros(1000)
    plateau[-1] = 1.0
    assert np.all(np.diff(contour_levels(plateau, n=5)) > 0)
    with pytest.raises(ValueError, match=r"Le paramètre values .*aucune valeur finie"):
        contour_levels(np.full(4, np.nan))
    with pytest.raises(ValueError, match=r"Le paramètre n .*1"):
        contour_levels(values, n=1)


# -- courbes de niveau -------------------------------------------------------------------------
def test_contour_least_squares(least_squares):
    fig = Figure(figsize=(6.4, 5.2), layout="constrained")
    ax = fig.subplots()
    cs = plot_contour(ax, least_squares, colorbar=True)
    ax.legend(loc="upper right")
    save(fig, "01_courbes_de_niveau_moindres_carres")
    assert isinstance(cs, ContourSet) and cs.filled
    assert len(cs.levels) == 20 and np.all(np.diff(cs.levels) > 0)
    assert ax.get_title() == "Courbes de niveau de $F(\\mathbf{w})$ — moindres carrés"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$w_1$", "$w_2$")
    assert ax.get_xlim() == (-8.0, 8.0) and ax.get_ylim() == (-8.0, 8.0)
    assert ax.get_aspect() == 1.0
    (star,) = [ln for ln in ax.lines if ln.get_marker() == "*"]
    np.testing.assert_allclose(star.get_xydata()[0], [1.7586, -2.8966], atol=1e-3)
    assert star.get_label() == "$\\mathbf{w}^*$ (minimum)"
    assert "$\\mathbf{w}^*$ (minimum)" in texts_of(ax)
    (cax,) = [a for a in fig.axes if a is not ax]
    assert cax.get_ylabel() == "$F(\\mathbf{w})$"
    # des lignes fines par-dessus les zones colorées
    assert any(isinstance(c, ContourSet) and not c.filled for c in ax.collections)


def test_contour_tanh_network_shows_its_valleys(tanh_net):
    fig = Figure(figsize=(6.4, 5.2), layout="constrained")
    ax = fig.subplots()
    cs = plot_contour(ax, tanh_net, colorbar=True)
    save(fig, "02_courbes_de_niveau_reseau_tanh")
    assert ax.get_xlim() == (-6.0, 6.0)
    assert ax.get_title().endswith("— réseau tanh")
    assert not [ln for ln in ax.lines if ln.get_marker() == "*"]  # pas de minimum connu
    # les vallées sont visibles : plusieurs niveaux sous la médiane de F sur la région
    _, _, V = grid_values(tanh_net)
    assert np.sum(cs.levels < np.median(V)) >= 8
    assert np.sum(cs.levels > np.median(V)) >= 3


def test_contour_lines_only_and_custom_levels(least_squares):
    fig = Figure()
    ax = fig.subplots()
    cs = plot_contour(ax, least_squares, region=(-2, 5, -6, 1), resolution=61,
                      levels=[0.1, 1, 10, 50], filled=False, show_minimizer=False, title="")
    assert not cs.filled and list(cs.levels) == [0.1, 1, 10, 50]
    assert ax.get_title() == "" and not ax.lines
    assert ax.get_xlim() == (-2.0, 5.0)


def test_contour_bad_arguments_are_french(least_squares):
    fig = Figure()
    ax = fig.subplots()
    with pytest.raises(TypeError, match=r"Le paramètre ax .*Axes.*'pas un axe'"):
        plot_contour("pas un axe", least_squares)
    with pytest.raises(TypeError, match=r"Le paramètre filled .*'oui'"):
        plot_contour(ax, least_squares, filled="oui")
    with pytest.raises(ValueError, match=r"Le paramètre levels .*croissants.*\[3, 1\]"):
        plot_contour(ax, least_squares, levels=[3, 1])
    with pytest.raises(TypeError, match=r"Le paramètre levels .*'beaucoup'"):
        plot_contour(ax, least_squares, levels="beaucoup")
    with pytest.raises(TypeError, match=r"Le paramètre title .*3"):
        plot_contour(ax, least_squares, title=3)


# -- champ de gradient -------------------------------------------------------------------------
def test_gradient_field(least_squares):
    fig = Figure(figsize=(11, 5.2), layout="constrained")
    ax, ax1 = fig.subplots(1, 2)
    plot_contour(ax, least_squares, title="Les flèches de $-\\nabla F(\\mathbf{w})$")
    q = plot_gradient_field(ax, least_squares)
    plot_contour(ax1, least_squares, title="Les flèches de $-\\nabla F_1(\\mathbf{w})$")
    q1 = plot_gradient_field(ax1, least_squares, i=0, density=12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # la légende ne doit pas se plaindre du Quiver
        ax.legend(loc="upper right")
        ax1.legend(loc="upper right")
        save(fig, "03_champ_de_gradient")
    assert isinstance(q, Quiver) and q.N == 15 * 15 and q1.N == 12 * 12
    assert "$-\\nabla F(\\mathbf{w})$" in texts_of(ax)
    assert "$-\\nabla F_{1}(\\mathbf{w})$" in texts_of(ax1)
    # les flèches montrent la descente : -∇F, sens et direction exacts
    P = q.get_offsets()
    G = least_squares.grad(P)
    UV = np.column_stack([q.U, q.V])
    cos = np.sum(UV * -G, axis=1) / (np.linalg.norm(UV, axis=1) * np.linalg.norm(G, axis=1))
    np.testing.assert_allclose(cos, 1.0, atol=1e-12)
    # longueur ∝ ‖∇F‖^(1/2) : les murs et la vallée restent visibles, aucune flèche ne
    # dépasse l'écart entre deux points de la grille
    lengths = np.linalg.norm(UV, axis=1) / q.scale
    cell = 16 / 15
    assert lengths.max() == pytest.approx(0.9 * cell)
    assert np.median(lengths) > 0.2 * cell
    np.testing.assert_allclose(lengths**2 / np.linalg.norm(G, axis=1),
                               (lengths**2 / np.linalg.norm(G, axis=1))[0])
    # ∇F_1 est parallèle à x_1 = (1, 1)
    UV1 = np.column_stack([q1.U, q1.V])
    np.testing.assert_allclose(UV1[:, 0], UV1[:, 1], atol=1e-12)


def test_gradient_field_bad_index_is_french(least_squares):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=r"Le paramètre i .*entre 0 et 2.*3"):
        plot_gradient_field(ax, least_squares, i=3)
    with pytest.raises(TypeError, match=r"Le paramètre i .*1\.0"):
        plot_gradient_field(ax, least_squares, i=1.0)
    with pytest.raises(ValueError, match=r"Le paramètre color .*'pas une couleur'"):
        plot_gradient_field(ax, least_squares, color="pas une couleur")
    with pytest.raises(ValueError, match=r"Le paramètre density .*1"):
        plot_gradient_field(ax, least_squares, density=1)


def test_gradient_fields_at_one_scale_show_the_mean(least_squares):
    """À une même échelle et en longueurs fidèles, la flèche de −∇F est la moyenne des
    flèches des −∇F_i, point par point : ce que la figure du chapitre 3 fait voir."""
    F = least_squares
    fields = [0, 1, 2, None]
    scale = gradient_field_scale(F, fields, density=4, lengths="linear")
    fig = Figure(figsize=(7, 6), layout="constrained")
    ax = fig.subplots()
    plot_contour(ax, F, title="Les quatre champs à la même échelle")
    qs = {k: plot_gradient_field(ax, F, i=k, density=4, scale=scale, lengths="linear")
          for k in fields}
    ax.legend(loc="upper right")
    save(fig, "03_champs_a_la_meme_echelle")
    UV = {k: np.column_stack([q.U, q.V]) for k, q in qs.items()}
    for q in qs.values():
        assert q.scale == scale
        np.testing.assert_array_equal(q.get_offsets(), qs[None].get_offsets())
    # longueurs fidèles : chaque flèche est −∇ lui-même, et la noire est la moyenne
    P = qs[None].get_offsets()
    np.testing.assert_allclose(UV[None], -F.grad(P), rtol=1e-12)
    np.testing.assert_allclose(UV[1], -F.grad_i(P, 1), rtol=1e-12)
    np.testing.assert_allclose(UV[None], (UV[0] + UV[1] + UV[2]) / 3, rtol=1e-12, atol=1e-12)
    # l'échelle commune est celle du plus long des quatre champs : la plus longue flèche de
    # tous vaut 0,9 case, aucune ne la dépasse
    cell = 16 / 4
    longest = max(np.linalg.norm(uv, axis=1).max() for uv in UV.values()) / scale
    assert longest == pytest.approx(0.9 * cell)
    singles = [gradient_field_scale(F, k, density=4, lengths="linear") for k in fields]
    assert scale == pytest.approx(max(singles))
    assert min(singles) < 0.8 * scale  # les champs n'ont pas tous la même échelle propre
    # sans échelle donnée, chaque champ prend la sienne, et la rend
    alone = plot_gradient_field(Figure().subplots(), F, i=2, density=4, lengths="linear")
    assert alone.scale == pytest.approx(singles[2])
    # les longueurs atténuées (par défaut) ont leur propre échelle, à ne pas mélanger
    sqrt_scale = gradient_field_scale(F, None, density=15)
    assert plot_gradient_field(Figure().subplots(), F).scale == pytest.approx(sqrt_scale)
    assert sqrt_scale != pytest.approx(singles[3])


def test_gradient_field_scale_bad_input_is_french(least_squares):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=r"Le paramètre scale .*strictement positif.*0"):
        plot_gradient_field(ax, least_squares, scale=0)
    with pytest.raises(TypeError, match=r"Le paramètre scale .*'grande'"):
        plot_gradient_field(ax, least_squares, scale="grande")
    with pytest.raises(ValueError, match=r"Le paramètre lengths .*« sqrt ».*'carré'"):
        plot_gradient_field(ax, least_squares, lengths="carré")
    with pytest.raises(ValueError, match=r"Le paramètre i .*au moins un champ"):
        gradient_field_scale(least_squares, [])
    with pytest.raises(ValueError, match=r"Le paramètre i .*entre 0 et 2.*5"):
        gradient_field_scale(least_squares, [None, 5])


# -- trajectoires ------------------------------------------------------------------------------
def test_trajectories_for_three_step_sizes(runs):
    F, Z = runs
    fig = Figure(figsize=(6.4, 5.6), layout="constrained")
    ax = fig.subplots()
    plot_contour(ax, F, title="Descente de gradient depuis $(-7, 7)$, $T = 20$")
    drawn = plot_trajectories(ax, {f"$\\eta = {eta}$": Z[eta] for eta in ETAS})
    save(fig, "04_trajectoires_trois_pas")
    labels = texts_of(ax)
    for eta in ETAS:
        assert f"$\\eta = {eta}$" in labels
    assert "départ $\\mathbf{z}_0$" in labels and "arrivée $\\mathbf{z}_T$" in labels
    assert "$\\mathbf{w}^*$ (minimum)" in labels
    colours = [d["lines"][0].get_color() for d in drawn.values()]
    assert colours == list(COLORS[:3])
    line = drawn["$\\eta = 0.4$"]["lines"][0]
    np.testing.assert_array_equal(line.get_xydata(), Z[0.4])
    np.testing.assert_array_equal(drawn["$\\eta = 0.4$"]["start"].get_xydata(), [W0])
    w_star = F.minimizer()
    end = drawn["$\\eta = 0.4$"]["end"].get_xydata()[0]
    assert np.linalg.norm(end - w_star) < 0.05  # η = 0.4 arrive au minimum
    # η = 0.5 > 2/L : la trajectoire oscille et s'éloigne
    d = np.linalg.norm(Z[0.5] - w_star, axis=-1)
    assert d[-1] > d[5] and d[-1] > 1.0


def test_trajectory_batch_and_nan_rows_are_quiet(least_squares):
    F = least_squares
    starts = np.array([[-7.0, 7.0], [6.0, 6.0], [-6.0, -7.0]])
    Zb = gradient_descent(F, starts, 0.4, T)
    Zd = gradient_descent(F, [5.0, 5.0], 5.0, 400)  # pas énorme : diverge jusqu'aux NaN
    assert np.isnan(Zd[-1]).all() and np.isfinite(Zd[0]).all()
    # une divergence visible dans la région : η = 0.51 > 2/L, puis des NaN dès t = 12
    Zv = gradient_descent(F, [6.0, -2.0], 0.51, 30)
    Zv[12:] = np.nan
    Zgap = gradient_descent(F, [7.0, -7.0], 0.1, 12)
    Zgap[4] = np.nan  # une ligne NaN isolée : la ligne se coupe
    Zgap[7, 0] = np.inf
    fig = Figure(figsize=(6.4, 5.6), layout="constrained")
    ax = fig.subplots()
    plot_contour(ax, F, title="Trois départs, $\\eta = 0.4$ ; points manquants")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = plot_trajectory(ax, Zb, color=COLORS[0], label="$\\eta = 0.4$, trois départs")
        gap = plot_trajectory(ax, Zgap, color=COLORS[2], label="lignes NaN isolées")
        vis = plot_trajectory(ax, Zv, color=COLORS[1], label="$\\eta = 0.51$, NaN dès $t = 12$")
        ax.legend(loc="best", fontsize="small")
        save(fig, "05_trajectoires_lot_et_nan")
        div = plot_trajectory(Figure().subplots(), Zd)
        div["lines"][0].axes.figure.savefig(ARTIFACTS / "tmp_divergence.png")
    (ARTIFACTS / "tmp_divergence.png").unlink()
    assert len(batch["lines"]) == 3
    assert [ln.get_label() for ln in batch["lines"]] == [
        "$\\eta = 0.4$, trois départs", "_nolegend_", "_nolegend_"]
    assert batch["start"].get_xydata().shape == (3, 2)
    assert batch["end"].get_xydata().shape == (3, 2)
    assert len(batch["diverged"].get_xdata()) == 0
    assert np.isnan(gap["lines"][0].get_xydata()[[4, 7]]).any(axis=1).all()
    assert len(gap["end"].get_xdata()) == 1
    np.testing.assert_array_equal(vis["diverged"].get_xydata(), Zv[11:12])
    assert len(vis["end"].get_xdata()) == 0
    last = Zd[np.isfinite(Zd).all(axis=1)][-1]
    # coordonnées démesurées ramenées à ±1e150 (au-delà, matplotlib déborde)
    np.testing.assert_array_equal(div["diverged"].get_xydata()[0], np.clip(last, -1e150, 1e150))
    # un tracé entièrement NaN ne plante pas non plus
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        empty = plot_trajectory(Figure().subplots(), np.full((4, 2), np.nan))
    assert len(empty["start"].get_xdata()) == 0
    none = plot_trajectory(Figure().subplots(), Zb, show_ends=False)
    assert none["start"] is None and len(none["lines"]) == 3


def test_trajectory_bad_arguments_are_french(least_squares):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=r"Le paramètre Z .*\(T \+ 1, 2\).*\(5, 3\)"):
        plot_trajectory(ax, np.zeros((5, 3)))
    with pytest.raises(TypeError, match=r"Le paramètre Z .*tableau de nombres"):
        plot_trajectory(ax, [["a", "b"]])
    with pytest.raises(TypeError, match=r"Le paramètre label .*12"):
        plot_trajectory(ax, np.zeros((3, 2)), label=12)
    with pytest.raises(TypeError, match=r"Le paramètre trajectories .*dict"):
        plot_trajectories(ax, [np.zeros((3, 2))])


# -- au fil des itérations ---------------------------------------------------------------------
def test_learning_curves(runs):
    F, Z = runs
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.subplots()
    curves = []
    for k, eta in enumerate(ETAS):
        curves += plot_learning_curve(ax, F, Z[eta], label=f"$\\eta = {eta}$", color=COLORS[k])
    ax.set_title("Courbes d'apprentissage, $T = 20$")
    save(fig, "06_courbes_apprentissage")
    assert ax.get_yscale() == "log"  # de 86 à 0.0115 : plus de deux décades
    assert ax.get_xlabel() == "itération $t$" and ax.get_ylabel() == "$F(\\mathbf{z}_t)$"
    np.testing.assert_allclose(curves[0].get_ydata(), F.value(Z[0.4]))
    np.testing.assert_array_equal(curves[0].get_xdata(), np.arange(T + 1))
    f_star = [ln for ln in ax.lines if ln.get_label() == "$F(\\mathbf{w}^*)$"]
    assert len(f_star) == 1  # une seule fois, même après trois courbes
    assert f_star[0].get_ydata()[0] == pytest.approx(F.value(F.minimizer()))
    assert f_star[0].get_linestyle() == "--"
    labels = texts_of(ax)
    assert {"$\\eta = 0.4$", "$\\eta = 0.1$", "$\\eta = 0.5$", "$F(\\mathbf{w}^*)$"} <= set(labels)
    assert not ax.texts  # aucune divergence (η = 0.5 croît, mais reste fini en 20 pas)


def test_learning_curve_scale_choice(least_squares):
    ax = Figure().subplots()
    plot_learning_curve(ax, least_squares, np.array([[1.7, -2.9], [1.75, -2.89]]))
    assert ax.get_yscale() == "linear"  # moins de deux décades
    ax = Figure().subplots()
    plot_learning_curve(ax, least_squares, gradient_descent(least_squares, W0, 0.4, 20),
                        log=False)
    assert ax.get_yscale() == "linear"
    with pytest.raises(TypeError, match=r"Le paramètre log .*'oui'"):
        plot_learning_curve(ax, least_squares, np.zeros((2, 2)), log="oui")
    with pytest.raises(ValueError, match=r"Le paramètre Z .*\(T \+ 1, 2\).*\(4,\)"):
        plot_learning_curve(ax, least_squares, np.zeros(4))
    with pytest.raises(TypeError, match=r"Le paramètre objective .*None"):
        plot_learning_curve(ax, None, np.zeros((2, 2)))


def test_learning_curve_stops_and_says_where_it_diverged(least_squares):
    F = least_squares
    Z = gradient_descent(F, [-7.0, 7.0], 1.5, 300)
    t_div = int(np.argmax(~np.isfinite(F.value(Z))))
    assert 10 < t_div < 300
    Zb = gradient_descent(F, np.array([[-7.0, 7.0], [6.0, -1.0]]), 0.45, 300)  # converge
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (curve,) = plot_learning_curve(ax, F, Z, label="$\\eta = 1.5$ (diverge)")
        batch = plot_learning_curve(ax, F, Zb, label="$\\eta = 0.45$, deux départs")
        ax.set_title("Une descente qui diverge, une qui converge")
        save(fig, "07_courbe_apprentissage_divergence")
    y = curve.get_ydata()
    assert np.isfinite(y[:t_div]).all() and np.isnan(y[t_div:]).all()
    notes = [t.get_text() for t in ax.texts]
    assert notes == [f"divergence à l'itération {t_div}"]
    assert ax.get_yscale() == "log"
    assert ax.get_xlim()[1] >= 300  # l'axe montre toute la durée prévue
    assert len(batch) == 2 and batch[1].get_label() == "_nolegend_"
    assert batch[0].get_color() == batch[1].get_color()


def test_model_outputs_converge_near_the_targets(runs):
    F, Z = runs
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.subplots()
    drawn = plot_model_outputs(ax, F, Z[0.4])
    ax.set_title("Sorties du modèle, $\\eta = 0.4$")
    save(fig, "08_sorties_du_modele")
    assert len(drawn["outputs"]) == len(drawn["targets"]) == 3
    X, y = linear_example()
    for k in range(3):
        out, target = drawn["outputs"][k], drawn["targets"][k]
        assert out.get_color() == target.get_color() == COLORS[k]
        assert target.get_linestyle() == "--" and target.get_ydata()[0] == y[k]
        np.testing.assert_allclose(out.get_ydata(), Z[0.4] @ X[k])
    final = np.array([out.get_ydata()[-1] for out in drawn["outputs"]])
    np.testing.assert_allclose(final, X @ F.minimizer(), atol=0.05)  # le meilleur compromis
    assert 0.05 < np.abs(final - y).max() < 0.5  # proches des cibles, pas dessus
    labels = texts_of(ax)
    for k in (1, 2, 3):
        assert f"$\\mathbf{{z}}_t\\cdot\\mathbf{{x}}_{{{k}}}$" in labels
        assert f"$y_{{{k}}}$" in labels
    assert ax.get_xlabel() == "itération $t$"


def test_model_outputs_of_a_network_and_of_a_diverged_run(tanh_net, least_squares):
    Zt = gradient_descent(tanh_net, [-1.0, 2.0], 0.5, 40)
    Zo = gradient_descent(least_squares, [-7.0, 7.0], 0.55, 40)
    Zd = gradient_descent(least_squares, [-7.0, 7.0], 50.0, 200)  # l'itéré finit par déborder
    t_nan = int(np.argmax(np.isnan(Zd[:, 0])))
    assert 0 < t_nan < 200
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax, ax1 = fig.subplots(1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_model_outputs(ax, tanh_net, Zt)
        plot_model_outputs(ax1, least_squares, Zo)
        ax.set_title("Sorties du réseau tanh, $\\eta = 0.5$")
        ax1.set_title("Sorties quand le pas est trop grand ($\\eta = 0.55$)")
        save(fig, "09_sorties_reseau_et_pas_trop_grand")
        axd = Figure().subplots()
        drawn = plot_model_outputs(axd, least_squares, Zd)
        axd.figure.savefig(ARTIFACTS / "tmp_sorties_nan.png")
    (ARTIFACTS / "tmp_sorties_nan.png").unlink()
    y = drawn["outputs"][0].get_ydata()
    assert np.isfinite(y[:t_nan]).all() and np.isnan(y[t_nan:]).all()
    assert "$f_{\\mathbf{z}_t}(\\mathbf{x}_{1})$" in texts_of(ax)
    with pytest.raises(ValueError, match=r"Le paramètre Z .*\(T \+ 1, 2\).*\(3, 2, 2\)"):
        plot_model_outputs(ax, least_squares, np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match=r"Le paramètre colors .*3 couleurs.*\['red'\]"):
        plot_model_outputs(ax, least_squares, np.zeros((3, 2)), colors=["red"])


def test_tanh_landscape_with_trajectories(tanh_net):
    starts = np.array([[-4.0, 4.0], [4.0, -4.0], [-1.0, 2.0], [3.0, 4.5]])
    Z = gradient_descent(tanh_net, starts, 0.5, 60)
    fig = Figure(figsize=(6.4, 5.6), layout="constrained")
    ax = fig.subplots()
    plot_contour(ax, tanh_net, title="Réseau tanh : quatre départs, $\\eta = 0.5$")
    plot_gradient_field(ax, tanh_net, density=13)
    drawn = plot_trajectories(ax, {f"départ {b + 1}": Z[:, b] for b in range(4)})
    save(fig, "10_reseau_tanh_trajectoires")
    assert len(drawn) == 4
    assert "$-\\nabla F(\\mathbf{w})$" in texts_of(ax)


FIGURE_MODULES = ["plotting.py", "grids.py", "plane.py", "curves.py", "_figures.py"]


@pytest.mark.parametrize("name", FIGURE_MODULES)
def test_module_has_no_pyplot_state(name):
    tree = ast.parse((Path(plotting.__file__).parent / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert "pyplot" not in (node.module or "")
            assert all(a.name != "pyplot" for a in node.names)
        elif isinstance(node, ast.Import):
            assert all("pyplot" not in a.name for a in node.names)
        elif isinstance(node, ast.Name):
            assert node.id != "plt"
    assert isinstance(COLORS, tuple) and len(COLORS) >= 5


def test_partial_objective_contour():
    import numpy as np
    from matplotlib.figure import Figure

    from course_utils import LeastSquares, linear_example
    from course_utils.plotting import grid_values, plot_contour

    F = LeastSquares(*linear_example())
    W1, W2, V1 = grid_values(F, resolution=31, i=1)
    np.testing.assert_allclose(V1, F.value_i(np.stack([W1, W2], axis=-1), 1))
    assert not np.allclose(V1, grid_values(F, resolution=31)[2])  # cache distinct de F
    ax = Figure().subplots()
    plot_contour(ax, F, resolution=31, i=0, colorbar=True)
    assert "F_{1}" in ax.get_title()
    with pytest.raises(ValueError, match="paramètre i"):
        grid_values(F, resolution=31, i=3)


def test_plot_surface_needs_a_3d_axes():
    from matplotlib.figure import Figure

    from course_utils import TanhNetwork, linear_example
    from course_utils.plotting import plot_surface

    F = TanhNetwork(*linear_example())
    fig = Figure()
    surf = plot_surface(fig.add_subplot(1, 2, 1, projection="3d"), F, resolution=21, azim=-120)
    assert surf.axes.get_zlabel() == "$F(\\mathbf{w})$"
    with pytest.raises(TypeError, match="paramètre ax doit être un Axes 3D"):
        plot_surface(fig.add_subplot(1, 2, 2), F)


# -- la figure d'une descente, une grille précalculée, la virgule décimale ------------------
def _pixels(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("eta, k, loc", [(0.4, 0, "upper right"), (0.1, 1, "upper right"),
                                         (0.5, 2, "center left")])
def test_plot_run_draws_the_chapter_02_figure(runs, eta, k, loc):
    """plot_run remplace les trois cellules identiques du chapitre 02 : même image, pixel
    pour pixel, que la figure faite à la main."""
    F, Z = runs
    label = f"$\\eta = {eta}$".replace(".", "{,}")
    title = f"Trajectoire, {label}, $T = {T}$"
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    ax, axc = fig.subplots(1, 2)
    plot_contour(ax, F, title=title)
    plot_trajectory(ax, Z[eta], color=COLORS[k], label=label)
    ax.legend(loc="lower left")
    plot_learning_curve(axc, F, Z[eta], color=COLORS[k], label=label, log=True)
    axc.legend(loc=loc)
    axc.set_title("Courbe d'apprentissage")
    run_fig, (rax, raxc) = plot_run(F, {label: Z[eta]}, title=title, colors=[COLORS[k]],
                                    log=True, curve_legend_loc=loc)
    assert run_fig.axes[:2] == [rax, raxc]
    np.testing.assert_array_equal(_pixels(run_fig), _pixels(fig))
    save(run_fig, f"11_plot_run_eta_{k}")


def test_plot_run_with_markers_draws_the_hand_made_figure(runs):
    """Avec ``markers`` (chapitres 3, 4 et 6) : la légende de plot_trajectories (départ,
    arrivée) et celle de plot_learning_curve ; la même image, pixel pour pixel, que la figure
    faite à la main."""
    F, Z = runs
    two, colors = {"a": Z[0.4], "b": Z[0.1]}, [COLORS[1], COLORS[0]]
    fig = Figure(figsize=(10, 4.3), layout="constrained")
    ax, axc = fig.subplots(1, 2)
    plot_contour(ax, F, title="deux pas")
    plot_trajectories(ax, two, colors=colors)
    ax.get_legend().set_loc("lower left")
    for (label, z), color in zip(two.items(), colors, strict=True):
        plot_learning_curve(axc, F, z, label=label, color=color, log=True)
    axc.set_title("Courbes d'apprentissage")
    run_fig, (rax, raxc) = plot_run(F, two, colors=colors, title="deux pas", log=True,
                                    markers=True, curve_legend_loc=None,
                                    curve_title="Courbes d'apprentissage", figsize=(10, 4.3))
    np.testing.assert_array_equal(_pixels(run_fig), _pixels(fig))
    legend = [t.get_text() for t in rax.get_legend().get_texts()]
    assert legend == ["$\\mathbf{w}^*$ (minimum)", "a", "b", "départ $\\mathbf{z}_0$",
                      "arrivée $\\mathbf{z}_T$"]
    # legend_loc=None : la place que choisit plot_trajectories ; sinon, celle qu'on donne
    _, (kept, _) = plot_run(F, two, markers=True, legend_loc=None)
    alone = Figure().subplots()
    plot_contour(alone, F)
    plot_trajectories(alone, two)
    assert kept.get_legend()._loc == alone.get_legend()._loc != rax.get_legend()._loc
    save(run_fig, "13_plot_run_marques")


def test_plot_run_with_several_runs_and_given_axes(runs):
    F, Z = runs
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    axes = fig.subplots(1, 2)
    out, (ax, axc) = plot_run(F, {f"$\\eta = {eta}$".replace(".", "{,}"): Z[eta]
                                  for eta in ETAS}, axes=axes, log=True)
    save(fig, "12_plot_run_trois_pas")
    assert out is fig and (ax, axc) == tuple(axes)
    colours = [ln.get_color() for ln in axc.get_lines() if ln.get_label().startswith("$\\eta")]
    assert colours == list(COLORS[:3])
    legend = [t.get_text() for t in axc.get_legend().get_texts()]
    assert legend[-1] == "$F(\\mathbf{w}^*)$" and len(legend) == 4  # F(w*) en dernier
    assert axc.get_title() == "Courbe d'apprentissage"
    with pytest.raises(TypeError, match="paramètre runs doit être un dict"):
        plot_run(F, Z[0.4])
    with pytest.raises(TypeError, match="paramètre axes"):
        plot_run(F, {"a": Z[0.4]}, axes=ax)


def test_plot_contour_grid_passes_kwargs_to_matplotlib(least_squares):
    W1, W2, V = grid_values(least_squares, resolution=61)
    fig = Figure(figsize=(11, 4.4), layout="constrained")
    ax, ax1, ax2 = fig.subplots(1, 3)
    cs = plot_contour_grid(ax, W1, W2, np.sqrt(V), title="$\\sqrt{F}$", colorbar=True,
                           label="\\sqrt{F}", cmap="magma", alpha=0.5)
    lines = plot_contour_grid(ax1, W1, W2, V, levels=[1, 10, 50], filled=False,
                              colors="gray", linestyles="dashed")
    same = plot_contour(ax2, least_squares, resolution=61, show_minimizer=False)
    save(fig, "13_courbes_de_niveau_grille")
    assert cs.cmap.name == "magma" and cs.get_alpha() == 0.5 and cs.filled
    assert not lines.filled and list(lines.levels) == [1, 10, 50]
    assert lines.get_linestyles()[0][0] == 0 and lines.get_linestyles()[0][1] is not None
    assert ax.get_title() == "$\\sqrt{F}$" and ax1.get_title() == ""
    assert ax.get_xlim() == (-8.0, 8.0) and ax.get_aspect() == 1.0
    np.testing.assert_array_equal(same.levels, contour_levels(V))
    with pytest.raises(ValueError, match="W1, W2 et values .*même forme"):
        plot_contour_grid(ax, W1, W2, V[:-1])
    with pytest.raises(ValueError, match="paramètre W1 doit contenir des nombres finis"):
        plot_contour_grid(ax, np.full_like(W1, np.nan), W2, V)


def _decimal_points(fig):
    FigureCanvasAgg(fig).draw()
    texts = [t.get_text() for t in fig.findobj(Text)]
    return [t for t in texts if re.search(r"\d\.\d", t)]


def test_every_figure_writes_decimal_commas(least_squares, tanh_net):
    """Graduations (linéaires, logarithmiques, barres de couleurs, 3D), titres, notes : aucun
    nombre écrit avec un point dans ce que dessine la bibliothèque."""
    F = least_squares
    fig = Figure(figsize=(14, 8), layout="constrained")
    axes = fig.subplots(2, 3).ravel()
    plot_contour(axes[0], F, region=(-1.5, 1.5, -4.5, -1.5), colorbar=True)
    plot_gradient_field(axes[1], F, region=(0.5, 3.0, -4.0, -1.5))
    plot_trajectories(axes[1], {"z": gradient_descent(F, (1.0, -2.0), 0.4, 10)})
    plot_learning_curve(axes[2], F, np.array([[1.7, -2.9], [1.75, -2.89]]))
    plot_learning_curve(axes[3], F, gradient_descent(F, (-7, 7), 1.5, 300))
    plot_model_outputs(axes[4], tanh_net, gradient_descent(tanh_net, [-1.0, 2.0], 0.5, 40))
    axes[5].remove()
    plot_surface(fig.add_subplot(2, 3, 6, projection="3d"), tanh_net, region=(-1, 1, -1, 1),
                 resolution=21)
    save(fig, "14_virgule_decimale")
    assert _decimal_points(fig) == []
    commas = [t.get_text() for t in fig.findobj(Text) if re.search(r"\d,\d", t.get_text())]
    assert len(commas) > 20
    fig_run, _ = plot_run(F, {"a": gradient_descent(F, (0.5, -2.0), 0.1, 8)}, log=False,
                          region=(0, 2.5, -3.5, -1.5))
    assert _decimal_points(fig_run) == []


# -- chapitre 7 : époques, itérations en échelle log, règles de pas, test de l'intervalle ------
@pytest.fixture(scope="module")
def minibatch_runs():
    from course_utils.datasets import diabetes, standardize, with_bias_column
    from course_utils.minibatch import minibatch_sgd

    X, y = diabetes()
    F = LeastSquares(with_bias_column(standardize(X[:200])[0]), y[:200])
    return F, {b: minibatch_sgd(F, np.zeros(F.d), eta, 6, b, seed=0)
               for b, eta in ((1, 0.003), (16, 0.03), (F.n, 0.2))}


def _tick_labels(ax, which="x"):
    axis = ax.xaxis if which == "x" else ax.yaxis
    lo, hi = sorted(axis.get_view_interval())
    return [(t.get_position()[which == "y"], t.get_text()) for t in axis.get_ticklabels()
            if t.get_text() and lo <= t.get_position()[which == "y"] <= hi]


def test_learning_curve_in_epochs_and_in_log_iterations(minibatch_runs):
    """``per_epoch`` : l'axe compte les époques, graduées par des entiers ; ``xscale="log"`` :
    les itérations 1, 10, 100… ; ``plain_log`` : les pertes en toutes lettres."""
    F, runs = minibatch_runs
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax_t, ax_e = fig.subplots(1, 2, sharey=True)
    for k, (b, Z) in enumerate(runs.items()):
        per_epoch = -(-F.n // b)
        plot_learning_curve(ax_t, F, Z, label=f"b = {b}", color=COLORS[k], log=True,
                            xscale="log", plain_log=True)
        (curve,) = plot_learning_curve(ax_e, F, Z, label=f"b = {b}", color=COLORS[k], log=True,
                                       per_epoch=per_epoch, plain_log=True)
        np.testing.assert_allclose(curve.get_xdata(), np.arange(len(Z)) / per_epoch)
    save(fig, "15_courbes_epoques")
    assert ax_e.get_xlabel() == "époque" and ax_t.get_xscale() == "log"
    epochs = _tick_labels(ax_e)
    assert [text for _, text in epochs] == ["0", "1", "2", "3", "4", "5", "6"]
    assert [text for _, text in _tick_labels(ax_t)] == ["1", "10", "100", "1000"]
    losses = [text for _, text in _tick_labels(ax_t, "y")]  # l'axe partagé, étiqueté à gauche
    assert losses and all(re.fullmatch(r"\d+(\u202f\d{3})?", s) for s in losses), losses
    assert _decimal_points(fig) == []
    with pytest.raises(ValueError, match="Les paramètres x et per_epoch"):
        plot_learning_curve(ax_e, F, runs[1], x=np.arange(len(runs[1])), per_epoch=3)
    with pytest.raises(ValueError, match="Le paramètre xscale"):
        plot_learning_curve(ax_e, F, runs[1], xscale="logarithmique")
    with pytest.raises(ValueError, match="Le paramètre per_epoch"):
        plot_learning_curve(ax_e, F, runs[1], per_epoch=0)


def test_schedules_in_epochs_and_lr_range_in_full():
    from course_utils.curves import plot_lr_range, plot_schedules
    from course_utils.schedules import SCHEDULES

    fig = Figure(figsize=(12, 4), layout="constrained")
    ax, axr = fig.subplots(1, 2)
    lines = plot_schedules(ax, SCHEDULES.values(), total=20 * 23, per_epoch=23)
    assert len(lines) == len(SCHEDULES) and ax.get_xlabel() == "époque"
    np.testing.assert_allclose(lines[0].get_xdata(), np.arange(1, 461) / 23)
    etas = np.geomspace(1e-4, 10, 50)
    losses = np.where(etas < 0.3, 3000 + 27000 * np.exp(-300 * etas) + 1e4 * etas, np.nan)
    plot_lr_range(axr, etas, losses, suggested=0.009)
    save(fig, "16_regles_et_intervalle")
    assert [text for _, text in _tick_labels(ax)] == ["0", "5", "10", "15", "20"]
    assert [text for _, text in _tick_labels(axr)] == ["0,0001", "0,001", "0,01", "0,1", "1",
                                                       "10"]
    assert _decimal_points(fig) == []
    with pytest.raises(ValueError, match="Les paramètres x et per_epoch"):
        plot_schedules(ax, ["cosine"], total=10, x=np.arange(10), per_epoch=2)
