"""L'explorateur des mini-lots (chapitre 7) : des curseurs (taille des lots, pas η, époques,
règle de pas, graine) et les courbes de perte d'entraînement et de validation qui suivent.

Comme l'explorateur de trajectoires, il ne reconstruit jamais la figure : chaque changement
recalcule l'entraînement avec le cœur numérique (:func:`course_utils.minibatch.minibatch_sgd`),
puis restaure le fond sauvegardé et redessine les seules courbes (*blitting*) ; le fond n'est
redessiné que quand une borne d'axe arrondie change.
"""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from ._checks import (
    check_batch_size,
    check_choice,
    check_count,
    check_objective,
    check_point,
    check_positive,
    check_seed,
)
from ._figures import ALARM, COLORS
from .curves import iteration_locator
from .french import french_axes, number
from .live_figure import LiveFigure, slider
from .minibatch import minibatch_sgd
from .objectives import LeastSquares
from .optimizers import Verdict
from .schedules import SCHEDULES
from .status import minibatch_status

__all__ = ["MiniBatchExplorer"]

#: valeurs « rondes » de l'axe des époques
_NICE_EPOCHS = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200)


def _batch_sizes(n):
    """Les tailles de lot proposées : les puissances de 2 jusqu'à n, puis n (tout le jeu)."""
    sizes = [2**k for k in range(0, int(math.log2(n)) + 1) if 2**k < n]
    return sizes + [n]


def _nice_ceiling(x):
    """La plus petite valeur 1, 2 ou 5 × 10^k au moins égale à x > 0."""
    k = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10.0**k >= x * (1 - 1e-12):
            return m * 10.0**k
    return 10.0 ** (k + 1)  # pragma: no cover


class MiniBatchExplorer(LiveFigure):
    """La SGD par mini-lots sur un jeu d'entraînement, suivie sur un jeu de validation.

    Paramètres
    ----------
    train, validation : deux objectifs de moindres carrés (``LeastSquares``) avec les mêmes
        colonnes : on entraîne sur le premier, on mesure aussi la perte sur le second.
    eta : float > 0, le pas d'apprentissage de base η.
    epochs : int ≥ 1, le nombre d'époques.
    batch_size : None (16, ou n s'il y a moins de 16 exemples) ou int, la taille des
        mini-lots (ramenée à la taille proposée la plus proche : 1, 2, 4, 8…, n).
    schedule : str, la règle de pas (un nom de ``schedules.SCHEDULES``).
    seed : int, la graine du mélange des exemples.
    w0 : None (des zéros) ou le départ, de forme (d,).
    epochs_max : int, la borne du curseur des époques.

    Attributs publics : ``controls`` (les curseurs), ``trajectory`` (les poids après chaque
    itération, (T + 1, d)), ``train_losses``, ``validation_losses`` (T + 1 valeurs),
    ``epochs_axis`` (l'époque de chaque point), ``figure``, ``status``, ``widget``.
    """

    def __init__(self, train, validation, eta=0.01, epochs=20, batch_size=None,
                 schedule="constant", seed=0, w0=None, epochs_max=60):
        self.train = check_objective(train, kinds=(LeastSquares,), name="train")
        self.validation = check_objective(validation, kinds=(LeastSquares,), name="validation")
        if self.validation.d != self.train.d:
            raise ValueError(
                "Les paramètres train et validation doivent avoir les mêmes colonnes ; reçu "
                f"d = {self.train.d} et d = {self.validation.d}."
            )
        eta = check_positive("eta", eta)
        epochs_max = check_count("epochs_max", epochs_max, low=1)
        epochs = check_count("epochs", epochs, low=1, high=epochs_max)
        batch_size = (min(16, self.train.n) if batch_size is None
                      else check_batch_size(batch_size, self.train.n))
        schedule = check_choice("schedule", schedule, tuple(SCHEDULES))
        seed = check_seed("seed", seed)
        self._w0 = (np.zeros(self.train.d) if w0 is None
                    else check_point("w0", w0, self.train.d, batch=False))
        w_star = self.train.minimizer()
        self._f_star = float(self.train.value(w_star))
        self._f_start = float(self.train.value(self._w0))
        self._build_controls(eta, epochs, batch_size, schedule, seed or 0, epochs_max)
        self._build_figure()
        self.widget = self._box([self._controls_box, self._canvas_view(), self.status_widget],
                                "course-minibatch-explorer")
        self._recompute()

    # -- construction --------------------------------------------------------------------------
    def _build_controls(self, eta, epochs, batch_size, schedule, seed, epochs_max):
        sizes = _batch_sizes(self.train.n)
        nearest = min(sizes, key=lambda b: (abs(math.log(b / batch_size)), b))
        e0, step = math.log10(eta), 0.01
        lo = e0 - math.ceil((e0 + 4) / step) * step  # de 10⁻⁴ …
        hi = e0 + math.ceil((0 - e0) / step) * step  # … à 1, grille alignée sur η initial
        c = {
            "batch_size": slider(widgets.SelectionSlider, options=sizes, value=nearest,
                                 description="taille des lots b"),
            "eta": slider(widgets.FloatLogSlider, value=eta, base=10, min=lo, max=hi, step=step,
                          description="pas η", readout_format=".4g"),
            "epochs": slider(widgets.IntSlider, value=epochs, min=1, max=epochs_max,
                             description="époques"),
            "schedule": widgets.Dropdown(
                options=[(s.label, name) for name, s in SCHEDULES.items()], value=schedule,
                description="règle de pas", style={"description_width": "initial"},
                layout=widgets.Layout(width="330px")),
            "seed": slider(widgets.IntSlider, value=seed, min=0, max=99, description="graine"),
        }
        self.controls = c
        for control in c.values():
            control.observe(self._on_control, names="value")
        self._controls_box = widgets.VBox([
            widgets.HBox([c["batch_size"], c["eta"]]),
            widgets.HBox([c["epochs"], c["schedule"]]),
            widgets.HBox([c["seed"]]),
        ])

    def _build_figure(self):
        fig = self._init_figure((10, 4.0))
        ax, axs = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1.0]})
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.14, top=0.9, wspace=0.28)
        self._ax = None  # pas de clic sur cette figure
        self._ax_loss, self._ax_step = ax, axs
        (self._train_line,) = ax.plot([], [], "-", color=COLORS[0], lw=1.3,
                                      label="perte d'entraînement")
        (self._val_line,) = ax.plot([], [], "--", color=COLORS[1], lw=1.5,
                                    label="perte de validation")
        ax.axhline(self._f_star, color="gray", ls=":", lw=1.2,
                   label="minimum de l'entraînement $F(\\mathbf{w}^*)$")
        self._alert = ax.text(0.5, 0.55, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color=ALARM, zorder=8,
                              bbox=dict(boxstyle="round", fc="white", ec=ALARM, alpha=0.9))
        ax.set_yscale("log")
        ax.set_ylim(self._f_star * 0.9, max(self._f_start, self._f_star) * 1.5)
        # graduations 1, 2, 3, 5 × 10^k écrites en toutes lettres (3 000, 10 000)
        french_axes(ax, plain_log=True)
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("époque")
        ax.set_ylabel("perte $F$ (erreur quadratique moyenne)")
        ax.set_title("Pertes au fil des époques", fontsize=10)
        ax.grid(True, which="both", alpha=0.25)
        # la légende passe après les courbes (animée) : elles ne la cachent jamais ; son image
        # est faite une fois par dessin complet, puis recollée (voir _draw_animated)
        self._legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.95)
        self._legend_pixels = None
        (self._step_line,) = axs.plot([], [], "-", color=COLORS[2], lw=1.6)
        axs.set_xlabel("époque")
        axs.set_ylabel("pas $\\eta_t$")
        axs.set_title("Le pas de chaque itération", fontsize=10)
        axs.grid(True, alpha=0.3)
        axs.yaxis.set_major_locator(MaxNLocator(5))
        for axis in (ax, axs):
            axis.xaxis.set_major_locator(iteration_locator())  # époques entières
            french_axes(axis)  # dès le premier dessin, avant que les bornes soient fixées
        self._animated = [self._train_line, self._val_line, self._step_line, self._legend,
                          self._alert]
        self._start_drawing()

    # -- blitting : la légende en image -------------------------------------------------------
    def _on_draw(self, event):
        """Après un dessin complet : le fond, puis l'image de la légende posée sur ce fond
        (dessiner ses textes coûte plus que tout le reste d'une mise à jour à b = 16)."""
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self.figure.draw_artist(self._legend)
        box = self._legend.get_window_extent().padded(2)
        self._legend_pixels = self._canvas.copy_from_bbox(box)
        self._canvas.restore_region(self._background)
        self._draw_animated()

    def _draw_animated(self):
        """Les courbes, puis la légende (son image) par-dessus, puis l'alerte."""
        for artist in (self._train_line, self._val_line, self._step_line):
            self.figure.draw_artist(artist)
        if self._legend_pixels is not None:
            self._canvas.restore_region(self._legend_pixels)
        else:  # pragma: no cover - pas d'image avant le premier dessin complet
            self.figure.draw_artist(self._legend)
        self.figure.draw_artist(self._alert)

    # -- calcul et dessin ----------------------------------------------------------------------
    def _on_control(self, change):
        if not self._suspended:
            self._recompute()

    def _recompute(self):
        c = self.controls
        b, eta, epochs = c["batch_size"].value, c["eta"].value, c["epochs"].value
        Z = minibatch_sgd(self.train, self._w0, eta, epochs, b, seed=c["seed"].value,
                          schedule=c["schedule"].value)
        per_epoch = math.ceil(self.train.n / b)
        U = Z.shape[0] - 1
        self.trajectory = Z
        with np.errstate(over="ignore", invalid="ignore"):
            self.train_losses = self.train.value(Z)
            self.validation_losses = self.validation.value(Z)
        self.epochs_axis = np.arange(U + 1) / per_epoch
        rule = SCHEDULES[c["schedule"].value]
        steps = eta * rule(np.arange(1, U + 1), U)
        self._redraw(epochs, per_epoch, U, steps)

    def _redraw(self, epochs, per_epoch, U, steps):
        x = self.epochs_axis
        top = self._ax_loss.get_ylim()[1]
        clip = np.where(self.train_losses > top, top * 1e6, self.train_losses)  # sort du cadre
        self._train_line.set_data(x, clip)
        self._val_line.set_data(x, np.where(self.validation_losses > top, top * 1e6,
                                            self.validation_losses))
        self._step_line.set_data(x[1:], steps)
        verdict = Verdict.of(self.train_losses)
        k = verdict.diverged_at
        if k is not None:
            self._alert.set_text(f"diverge à l'itération {k}\n(époque {number(k / per_epoch, 3)})")
        elif verdict.went_up:
            self._alert.set_text("la perte a augmenté")
        self._alert.set_visible(verdict.alarming)
        xmax = next((v for v in _NICE_EPOCHS if v >= epochs), epochs)
        smax = _nice_ceiling(float(np.max(steps)) * 1.05)
        full = (self._ax_loss.get_xlim() != (0.0, float(xmax))
                or self._ax_step.get_ylim() != (0.0, smax))
        if full:
            for ax in (self._ax_loss, self._ax_step):
                ax.set_xlim(0.0, float(xmax))
            self._ax_step.set_ylim(0.0, smax)
            french_axes(self._ax_loss)
            french_axes(self._ax_step)
        self._blit(full)
        ends = self.validation_losses[::per_epoch]
        self._show_status(minibatch_status(
            self.controls["batch_size"].value, self.train.n, epochs, per_epoch, U, verdict,
            self.train_losses[-1], self.validation_losses[-1], self._f_star, ends))

    @property
    def alert(self):
        """Le texte de l'alerte affichée sur la figure des pertes (« diverge à l'itération
        … », « la perte a augmenté »), ou "" s'il n'y en a pas."""
        return self._alert.get_text() if self._alert.get_visible() else ""

    def __repr__(self):
        c = self.controls
        return (f"MiniBatchExplorer(b={c['batch_size'].value}, η={c['eta'].value:.4g}, "
                f"époques={c['epochs'].value}, règle={c['schedule'].value!r})")
