"""La descente de gradient en une dimension, sur une parabole :math:`F(w) = a w^2/2`.

:class:`Explorer1D` est la figure vivante de l'échauffement du chapitre 2 : deux curseurs, la
courbure :math:`a` et le pas :math:`\\eta`, et la descente
:math:`z_t = z_{t-1} - \\eta F'(z_{t-1}) = (1 - \\eta a)\\, z_{t-1}` qui suit. À gauche, les
itérés posés sur la parabole ; à droite, :math:`z_t` au fil des itérations. La ligne d'état dit
le facteur :math:`1 - \\eta a`, le seuil :math:`2/a` et le pas le plus rapide :math:`1/a`.

La trajectoire vient du cœur numérique (:func:`~course_utils.optimizers.gradient_descent` sur
``Quadratic([[a]])``) ; le canevas, le blitting et l'image PNG de
:class:`~course_utils.live_figure.LiveFigure`.
"""

import math

import ipywidgets as widgets
import numpy as np

from ._checks import _shown, check_count, check_positive, check_real
from ._figures import ALARM, COLORS
from .curves import iteration_locator
from .divergence import last_finite
from .french import french_axes
from .live_figure import LiveFigure, slider
from .quadratic import Quadratic
from .optimizers import gradient_descent
from .status import descent1d_status

__all__ = ["Explorer1D", "nice_ceiling"]

#: valeurs « rondes » de l'axe des itérations (l'axe ne change que quand T les franchit)
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200)


def nice_ceiling(x):
    """La plus petite valeur « ronde » (1, 2 ou 5 fois une puissance de 10) au moins égale à x.

    Paramètres
    ----------
    x : nombre réel > 0.

    Renvoie
    -------
    float : par exemple 3,2 → 5 ; 0,07 → 0,1 ; 20 → 20.
    """
    x = check_positive("x", x)
    power = 10.0 ** math.floor(math.log10(x))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * power >= x * (1 - 1e-12):
            return m * power
    return 10.0 * power  # pragma: no cover


class Explorer1D(LiveFigure):
    """La descente de gradient sur la parabole :math:`F(w) = a w^2/2`, avec des curseurs.

    Chaque itération multiplie :math:`w` par le facteur :math:`1 - \\eta a` : la descente
    converge si et seulement si :math:`0 < \\eta < 2/a`, et :math:`\\eta = 1/a` atteint le
    minimum en une itération. Un clic sur la parabole déplace le départ :math:`z_0`.

    Paramètres
    ----------
    a : nombre réel > 0, la courbure (le coefficient de la parabole), 1 par défaut.
    eta : nombre réel > 0, le pas η.
    T : entier ≥ 0, le nombre d'itérations.
    w0 : nombre réel non nul, le départ :math:`z_0` ; la figure montre :math:`w \\in
        [-1{,}5 |z_0|, 1{,}5 |z_0|]`.
    a_max, eta_max : nombres réels > 0, les bornes des curseurs « courbure a » (pas de 0,1)
        et « pas η » (pas de 0,01).
    T_max : None (max(50, T)) ou entier, la borne du curseur T.

    Attributs
    ---------
    controls : dict des curseurs (« a », « eta », « T »).
    trajectory : les itérés :math:`z_0, \\dots, z_T`, de forme ``(T + 1,)``.
    factor : le facteur :math:`1 - \\eta a` courant.
    figure : la Figure ; ``curve_axes`` (parabole) et ``iterate_axes`` (z_t selon t).
    alert : le texte d'alerte écrit sur la figure (``""`` si aucun).
    status : la phrase sous la figure ; ``widget`` : la boîte à afficher.
    """

    def __init__(self, a=1.0, eta=0.3, T=15, w0=2.0, a_max=5.0, eta_max=2.5, T_max=None):
        a = check_positive("a", a)
        eta = check_positive("eta", eta)
        T = check_count("T", T)
        w0 = check_real("w0", w0)
        if not (math.isfinite(w0) and w0 != 0):
            raise ValueError(
                "Le paramètre w0 doit être un nombre fini non nul (le départ ; le minimum est "
                f"en w = 0) ; valeur reçue : {_shown(w0)}.")
        a_max = check_positive("a_max", a_max)
        eta_max = check_positive("eta_max", eta_max)
        T_max = max(50, T) if T_max is None else check_count("T_max", T_max, low=1)
        for name, value, top in (("a", a, a_max), ("eta", eta, eta_max), ("T", T, T_max)):
            if value > top:
                raise ValueError(
                    f"Le paramètre {name} doit être au plus égal à la borne de son curseur "
                    f"({top:g}) ; valeur reçue : {_shown(value)}.")
        self._w0 = w0
        self._reach = 1.5 * abs(w0)
        self.controls = {
            "a": slider(widgets.FloatSlider, value=a, min=0.1, max=a_max, step=0.1,
                        description="courbure a", readout_format=".1f"),
            "eta": slider(widgets.FloatSlider, value=eta, min=0.01, max=eta_max, step=0.01,
                          description="pas η", readout_format=".2f"),
            "T": slider(widgets.IntSlider, value=T, min=0, max=T_max,
                        description="itérations T"),
        }
        for c in self.controls.values():
            c.observe(self._on_control, names="value")
        self.trajectory = None
        self._build_figure()
        rows = widgets.VBox([widgets.HBox([self.controls["a"], self.controls["eta"]]),
                             self.controls["T"]])
        self.widget = self._box([rows, self._canvas_view(), self.status_widget],
                                "course-explorer-1d")
        self._update()

    # -- ce que les tests et les carnets lisent ---------------------------------------------
    @property
    def curve_axes(self):
        """L'Axes de la parabole (où un clic déplace le départ)."""
        return self._ax

    @property
    def iterate_axes(self):
        """L'Axes de :math:`z_t` au fil des itérations."""
        return self._ax_t

    @property
    def factor(self):
        """Le facteur :math:`1 - \\eta a` par lequel chaque itération multiplie :math:`w`."""
        return 1.0 - self.controls["eta"].value * self.controls["a"].value

    @property
    def w0(self):
        """Le départ :math:`z_0`."""
        return self._w0

    @property
    def alert(self):
        """Le texte d'alerte écrit sur la figure, ou ``""``."""
        return self._alert.get_text() if self._alert.get_visible() else ""

    # -- la figure ---------------------------------------------------------------------------
    def _build_figure(self):
        fig = self._init_figure((10, 3.6))
        ax, axt = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.89, wspace=0.2)
        self._ax, self._ax_t = ax, axt
        R = self._reach
        ax.set_xlim(-R, R)
        ax.axvline(0.0, color="gray", lw=0.8, ls=":")
        ax.plot([0.0], [0.0], "*", color="white", ms=14, mec="black", mew=1.0, zorder=6,
                label="minimum $w = 0$")
        ax.set_xlabel("$w$")
        ax.set_ylabel("$F(w) = a\\,w^2/2$")
        ax.set_title("Les itérés sur la parabole", fontsize=10)
        ax.grid(True, alpha=0.3)
        (self._parabola,) = ax.plot([], [], "-", color="gray", lw=2, zorder=2)
        (self._jumps,) = ax.plot([], [], "-o", color=COLORS[0], lw=1.0, ms=4, zorder=4)
        (self._end,) = ax.plot([], [], "s", color=COLORS[0], ms=7, mec="black", mew=0.8,
                               zorder=5, label="dernier itéré $z_T$")
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7, label="départ $z_0$")
        ax.legend(loc="upper center", fontsize=8, framealpha=0.85, ncols=3)
        self._alert = ax.text(0.5, 0.45, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color=ALARM, zorder=8,
                              bbox=dict(boxstyle="round", fc="white", ec=ALARM, alpha=0.9))

        axt.axhline(0.0, color="gray", lw=1, ls="--", label="minimum $w = 0$")
        (self._series,) = axt.plot([], [], "-o", color=COLORS[0], lw=1.4, ms=4,
                                   label="$z_t = (1 - \\eta a)^t\\, z_0$")
        axt.set_ylim(-R, R)
        axt.set_xlabel("itération $t$")
        axt.set_ylabel("$z_t$")
        axt.xaxis.set_major_locator(iteration_locator())
        axt.set_title("$z_t$ au fil des itérations", fontsize=10)
        axt.grid(True, alpha=0.3)
        axt.legend(loc="upper right", fontsize=8, framealpha=0.85)
        french_axes(ax)
        french_axes(axt)
        self._animated = [self._parabola, self._jumps, self._end, self._start, self._series,
                          self._alert]
        self._set_limits(*self._limits())
        self._start_drawing()

    def _limits(self):
        """Les bornes qui dépendent des curseurs, arrondies : elles changent rarement."""
        a, T = self.controls["a"].value, self.controls["T"].value
        top = nice_ceiling(1.05 * a * self._reach**2 / 2)
        xmax = next((v for v in _NICE_T if v >= T), T)
        return top, max(xmax, 1)

    def _set_limits(self, top, xmax):
        self._current_limits = (top, xmax)
        self._ax.set_ylim(-0.04 * top, 1.25 * top)  # de la place pour la légende
        self._ax_t.set_xlim(-0.02 * xmax, xmax * 1.02)
        w = np.linspace(-self._reach, self._reach, 201)
        self._w_grid = w

    # -- événements --------------------------------------------------------------------------
    def _on_control(self, change):
        if not self._suspended:
            self._update()

    def _clicked(self, x, y):
        """Un clic sur la parabole : le départ va à l'abscisse cliquée (arrondie à 0,05)."""
        w0 = round(round(x / 0.05) * 0.05, 10)
        if w0 == 0:  # le minimum lui-même : la descente resterait immobile
            w0 = 0.05 if x >= 0 else -0.05
        self._w0 = float(np.clip(w0, -self._reach, self._reach))
        self._update()

    # -- calcul et dessin --------------------------------------------------------------------
    def _update(self):
        c = self.controls
        a, eta, T = c["a"].value, c["eta"].value, c["T"].value
        Z = gradient_descent(Quadratic([[a]]), [self._w0], eta, T)[:, 0]
        self.trajectory = Z
        limits = self._limits()
        full = limits != self._current_limits
        if full:
            self._set_limits(*limits)
        with np.errstate(over="ignore", invalid="ignore"):
            w = self._w_grid
            self._parabola.set_data(w, 0.5 * a * w * w)
            # des coordonnées démesurées ne s'affichent pas (elles sortent du cadre)
            big = 1e6 * self._reach
            shown = np.clip(Z, -big, big)
            f = np.clip(0.5 * a * shown * shown, 0.0, big * big)
            self._jumps.set_data(shown, f)
            k = last_finite(shown) or 0
            self._end.set_data(shown[k : k + 1], f[k : k + 1])
            self._start.set_data([self._w0], [0.5 * a * self._w0**2])
            self._series.set_data(np.arange(T + 1), shown)
        q = 1.0 - eta * a
        if abs(q) > 1:
            alert = "diverge : |z_t| grandit\nà chaque itération (η > 2/a)"
        elif abs(q + 1) < 1e-12:
            alert = "rebondit sans fin\nentre z₀ et −z₀ (η = 2/a)"
        else:
            alert = ""
        self._alert.set_text(alert)
        self._alert.set_visible(bool(alert))
        self._blit(full)
        self._show_status(descent1d_status(a, eta, T, float(Z[-1])))

    def __repr__(self):
        c = self.controls
        return (f"Explorer1D(a={c['a'].value:g}, η={c['eta'].value:g}, T={c['T'].value}, "
                f"w0={self._w0:g})")
