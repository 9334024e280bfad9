"""La figure de l'explorateur dessinée dans le navigateur : un widget anywidget.

:class:`WebFigure` montre ce que montre l'explorateur (courbes de niveau et trajectoires à
gauche, courbes d'apprentissage à droite), mais le navigateur dessine lui-même ce qui bouge :

- le **fond** (courbes de niveau, axes, graduations à la française, titres, légendes, w*)
  est dessiné une fois par matplotlib, dans le noyau, et envoyé en PNG au rapport de pixels de
  l'écran (net sur un écran haute densité), avec la transformation données → pixels de chaque
  axe. Il n'est redessiné que si un axe doit changer (T ou les bornes arrondies de la courbe
  d'apprentissage) ;
- **ce qui bouge** (trajectoires, départ, points d'arrivée, courbes d'apprentissage, point de
  l'étape t, alerte de divergence) est dessiné dans le navigateur sur un canevas posé sur le
  fond, avec les couleurs et les styles de l'explorateur ; les trajectoires y sont calculées
  par le miroir JavaScript du cœur numérique (``static/mirror.js``), à chaque image.

Les paramètres (η, T, départ w₁ et w₂, α, graine, étape t) sont des attributs synchronisés
du widget : des curseurs ipywidgets reliés par ``jslink`` (:func:`link_controls`) font
bouger la figure sans attendre le noyau. Le noyau reçoit quand même chaque valeur et calcule
la trajectoire avec numpy, la référence (``trajectories``) : il l'envoie au navigateur, qui
la dessine dès qu'elle correspond aux curseurs (au bit près la même que celle du miroir pour
les moindres carrés ; pour le réseau tanh, elle corrige l'écart d'arrondi du miroir). Pour un
objectif ou une méthode que le miroir ne connaît pas, seul le noyau calcule : il envoie les
points (pas d'image par mouvement), et la figure suit au rythme du noyau.

Sans JavaScript (export HTML, diapositives), le widget s'affiche en image PNG de son état,
dessinée entièrement par matplotlib (:meth:`WebFigure.snapshot`).
"""

import base64
import io
import math
import pathlib

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import plotting
from ._checks import (
    _shown,
    check_choice,
    check_count,
    check_interval,
    check_point,
    check_positive,
    check_seed,
)
from .curves import iteration_locator
from .french import french_axes
from .objectives import LeastSquares, Objective, TanhNetwork
from .optimizers import SGD, Adam, RMSprop, gradient_descent, run, sample_indices, sgd, sgd_momentum

__all__ = ["WebFigure", "link_controls", "make_controls", "adam_tables", "MIRRORED_OBJECTIVES",
           "MIRRORED_METHODS", "NUMPY_METHODS"]

_STATIC = pathlib.Path(__file__).parent / "static"

#: les objectifs que le miroir JavaScript sait calculer (nom de classe exact)
MIRRORED_OBJECTIVES = (LeastSquares, TanhNetwork)

#: les méthodes que le miroir JavaScript sait calculer
MIRRORED_METHODS = ("gd", "sgd", "momentum", "rmsprop", "adam", "heavy_ball", "nesterov",
                    "adagrad")

#: les méthodes calculées par numpy dans le noyau : nom -> (nom affiché, utilise α, utilise la
#: graine, fonction(objective, w0, eta, T, alpha, seed) -> trajectoire). Les mêmes que celles de
#: l'explorateur ; la boule pesante et AdaGrad s'ajouteront quand le cœur les aura.
NUMPY_METHODS = {
    "gd": ("descente de gradient", False, False,
           lambda F, w0, eta, T, alpha, seed: gradient_descent(F, w0, eta, T)),
    "sgd": ("SGD (pas η/√t)", False, True,
            lambda F, w0, eta, T, alpha, seed: sgd(F, w0, eta, T, seed=seed)),
    "momentum": ("SGD + momentum", True, True,
                 lambda F, w0, eta, T, alpha, seed: sgd_momentum(F, w0, eta, alpha, T, seed=seed)),
    "rmsprop": ("RMSprop", False, False,
                lambda F, w0, eta, T, alpha, seed: run(RMSprop(lr=eta), F, w0, T)),
    "adam": ("Adam", False, False,
             lambda F, w0, eta, T, alpha, seed: run(Adam(lr=eta), F, w0, T)),
    "nesterov": ("Nesterov", True, False,
                 lambda F, w0, eta, T, alpha, seed: run(
                     SGD(lr=eta, momentum=alpha, nesterov=True), F, w0, T)),
}

#: l'ordre des couleurs : celui des méthodes de l'explorateur (une couleur fixe par méthode)
_COLOR_ORDER = ("gd", "sgd", "momentum", "rmsprop", "adam", "heavy_ball", "nesterov", "adagrad")

#: valeurs « rondes » de l'axe des itérations (comme l'explorateur)
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800,
           1000, 1500, 2000, 3000, 5000, 10000)

#: plafond d'affichage de la courbe d'apprentissage (comme l'explorateur)
F_CAP = 1e40

#: taille de la figure en pouces, à 100 pixels (CSS) par pouce : 1000 × 430
FIGSIZE = (10.0, 4.3)
DPI = 100


def adam_tables(T, betas=(0.9, 0.999)):
    """Les corrections de biais d'Adam pour t = 1..T, calculées comme le jumeau numpy
    (:class:`course_utils.optimizers.Adam`) : ``bc1[t−1] = 1 − β₁**t`` et
    ``bc2Sqrt[t−1] = (1 − β₂**t)**0.5``. Le miroir JavaScript les reçoit du noyau : Math.pow
    ne donne pas toujours le même dernier bit que le pow de Python."""
    beta1, beta2 = betas
    return {"bc1": [1 - beta1 ** float(t) for t in range(1, T + 1)],
            "bc2Sqrt": [(1 - beta2 ** float(t)) ** 0.5 for t in range(1, T + 1)]}


def curve_limits(T, bottom, top, floor=None):
    """Bornes arrondies de la courbe d'apprentissage (comme l'explorateur) : l'axe des
    itérations va jusqu'à la valeur « ronde » qui suit T, l'axe de F en décades ; ``floor`` :
    F(w*) quand il est connu. Elles changent rarement : seul leur changement redessine le fond."""
    xmax = next(v for v in _NICE_T if v >= T) if T <= _NICE_T[-1] else T
    if not (np.isfinite(bottom) and top > 0):
        bottom, top = 1e-2, 1e2
    if floor is not None:
        bottom = min(bottom, floor)
    lo = 10.0 ** math.floor(math.log10(bottom / 1.5))
    hi = 10.0 ** math.ceil(math.log10(top * 1.5))
    return ((0.0, float(xmax)), (lo, max(hi, lo * 100)))


def verdict(F):
    """Le texte de l'alerte sur la figure quand la méthode diverge, sinon ``""`` (comme
    l'explorateur ; le navigateur écrit le même)."""
    bad = ~np.isfinite(F)
    if bad.any():
        return f"diverge\n(F infini à l'étape {int(np.argmax(bad))})"
    if len(F) > 1 and F[-1] > F[0]:
        return "s'éloigne du minimum\n(F a augmenté)"
    return ""


def _png(rgba):
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(out, format="png", compress_level=3)
    return out.getvalue()


class WebFigure(anywidget.AnyWidget):
    """La figure de l'explorateur, dessinée dans le navigateur (voir le module).

    Paramètres
    ----------
    objective : un objectif de course_utils à deux paramètres (LeastSquares et TanhNetwork sont
        calculés aussi par le navigateur ; un autre objectif, par le noyau seulement)
    methods : les méthodes montrées, la première étant la méthode principale (son départ est
        marqué) ; noms de ``NUMPY_METHODS`` ou de ``extra_methods``
    eta, T, w0, alpha, seed, t : l'état de départ (t : l'étape marquée ; par défaut T)
    region : (w1_min, w1_max, w2_min, w2_max) montrée ; par défaut celle de l'objectif
    T_max : la plus grande valeur de T prévue (indices et tables préparés jusque-là)
    seeds : les graines préparées pour le navigateur (les autres attendent le noyau)
    extra_methods : {nom: (nom affiché, fonction(objective, w0, eta, T, alpha, seed) ->
        trajectoire)} : des méthodes que seul le noyau calcule
    resolution : la finesse de la grille des courbes de niveau
    colorbar : ajoute l'échelle des couleurs à droite des courbes de niveau

    Attributs synchronisés : ``eta``, ``T``, ``w1``, ``w2``, ``alpha``, ``seed``, ``t`` (les
    paramètres, à relier à des curseurs), ``methods``, ``objective_kind``, ``X``, ``y``,
    ``indices``, ``adam`` (ce que le miroir reçoit), ``background``, ``overlay``, ``geometry``
    (l'image du fond, les légendes posées par-dessus, la géométrie des axes), ``pixel_ratio``
    (écrit par le navigateur), ``start_step`` (la grille d'un clic sur les courbes de niveau).

    En Python : ``trajectories`` (une par méthode, calculées par numpy), ``trajectory`` (celle
    de la méthode principale), ``w0``, ``figure`` (la figure matplotlib), ``error`` (le message
    d'une valeur refusée par le cœur, sinon ``""`` : la figure garde le dernier calcul valide),
    :meth:`snapshot`.
    """

    _esm = _STATIC / "explorer_figure.js"
    _mirror_js = traitlets.Unicode((_STATIC / "mirror.js").read_text(encoding="utf-8")).tag(
        sync=True)

    # les paramètres (reliés aux curseurs)
    eta = traitlets.Float(0.4).tag(sync=True)
    T = traitlets.Int(20).tag(sync=True)
    w1 = traitlets.Float(-7.0).tag(sync=True)
    w2 = traitlets.Float(7.0).tag(sync=True)
    alpha = traitlets.Float(0.5).tag(sync=True)
    seed = traitlets.Int(0).tag(sync=True)
    t = traitlets.Int(20).tag(sync=True)
    # ce que le miroir reçoit du noyau
    methods = traitlets.List(traitlets.Unicode()).tag(sync=True)
    styles = traitlets.List(traitlets.Dict()).tag(sync=True)
    objective_kind = traitlets.Unicode("").tag(sync=True)
    X = traitlets.List().tag(sync=True)
    y = traitlets.List().tag(sync=True)
    indices = traitlets.Dict().tag(sync=True)
    adam = traitlets.Dict().tag(sync=True)
    region = traitlets.List().tag(sync=True)
    start_step = traitlets.Float(0.05).tag(sync=True)
    alert_metrics = traitlets.Dict().tag(sync=True)
    # l'image du fond et sa géométrie
    background = traitlets.Bytes(b"").tag(sync=True)
    overlay = traitlets.Bytes(b"").tag(sync=True)
    geometry = traitlets.Dict().tag(sync=True)
    pixel_ratio = traitlets.Float(1.0).tag(sync=True)

    def __init__(self, objective, methods=("gd",), eta=0.4, T=20, w0=(-7.0, 7.0), alpha=0.5,
                 seed=0, t=None, region=None, T_max=200, seeds=range(100), extra_methods=None,
                 resolution=201, colorbar=False):
        if not isinstance(objective, Objective):
            raise TypeError(
                "Le paramètre objective doit être une fonction objectif de course_utils "
                f"(LeastSquares ou TanhNetwork) ; valeur reçue : {_shown(objective)}.")
        if objective.d != 2:
            raise ValueError(
                "La figure montre des objectifs à deux paramètres (w₁, w₂) ; l'objectif reçu en "
                f"a d = {objective.d}.")
        self.objective = objective
        self._extra = {}
        for name, spec in (extra_methods or {}).items():
            if not (isinstance(spec, tuple) and len(spec) == 2 and callable(spec[1])):
                raise TypeError(
                    "Le paramètre extra_methods doit associer à chaque nom un couple (nom affiché, "
                    f"fonction) ; valeur reçue pour {name!r} : {_shown(spec)}.")
            self._extra[name] = (spec[0], True, True,
                                 lambda F, w0, eta, T, alpha, seed, f=spec[1]: f(
                                     F, w0, eta, T, alpha, seed))
        known = {**NUMPY_METHODS, **self._extra}
        if isinstance(methods, str):
            methods = [methods]
        methods = [check_choice("methods", m, tuple(known)) for m in methods]
        if not methods:
            raise ValueError("Le paramètre methods doit contenir au moins une méthode.")
        methods = list(dict.fromkeys(methods))
        self._known = known
        eta = check_positive("eta", eta)
        T = check_count("T", T)
        w0 = check_point("w0", w0, 2, batch=False)
        alpha = check_interval("alpha", alpha, 0.0, 1.0)
        seed = check_seed("seed", seed)
        self._T_max = max(check_count("T_max", T_max), T)
        self._seeds = [int(s) for s in seeds]
        self.region_tuple = plotting.region_of(objective, region)
        self._w_star = objective.minimizer() if hasattr(objective, "minimizer") else None
        self._F_star = (None if self._w_star is None
                        else float(objective.value(self._w_star)))
        self._resolution = resolution
        self._colorbar = bool(colorbar)
        self.trajectories = {}
        self._computed_for = None
        self._limits = None
        kind = type(objective).__name__ if type(objective) in MIRRORED_OBJECTIVES else ""
        styles = []
        for m in methods:
            order = _COLOR_ORDER.index(m) if m in _COLOR_ORDER else len(_COLOR_ORDER) + len(styles)
            styles.append({"name": m, "label": known[m][0],
                           "color": plotting.COLORS[order % len(plotting.COLORS)],
                           "mirror": bool(kind) and m in MIRRORED_METHODS and m not in self._extra})
        self._build_figure(methods, styles)
        super().__init__(
            eta=eta, T=T, w1=float(w0[0]), w2=float(w0[1]), alpha=alpha,
            seed=0 if seed is None else seed, t=T if t is None else min(check_count("t", t), T),
            methods=methods, styles=styles, objective_kind=kind,
            X=objective.X.tolist() if kind else [], y=objective.y.tolist() if kind else [],
            region=list(self.region_tuple))
        self._w0_exact = np.array(w0, dtype=float)
        self._prepare_data()
        self.observe(self._on_params, names=["eta", "T", "w1", "w2", "alpha", "seed"])
        self.observe(self._on_ratio, names=["pixel_ratio"])
        self.on_msg(self._on_front_msg)
        self._recompute()

    # -- données pour le miroir -----------------------------------------------------------
    @property
    def _stochastic(self):
        return [m for m in self.methods if self._known[m][2] and m not in self._extra]

    def _prepare_data(self):
        """Indices tirés pour chaque graine préparée (jusqu'à T_max) et tables d'Adam : le
        navigateur n'a pas à attendre le noyau quand la graine ou T bougent."""
        n, T = self.objective.n, max(self._T_max, self.T)
        if self.objective_kind and self._stochastic:
            seeds = set(self._seeds) | {self.seed}
            self.indices = {str(s): sample_indices(n, T, s).tolist() for s in sorted(seeds)}
        if self.objective_kind and "adam" in self.methods:
            self.adam = adam_tables(T)
        self._measure_alerts(T)

    def _ensure_data(self):
        """Une graine ou un T au-delà de ce qui est préparé : on complète."""
        T = self.T
        if self.objective_kind and self._stochastic:
            have = self.indices.get(str(self.seed))
            if have is None or len(have) < T:
                ind = dict(self.indices)
                ind[str(self.seed)] = sample_indices(self.objective.n, max(T, self._T_max),
                                                     self.seed).tolist()
                self.indices = ind
        if self.objective_kind and "adam" in self.methods and len(self.adam.get("bc1", [])) < T:
            self.adam = adam_tables(max(T, self._T_max))
        if T > self.alert_metrics.get("T", 0):
            self._measure_alerts(max(T, self._T_max))

    def _measure_alerts(self, T):
        """Les mesures, par matplotlib, des lignes que peut écrire l'alerte de divergence (à
        100 ppp) : le navigateur place son texte et sa boîte exactement comme matplotlib."""
        renderer = self.figure.canvas.get_renderer()
        prop = self._alert.get_fontproperties()

        def measure(text):
            return [float(v) for v in renderer.get_text_width_height_descent(text, prop, False)]

        lines = {"(F a augmenté)"} | {f"(F infini à l'étape {k})" for k in range(T + 1)}
        for m in self.methods:
            label = self._known[m][0]
            lines |= {f"{label} : diverge", f"{label} : s'éloigne du minimum"}
        # la mise en page verticale de n lignes (elle dépend de la version de matplotlib, qui
        # la fait ; toutes nos lignes ont les mêmes hauteurs planchers) : hauteur du bloc et
        # lignes de base depuis son haut
        sample = [f"{self._known[self.methods[0]][0]} : diverge", "(F infini à l'étape 12)"]
        layouts = {}
        saved = self._alert.get_text()
        self._alert.set_wrap(False)  # (nos lignes ne se replient pas)
        try:
            for n in range(1, 2 * len(self.methods) + 1):
                self._alert.set_text("\n".join(sample[k % 2] for k in range(n)))
                bbox, info, *_ = self._alert._get_layout(renderer)
                ys = [item[2][1] if isinstance(item[2], tuple) else item[3] for item in info]
                layouts[str(n)] = {"height": float(bbox.height),
                                   "baselines": [float(bbox.y1 - y) for y in ys]}
        finally:
            self._alert.set_text(saved)
            self._alert.set_wrap(True)
        self.alert_metrics = {"T": T, "lp": measure("lp"), "layouts": layouts,
                              "lines": {line: measure(line) for line in sorted(lines)}}

    # -- paramètres --------------------------------------------------------------------------
    @property
    def w0(self):
        """Le départ (w₁, w₂) : exactement celui donné à la construction tant que les curseurs
        n'ont pas bougé."""
        if self._w0_exact is not None:
            return self._w0_exact.copy()
        return np.array([self.w1, self.w2])

    @property
    def trajectory(self):
        """La trajectoire numpy de la méthode principale (la première de ``methods``)."""
        return self.trajectories.get(self.methods[0])

    def _on_params(self, change):
        if change["name"] in ("w1", "w2"):
            self._w0_exact = None
        if change["name"] == "T" and "T" not in getattr(self, "_property_lock", {}):
            # T changé depuis Python : t le suit (depuis le navigateur, c'est le navigateur
            # qui déplace t, après la borne de son curseur)
            self.t = self.T
        if self._params_key() != self._computed_for:
            # (w₁ et w₂ changés par un même message : deux notifications, un seul calcul)
            self._recompute()

    def _params_key(self):
        return [self.eta, self.T, self.w1, self.w2, self.alpha, self.seed]

    def _recompute(self):
        """Les trajectoires numpy (la référence), le fond si un axe change, puis les points
        envoyés au navigateur."""
        self._ensure_data()
        w0 = self.w0
        try:
            trajs = {m: self._known[m][3](self.objective, w0, self.eta, self.T, self.alpha,
                                          self.seed) for m in self.methods}
        except (ValueError, TypeError) as err:
            self.error = str(err)
            return
        self.error = ""
        self.trajectories = trajs
        self._computed_for = self._params_key()
        limits = self._limits_of(trajs)
        if limits != self._limits:
            self._limits = limits
            self._render_background()
        self._send_points()

    def _values(self, Z):
        with np.errstate(over="ignore", invalid="ignore"):
            return self.objective.value(Z)

    def _limits_of(self, trajs):
        top, bottom = 0.0, np.inf
        for Z in trajs.values():
            F = self._values(Z)
            F = np.where(F > 0, F, np.nan)
            ok = F[np.isfinite(F) & (F <= F_CAP)]
            if ok.size:
                top, bottom = max(top, ok.max()), min(bottom, ok.min())
        return curve_limits(self.T, bottom, top, self._F_star)

    def _send_points(self):
        """Les trajectoires numpy et leurs F, en binaire, avec les paramètres dont elles
        viennent : le navigateur les dessine si ce sont encore ceux de ses curseurs."""
        buffers, meta = [], []
        for m in self.methods:
            Z = np.ascontiguousarray(self.trajectories[m], dtype="<f8")
            buffers += [Z.tobytes(), np.ascontiguousarray(self._values(Z), dtype="<f8").tobytes()]
            meta.append(m)
        self.send({"type": "points", "key": self._params_key(), "methods": meta}, buffers)

    def _on_front_msg(self, widget, content, buffers):
        if isinstance(content, dict) and content.get("type") == "hello":
            self._send_points()  # une vue (re)naît : elle reçoit l'état du noyau

    def _on_ratio(self, change):
        ratio = float(change["new"])
        if ratio > 0 and ratio != self.geometry.get("ratio"):
            self._render_background()

    # -- la figure matplotlib -------------------------------------------------------------
    def _build_figure(self, methods, styles):
        """La figure de l'explorateur (mêmes axes, titres, couleurs et styles)."""
        fig = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
        FigureCanvasAgg(fig)
        ax, axc = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.3]})
        # (avec l'échelle des couleurs, plus d'écart : son titre ne touche pas la courbe)
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9,
                            wspace=0.32 if self._colorbar else 0.12)
        self.figure, self._ax, self._ax_curve = fig, ax, axc
        plotting.plot_contour(ax, self.objective, self.region_tuple,
                              resolution=self._resolution, colorbar=self._colorbar)
        ax.set_title(f"Trajectoires — {self.objective.name}", fontsize=10)
        self._artists = {}
        for m, st in zip(methods, styles, strict=True):
            col = st["color"]
            (line,) = ax.plot([], [], "-o", color=col, ms=3, lw=1.4, zorder=5)
            (end,) = ax.plot([], [], "s", color=col, ms=7, mec="black", mew=0.8, zorder=6)
            (curve,) = axc.plot([], [], "-", color=col, lw=1.6, label=st["label"])
            (dot,) = axc.plot([], [], "o", color=col, ms=5)
            self._artists[m] = (line, end, curve, dot)
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7, label="départ $\\mathbf{z}_0$")
        self._alert = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color="#b00020", zorder=8, wrap=True,
                              bbox=dict(boxstyle="round", fc="white", ec="#b00020", alpha=0.9))
        legend = ax.legend(loc="lower left", fontsize=8, framealpha=0.85)
        axc.set_yscale("log")
        axc.xaxis.set_major_locator(iteration_locator())
        axc.set_xlabel("itération $t$")
        axc.set_ylabel("$F(\\mathbf{z}_t)$")
        axc.set_title("Courbe d'apprentissage", fontsize=10)
        axc.grid(True, which="major", alpha=0.3)
        self._overlay_artists = [legend]
        if self._F_star is not None:
            self._overlay_artists.append(
                axc.axhline(self._F_star, color="gray", ls="--", lw=1, label="$F(\\mathbf{w}^*)$"))
        self._overlay_artists.append(axc.legend(loc="upper right", fontsize=8))
        for a in fig.axes:
            french_axes(a)
        self._moving = [a for m in methods for a in self._artists[m]] + [self._start, self._alert]

    def _set_limits(self):
        (x0, x1), (y0, y1) = self._limits
        self._ax_curve.set_xlim(x0, x1)
        self._ax_curve.set_ylim(y0, y1)

    def _draw_rgba(self, ratio, visible):
        """Dessine la figure au rapport de pixels `ratio` avec seulement les artistes de
        `visible` (None : tous) ; renvoie les pixels RGBA."""
        fig = self.figure
        fig.set_dpi(DPI * ratio)
        saved = None
        if visible is not None:
            everything = [a for a in fig.findobj() if a is not fig]
            saved = [(a, a.get_visible()) for a in everything]
            keep = set()
            for a in visible:
                keep.update(a.findobj())
            for a, v in saved:  # les axes restent (leur contenu non), les autres se cachent
                a.set_visible(v and (a in keep or a in fig.axes))
            fig.patch.set_visible(False)
        try:
            fig.canvas.draw()
            return np.asarray(fig.canvas.buffer_rgba()).copy()
        finally:
            if saved is not None:
                for a, v in saved:
                    a.set_visible(v)
                fig.patch.set_visible(True)
            fig.set_dpi(DPI)

    def _render_background(self):
        """Le fond (tout sauf ce qui bouge et les légendes) et, à part, les légendes et la
        droite F(w*), que matplotlib pose au-dessus des trajectoires : deux PNG au rapport de
        pixels de l'écran, et la géométrie des axes en pixels CSS (origine en haut à gauche)."""
        ratio = float(self.pixel_ratio) if self.pixel_ratio > 0 else 1.0
        self._set_limits()
        hidden = self._moving + self._overlay_artists
        for a in hidden:
            a.set_visible(False)
        try:
            back = self._draw_rgba(ratio, None)
        finally:
            for a in hidden:
                a.set_visible(True)
        for a in self._moving:
            a.set_visible(False)
        try:
            over = self._draw_rgba(ratio, self._overlay_artists)
        finally:
            for a in self._moving:
                a.set_visible(True)
        width, height = self.figure.bbox.size  # à 100 ppp : pixels CSS

        def box(ax, xlog=False, ylog=False):
            x0, y0, x1, y1 = map(float, ax.bbox.extents)  # origine en bas à gauche
            return {"x0": x0, "y0": float(height) - y1, "w": x1 - x0, "h": y1 - y0,
                    "xlim": [float(v) for v in ax.get_xlim()],
                    "ylim": [float(v) for v in ax.get_ylim()], "xlog": xlog, "ylog": ylog}

        with self.hold_sync():
            self.background = _png(back)
            self.overlay = _png(over)
            self.geometry = {"width": float(width), "height": float(height), "ratio": ratio,
                           "dpi": DPI,
                           "plane": box(self._ax), "curve": box(self._ax_curve, ylog=True)}

    # -- l'image sans JavaScript ----------------------------------------------------------
    def _set_moving(self):
        """Les artistes qui bougent, posés comme le navigateur les dessine (trajectoires de
        numpy) : pour l'instantané PNG."""
        T = self.T
        t = min(self.t, T)
        w1min, w1max, w2min, w2max = self.region_tuple
        span = max(w1max - w1min, w2max - w2min)
        lo = np.array([w1min, w2min]) - 1e3 * span
        hi = np.array([w1max, w2max]) + 1e3 * span
        alerts = []
        for m in self.methods:
            Z = self.trajectories[m]
            line, end, curve, dot = self._artists[m]
            shown = np.clip(Z[: t + 1], lo, hi)
            line.set_data(shown[:, 0], shown[:, 1])
            finite = np.flatnonzero(np.isfinite(shown).all(axis=1))
            k = finite[-1] if finite.size else 0
            end.set_data(shown[k: k + 1, 0], shown[k: k + 1, 1])
            F_true = self._values(Z)
            F = np.where(F_true > F_CAP, F_CAP * 1e6, F_true)
            F = np.where(F > 0, F, np.nan)
            curve.set_data(np.arange(T + 1), F)
            dot.set_data([t], [F[t]])
            word = verdict(F_true)
            if word:
                alerts.append(f"{self._known[m][0]} : {word}")
        z0 = self.trajectories[self.methods[0]][0]
        self._start.set_data([z0[0]], [z0[1]])
        self._alert.set_text("\n".join(alerts))
        self._alert.set_visible(bool(alerts))

    def snapshot(self, ratio=1.0):
        """L'image PNG de l'état courant, dessinée entièrement par matplotlib (ce que montre
        un export sans JavaScript ; la référence du test d'image)."""
        self._set_limits()
        with np.errstate(over="ignore", invalid="ignore"):
            self._set_moving()
        alert_visible = self._alert.get_visible()
        try:
            return _png(self._draw_rgba(ratio, None))
        finally:
            self._alert.set_visible(alert_visible)

    def _repr_mimebundle_(self, **kwargs):
        """La vue du widget, plus l'image PNG de l'état courant pour là où il n'y a pas de
        JavaScript (export HTML, diapositives, visionneuse de GitHub)."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, None)
        data = dict(data)
        data["image/png"] = base64.b64encode(self.snapshot()).decode("ascii")
        return data if meta is None else (data, meta)

    def __repr__(self):
        return (f"WebFigure({self.objective.name}, méthodes={self.methods}, η={self.eta:.4g}, "
                f"T={self.T})")


# -- les curseurs ------------------------------------------------------------------------------
_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="330px")


def make_controls(figure, T_max=200):
    """Des curseurs comme ceux de l'explorateur (pas η logarithmique, T, départ, α, graine,
    étape t et bouton « Play »), reliés à `figure` dans le navigateur (:func:`link_controls`).
    Renvoie (dict des curseurs, boîte à afficher au-dessus de la figure)."""
    ref = getattr(figure.objective, "stability_threshold", None) or 1.0
    e0, step = math.log10(figure.eta), 0.01
    lo = e0 - math.ceil((e0 - math.log10(min(figure.eta, ref) / 100)) / step) * step
    hi = e0 + math.ceil((math.log10(max(figure.eta, ref) * 100) - e0) / step) * step
    w1min, w1max, w2min, w2max = figure.region_tuple
    T_max = max(T_max, figure.T)
    c = {
        "eta": widgets.FloatLogSlider(value=figure.eta, base=10, min=lo, max=hi, step=0.01,
                                      description="pas η", readout_format=".4g",
                                      style=_STYLE, layout=_WIDE),
        "T": widgets.IntSlider(value=figure.T, min=0, max=T_max, description="itérations T",
                               style=_STYLE, layout=_WIDE),
        "w1": widgets.FloatSlider(value=figure.w1, min=w1min, max=w1max, step=figure.start_step,
                                  description="départ w₁", readout_format=".2f", style=_STYLE,
                                  layout=_WIDE),
        "w2": widgets.FloatSlider(value=figure.w2, min=w2min, max=w2max, step=figure.start_step,
                                  description="départ w₂", readout_format=".2f", style=_STYLE,
                                  layout=_WIDE),
        "alpha": widgets.FloatSlider(value=figure.alpha, min=0.0, max=0.99, step=0.01,
                                     description="momentum α", style=_STYLE, layout=_WIDE),
        "seed": widgets.IntSlider(value=figure.seed, min=0, max=99, description="graine",
                                  style=_STYLE, layout=_WIDE),
        "t": widgets.IntSlider(value=figure.t, min=0, max=figure.T, description="étape t",
                               style=_STYLE, layout=_WIDE),
        "play": widgets.Play(value=figure.t, min=0, max=figure.T, step=1, interval=120,
                             tooltip="Animer la trajectoire : t va de 0 à T"),
    }
    figure._links = link_controls(figure, c)
    uses_alpha = any(figure._known[m][1] for m in figure.methods)
    uses_seed = any(figure._known[m][2] for m in figure.methods)
    rows = [widgets.HBox([c["eta"], c["T"]]), widgets.HBox([c["w1"], c["w2"]])]
    extra = ([c["alpha"]] if uses_alpha else []) + ([c["seed"]] if uses_seed else [])
    if extra:
        rows.append(widgets.HBox(extra))
    rows.append(widgets.HBox([c["play"], c["t"]]))
    return c, widgets.VBox(rows)


def link_controls(figure, controls):
    """Relie des curseurs à la figure **dans le navigateur** (``jslink``) : un mouvement
    redessine la figure sans attendre le noyau. `controls` : dict dont les clés sont parmi
    eta, T, w1, w2, alpha, seed, t (curseurs dont ``value`` suit l'attribut de même nom) et
    play (bouton « Play », relié à t). La borne du curseur t (et du bouton) suit T. Renvoie
    les liens (à garder : un lien oublié est défait)."""
    links = []
    for key in ("eta", "T", "w1", "w2", "alpha", "seed", "t"):
        if key in controls:
            links.append(widgets.jslink((controls[key], "value"), (figure, key)))
    for key in ("t", "play"):
        if key in controls and "T" in controls:
            links.append(widgets.jsdlink((controls["T"], "value"), (controls[key], "max")))
    if "play" in controls and "t" in controls:
        links.append(widgets.jslink((controls["play"], "value"), (controls["t"], "value")))
    return links
