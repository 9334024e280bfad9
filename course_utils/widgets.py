"""Les figures interactives des carnets : l'explorateur de trajectoires, et, importées de leurs
modules, la sonde de gradient (:mod:`course_utils.probe`), les figures des chapitres 2 et 4 et
l'explorateur des mini-lots.

:class:`Explorer` (des curseurs η, T, α, départ, graine, et une figure qui suit) sert dans tous
les carnets.

Chacun ne fait que la mise en page et les événements : les trajectoires viennent du registre
des méthodes (:data:`course_utils.optimizers.METHODS`), le verdict sur une descente de
:class:`course_utils.optimizers.Verdict`, les phrases de :mod:`course_utils.status`. La figure
de l'explorateur est dessinée dans le navigateur (:class:`course_utils.web_figure.WebFigure`).
Pour un objectif ou une méthode que le miroir JavaScript ne connaît pas, le navigateur attend
les points du noyau : l'explorateur envoie alors aussi, d'avance, ceux d'un cran plus bas et
plus haut de chaque curseur (:attr:`Explorer.prefetch_budget`).
"""

import base64
import math
import time
from types import MappingProxyType

import ipywidgets as widgets
import numpy as np

from ._checks import (
    check_choice,
    check_choices,
    check_count,
    check_interval,
    check_objective,
    check_point,
    check_positive,
    check_seed,
)
from .explorer_plot import MethodArtists, locked
from .grids import region_of
from .live_figure import (
    StatusLine,
    Suspendable,
    on_grid,
    png_with_status,
    slider,
    start_sliders,
)
from .optimizers import METHODS, Verdict
from .status import RunNumbers, explorer_status, figure_alert, refused
from .web_figure import WebFigure, neighbor_values

__all__ = ["Explorer", "GradientProbe", "MiniBatchExplorer", "MethodArtists"]

#: les paramètres que les curseurs règlent et que la figure du navigateur suit (jslink)
_PARAMS = ("eta", "T", "w1", "w2", "alpha", "seed", "t")


def _from_browser(change):
    """Le changement vient-il du navigateur ? (ipywidgets verrouille la valeur reçue pendant
    qu'il la pose : le noyau ne la renvoie pas)"""
    return change["name"] in getattr(change["owner"], "_property_lock", {})


class Explorer(StatusLine, Suspendable):
    """Explorateur interactif d'une méthode de descente sur un objectif à deux paramètres.

    Cliquer sur les courbes de niveau déplace le départ. La figure est dessinée dans le
    navigateur (:class:`~course_utils.web_figure.WebFigure`), reliée aux curseurs par
    ``jslink`` : un mouvement ne passe pas par le noyau, qui reçoit quand même chaque valeur,
    calcule les trajectoires avec numpy et écrit la ligne d'état.

    Paramètres
    ----------
    objective : un objectif à deux paramètres (w₁, w₂), par exemple LeastSquares.
    method : str, un nom du registre :data:`~course_utils.optimizers.METHODS` : « gd »,
        « sgd », « momentum », « rmsprop » ou « adam » (ces deux derniers : les jumeaux numpy
        de ``torch.optim``, η servant de ``lr``, gradient complet)…
    eta, T, w0, alpha, seed : pas, nombre d'itérations, départ, momentum, graine.
    region : (w1_min, w1_max, w2_min, w2_max) montrée ; par défaut celle de l'objectif.
    compare : None, ou une liste de noms du registre superposés (même départ, mêmes η, T et
        graine).
    resolution : int, points par côté de la grille des courbes de niveau.
    T_max : None (max(200, T)) ou int, la borne du curseur T.

    Attributs
    ---------
    controls : dict des curseurs (« eta », « T », « w1 », « w2 », « alpha », « seed », « t »).
    play : le bouton ▶ qui anime le curseur t.
    trajectory : la trajectoire de ``method`` ; ``trajectories`` : une par méthode.
    figure : la Figure matplotlib (fond envoyé au navigateur, instantané PNG) ; ``plane_axes``,
        ``curve_axes`` : ses deux Axes ; ``web_figure`` : le widget de la figure.
    artists : méthode → :class:`MethodArtists` (ce qui est dessiné pour elle).
    alert : le texte d'alerte écrit sur la figure (``""`` si aucun).
    status : la phrase sous la figure ; ``widget`` : la boîte à afficher.
    """

    def __init__(self, objective, method="gd", eta=0.4, T=20, w0=(-7.0, 7.0), alpha=0.5,
                 seed=0, region=None, compare=None, resolution=201, T_max=None):
        self.objective = check_objective(objective, two_params=True)
        names = tuple(METHODS)
        self.method = check_choice("method", method, names)
        methods = [] if compare is None else check_choices(
            "compare", compare, names, "['gd', 'sgd', 'momentum']")
        self.methods = methods if self.method in methods else [self.method] + methods
        eta = check_positive("eta", eta)
        T = check_count("T", T)
        w0 = check_point("w0", w0, 2, batch=False)
        alpha = check_interval("alpha", alpha, 0.0, 1.0)
        seed = check_seed("seed", seed)
        self.region = region_of(objective, region)
        T_max = max(200, T) if T_max is None else check_count("T_max", T_max)
        self._w_star = objective.minimizer() if hasattr(objective, "minimizer") else None
        self._threshold = getattr(objective, "stability_threshold", None)
        self._optimal = getattr(objective, "optimal_step", None)

        self.trajectories = {}
        self._init_status()
        self._build_controls(eta, T, w0, alpha, seed, T_max)
        c = self.controls
        self._figure = WebFigure(
            objective, [METHODS[m] for m in self.methods], self.region,
            {k: c[k].value for k in _PARAMS}, T_max=T_max, start_step=c["w1"].step,
            resolution=resolution)
        # un calcul à la fois, même si des messages de curseurs arrivent par plusieurs fils
        self.lock = self._figure.lock
        self._links = self._link()
        self.widget = self._box([self._controls_box, self._figure, self.status_widget],
                                "course-explorer")
        self._recompute()

    # -- ce que les tests et les carnets lisent ---------------------------------------------
    @property
    def web_figure(self):
        """Le widget de la figure (:class:`~course_utils.web_figure.WebFigure`)."""
        return self._figure

    @property
    def figure(self):
        """La Figure matplotlib (le fond que reçoit le navigateur, l'instantané PNG)."""
        return self._figure.plot.figure

    @property
    def plane_axes(self):
        """L'Axes des courbes de niveau (celui où un clic déplace le départ)."""
        return self._figure.plot.plane_axes

    @property
    def curve_axes(self):
        """L'Axes des courbes d'apprentissage."""
        return self._figure.plot.curve_axes

    @property
    def play(self):
        """Le bouton ▶ (``ipywidgets.Play``) qui fait avancer le curseur t."""
        return self._play

    @property
    def artists(self):
        """Méthode → :class:`MethodArtists` (lecture seule)."""
        return MappingProxyType(self._figure.plot.artists)

    @property
    def alert(self):
        """Le texte d'alerte écrit sur la figure (divergence, F qui augmente), ou ``""``."""
        return self._figure.plot.alert

    @property
    def trajectory(self):
        """La trajectoire courante de ``method`` : (T + 1, 2), celle que renvoie le cœur."""
        return self.trajectories.get(self.method)

    # -- construction ----------------------------------------------------------------------
    def _build_controls(self, eta, T, w0, alpha, seed, T_max):
        # Bornes en exposant, alignées sur la grille du curseur (pas de 0,01 en log10) de sorte
        # que η initial soit sur la grille : le navigateur ne l'arrondit pas (0,4 resterait
        # sinon 0,3981).
        ref = self._threshold if self._threshold else 1.0
        e0, step = math.log10(eta), 0.01
        lo = e0 - math.ceil((e0 - math.log10(min(eta, ref) / 100)) / step) * step
        hi = e0 + math.ceil((math.log10(max(eta, ref) * 100) - e0) / step) * step
        uses_alpha = any(METHODS[m].uses_alpha for m in self.methods)
        uses_seed = any(METHODS[m].uses_seed for m in self.methods)
        c = {
            "eta": slider(widgets.FloatLogSlider, value=eta, base=10, min=lo, max=hi, step=0.01,
                          description="pas η", readout_format=".4g"),
            "T": slider(widgets.IntSlider, value=T, min=0, max=T_max, description="itérations T"),
            **start_sliders(self.region, w0),
            "alpha": slider(widgets.FloatSlider, value=alpha, min=0.0, max=0.99, step=0.01,
                            description="momentum α"),
            "seed": slider(widgets.IntSlider, value=seed if seed is not None else 0, min=0,
                           max=99, description="graine"),
            "t": slider(widgets.IntSlider, value=T, min=0, max=T, description="étape t"),
        }
        self._w0 = w0  # le départ exact (les curseurs l'arrondiraient à leur pas)
        self._play = widgets.Play(value=T, min=0, max=T, step=1, interval=120,
                                  # le bouton ▶ n'affiche pas de libellé ; le titre s'affiche
                                  # au survol
                                  tooltip="Animer la trajectoire : t va de 0 à T")
        self.controls = c
        for key in ("eta", "T", "w1", "w2", "alpha", "seed"):
            c[key].observe(self._on_control, names="value")
        c["t"].observe(self._on_step, names="value")
        rows = [widgets.HBox([c["eta"], c["T"]]), widgets.HBox([c["w1"], c["w2"]])]
        extra = ([c["alpha"]] if uses_alpha else []) + ([c["seed"]] if uses_seed else [])
        self._controls_shown = ["eta", "T", "w1", "w2"] + ["alpha"] * uses_alpha + [
            "seed"] * uses_seed
        if extra:
            rows.append(widgets.HBox(extra))
        rows.append(widgets.HBox([self._play, c["t"]]))
        self._controls_box = widgets.VBox(rows)

    def _link(self):
        """Les liens du navigateur (``jslink``, ``jsdlink``) : curseurs ↔ figure, T → bornes du
        curseur t et du bouton ▶, bouton ▶ ↔ t. Rien ne passe par le noyau."""
        c, fig = self.controls, self._figure
        links = [widgets.jslink((c[k], "value"), (fig, k)) for k in _PARAMS]
        links += [widgets.jsdlink((c["T"], "value"), (w, "max")) for w in (c["t"], self._play)]
        links.append(widgets.jslink((self._play, "value"), (c["t"], "value")))
        return links

    # -- événements --------------------------------------------------------------------------
    @locked
    def _on_control(self, change):
        if self._suspended:
            return
        browser = _from_browser(change)
        c = self.controls
        key = next(k for k in _PARAMS if c[k] is change["owner"])
        if not browser:  # changé depuis Python : la figure du noyau suit (le navigateur, par
            setattr(self._figure, key, change["new"])  # son lien, suit de son côté)
        if key in ("w1", "w2"):
            if self._w0 is not None and all(
                    c[k].value == x or on_grid(c[k], c[k].value) == on_grid(c[k], x)
                    for k, x in zip(("w1", "w2"), self._w0, strict=True)):
                # le navigateur renvoie le départ arrondi au pas de ses curseurs, calculé en
                # flottants (-8 + 113 × 0,05 = -2,3499999999999996) : c'est le même point, le
                # départ exact reste (et rien n'est recalculé)
                return
            self._w0 = None  # le départ suit désormais les curseurs
        self._recompute(browser, moved=key, up=change["new"] > change["old"])

    @locked
    def _on_step(self, change):
        if self._suspended:
            return
        if not _from_browser(change):
            self._figure.t = change["new"]
        self._figure.set_step(min(change["new"], self.controls["T"].value))

    # -- calcul ------------------------------------------------------------------------------
    def _params(self):
        c = self.controls
        w0 = self._w0 if self._w0 is not None else (c["w1"].value, c["w2"].value)
        return dict(w0=w0, eta=c["eta"].value, T=c["T"].value, alpha=c["alpha"].value,
                    seed=c["seed"].value)

    def _runs(self, p):
        """Les trajectoires des méthodes pour les paramètres `p`, et leurs valeurs F(z_t)."""
        trajs = {m: METHODS[m].trajectory(self.objective, p["w0"], p["eta"], p["T"],
                                          p["alpha"], p["seed"]) for m in self.methods}
        with np.errstate(over="ignore", invalid="ignore"):
            return trajs, {m: self.objective.value(Z) for m, Z in trajs.items()}

    @staticmethod
    def _key(p):
        """Les paramètres `p` comme le navigateur les lit (la clé des points du noyau)."""
        return [p["eta"], p["T"], float(p["w0"][0]), float(p["w0"][1]), p["alpha"], p["seed"]]

    def _recompute(self, browser=False, moved="eta", up=True):
        p = self._params()
        started = time.perf_counter()
        try:
            trajs, values = self._runs(p)
        except (ValueError, TypeError) as err:
            # une valeur impossible tapée dans un curseur : un message, pas une trace d'erreur
            self._show_status(refused(err))
            return
        spent = time.perf_counter() - started  # (le prix d'une position : le calcul d'avance)
        self.trajectories = trajs
        T = p["T"]
        if not browser:
            self._follow_T(T)  # (depuis le navigateur, ses liens font suivre t et ▶)
        with np.errstate(over="ignore", invalid="ignore"):
            alerts, runs = [], []
            for m in self.methods:
                method = METHODS[m]
                alerts.append(figure_alert(method.label, Verdict.of(values[m])))
                distance = None if self._w_star is None else float(
                    np.linalg.norm(trajs[m][-1] - self._w_star))
                runs.append(RunNumbers(method.label, method.uses_alpha, values[m], distance))
        t = min(self.controls["t"].value, T)
        self._figure.show(trajs, values, self._key(p), t, "\n".join(a for a in alerts if a))
        self._show_status(explorer_status(p["eta"], T, runs, self._threshold, self._optimal))
        if self._figure.needs_kernel:
            self._prefetch(p, moved, up, spent)

    #: repli noyau : le temps de calcul (s) accordé aux trajectoires calculées d'avance
    prefetch_budget = 0.02

    def _prefetch(self, p, moved, up, spent):
        """Repli noyau (le miroir ne calcule pas tout) : les trajectoires d'un cran plus bas et
        plus haut de chaque curseur, autant qu'en tient ``prefetch_budget`` (une position a
        coûté ``spent`` secondes) ; un appui sur une flèche les trouve déjà dans le navigateur.
        D'abord le curseur qui vient de bouger, un cran plus loin dans le même sens (``up`` :
        il est monté) : un appui qui continue le mouvement est le plus probable ; le cran d'où
        il vient, le navigateur l'a déjà (les points d'avant)."""
        c, used = self.controls, self._controls_shown
        order = [moved] * (moved in used) + [k for k in used if k != moved]
        todo = [(k, v) for k in order
                for v in neighbor_values(c[k])[::-1 if (k == moved and up) else 1]]
        ahead = []
        for k, v in todo[:max(0, int(self.prefetch_budget / max(spent, 1e-6)))]:
            q = dict(p, **{k: v})
            if k in ("w1", "w2"):  # le départ suit alors les curseurs
                q["w0"] = (v, c["w2"].value) if k == "w1" else (c["w1"].value, v)
            try:
                ahead.append((self._key(q), *self._runs(q)))
            except (ValueError, TypeError):
                continue
        self._figure.show_ahead(ahead)

    def _follow_T(self, T):
        """T changé depuis Python : la borne et la valeur du curseur t (et du bouton ▶)
        suivent, dans cet ordre (une borne provisoire raboterait sinon la valeur)."""
        t = self.controls["t"]
        with self._hold():  # messages séparés, dans cet ordre : la borne avant la valeur
            if t.max != T:
                if T > t.max:
                    t.max = T
                    self._play.max = T
                    t.value = T
                    self._play.value = T
                else:
                    t.value = T
                    self._play.value = T
                    t.max = T
                    self._play.max = T
            elif t.value != T:
                t.value = T
        self._figure.t = T

    # -- affichage ---------------------------------------------------------------------------
    @locked
    def _repr_mimebundle_(self, **kwargs):
        """La vue du widget, plus une image PNG (la figure de matplotlib et la ligne d'état)
        pour là où rien ne tourne (visionneuse de GitHub, export sans JavaScript)."""
        self._figure.ensure_background()  # (montrée : le fond part avec l'état du widget)
        data = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        img = self._figure.plot.render(1.0)
        data["image/png"] = base64.b64encode(png_with_status(img, self._status)).decode("ascii")
        data["text/plain"] = repr(self)
        return data

    def __repr__(self):
        p = self._params()
        return (f"Explorer({self.objective.name}, méthodes={self.methods}, "
                f"η={p['eta']:.4g}, T={p['T']})")


# la sonde de gradient (chapitre 1) et l'explorateur des mini-lots (chapitre 7), dans leurs
# propres modules
from .minibatch_widget import MiniBatchExplorer  # noqa: E402
from .probe import GradientProbe  # noqa: E402
# Les figures vivantes des chapitres 2 et 4, rangées dans leurs propres modules et importables
# d'ici : la descente en une dimension, une famille d'objectifs indexée par un curseur, la
# carte de convergence de la boule pesante.
from .convergence_map import ConvergenceMap  # noqa: E402
from .explorer1d import Explorer1D  # noqa: E402
from .family import FamilyExplorer  # noqa: E402

__all__ += ["Explorer1D", "FamilyExplorer", "ConvergenceMap"]
