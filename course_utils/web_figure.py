"""La figure de l'explorateur dessinée dans le navigateur : un widget anywidget.

:class:`WebFigure` est la figure de :class:`course_utils.widgets.Explorer`. Le navigateur
dessine lui-même ce qui bouge :

- le **fond** (courbes de niveau, axes, graduations à la française, titres, légendes, w*)
  est dessiné par matplotlib, dans le noyau (:class:`~course_utils.explorer_plot.ExplorerPlot`),
  et envoyé en PNG au rapport de pixels de l'écran, avec la transformation données → pixels
  de chaque axe. Il n'est redessiné que si un axe doit changer (T ou les bornes arrondies de
  la courbe d'apprentissage) ou si le rapport de pixels change ;
- **ce qui bouge** (trajectoires, départ, points d'arrivée, courbes d'apprentissage, point de
  l'étape t, alerte de divergence) est dessiné par le navigateur sur un canevas posé sur le
  fond (``static/explorer_figure.js``) ; les trajectoires y sont calculées par le miroir
  JavaScript du cœur numérique (``static/mirror.js``), à chaque image, pour les objectifs de
  :func:`mirror_spec` et les méthodes dont l'entrée du registre nomme un miroir
  (``Method.mirror``).

Les paramètres (η, T, départ w₁ et w₂, α, graine, étape t) sont des attributs synchronisés,
reliés aux curseurs de l'explorateur par ``jslink`` : un mouvement redessine la figure sans
attendre le noyau. Le noyau calcule quand même chaque trajectoire avec numpy, la référence, et
l'envoie (:meth:`WebFigure.show`, attribut ``points``) avec les paramètres dont elle vient : le
navigateur la dessine quand ce sont ceux de ses curseurs (au bit près celle du miroir pour les
moindres carrés et la quadratique). Pour un objectif ou une méthode que le miroir ne connaît
pas, il dessine les derniers points reçus du noyau.

Les points du noyau font partie de l'état du widget : une page exportée avec l'état des widgets
(diapositives) montre la figure, et ses curseurs la font bouger sans noyau. Sans JavaScript,
l'image PNG de :meth:`WebFigure.snapshot`.
"""

import io
import pathlib

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from PIL import Image

from .explorer_plot import ExplorerPlot, locked
from .live_figure import on_grid, on_log_grid
from .networks import OneNeuronNetwork, TanhNetwork
from .objectives import LeastSquares
from .quadratic import Quadratic
from .optimizers import sample_indices
from .status import ALERT_WORDS

__all__ = ["WebFigure", "mirror_spec", "adam_tables", "png", "neighbor_values", "export_ratio"]

_STATIC = pathlib.Path(__file__).parent / "static"


def mirror_spec(objective):
    """La description d'un objectif pour le miroir JavaScript, ou None s'il ne le connaît pas.

    Le miroir calcule les moindres carrés, le réseau tanh, le réseau à un neurone et les
    quadratiques (la classe exacte : une sous-classe peut changer le modèle) ; un autre
    objectif est calculé par le noyau seulement.

    Paramètres
    ----------
    objective : un objectif de course_utils ; seules les classes ``LeastSquares``,
        ``TanhNetwork``, ``OneNeuronNetwork`` et ``Quadratic`` (exactement) sont décrites.

    Renvoie
    -------
    dict (``kind`` et les données : ``X``, ``y`` ; ``x``, ``y`` ; ``H``, ``w_star``) ou None.
    """
    kind = type(objective)
    if kind in (LeastSquares, TanhNetwork):
        return {"kind": kind.__name__, "X": objective.X.tolist(), "y": objective.y.tolist()}
    if kind is OneNeuronNetwork:
        return {"kind": kind.__name__, "x": objective.x.tolist(), "y": objective.y.tolist()}
    if kind is Quadratic:
        return {"kind": kind.__name__, "H": objective.H.tolist(),
                "w_star": objective.w_star.tolist()}
    return None


def adam_tables(T, betas=(0.9, 0.999)):
    """Les corrections de biais d'Adam pour t = 1..T, calculées comme le jumeau numpy
    (:class:`course_utils.optimizers.Adam`) : ``bc1[t−1] = 1 − β₁**t`` et
    ``bc2Sqrt[t−1] = (1 − β₂**t)**0.5``. Le miroir JavaScript les reçoit du noyau : Math.pow
    ne donne pas toujours le même dernier bit que le pow de Python.

    Paramètres
    ----------
    T : int ≥ 0, le nombre d'étapes (chaque table a T entrées).
    betas : couple de floats (β₁, β₂), comme le ``betas`` d'Adam (``(0.9, 0.999)`` par
        défaut, comme torch).

    Renvoie
    -------
    dict : ``{"bc1": [...], "bc2Sqrt": [...]}``, deux listes de T floats (l'entrée t − 1
    sert à l'étape t).
    """
    beta1, beta2 = betas
    return {"bc1": [1 - beta1 ** float(t) for t in range(1, T + 1)],
            "bc2Sqrt": [(1 - beta2 ** float(t)) ** 0.5 for t in range(1, T + 1)]}


def export_ratio():
    """Le rapport de pixels du fond avant que le navigateur n'écrive le sien : 2 quand les
    figures en ligne du noyau sont en double définition (« retina » dans
    ``InlineBackend.figure_formats``, comme pour les diapositives, nettes au projecteur), 1
    sinon (JupyterLab, où le navigateur donne aussitôt son rapport).

    Renvoie
    -------
    float : 2.0 ou 1.0.
    """
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        return 1.0
    if not InlineBackend.initialized():  # (hors d'un noyau IPython qui trace en ligne)
        return 1.0
    return 2.0 if "retina" in InlineBackend.instance().figure_formats else 1.0


def neighbor_values(slider):
    """Les valeurs d'un curseur un cran plus bas et un cran plus haut (ce que donne un appui
    sur ← ou →), posées sur sa grille comme le ferait le navigateur, sans la valeur courante.

    Paramètres
    ----------
    slider : un curseur ipywidgets (``IntSlider``, ``FloatSlider`` ou ``FloatLogSlider``).

    Renvoie
    -------
    list : zéro, une ou deux valeurs (une borne n'a qu'un voisin).
    """
    v = slider.value
    if isinstance(slider, widgets.FloatLogSlider):
        out = [on_log_grid(slider, v * slider.base ** (s * slider.step)) for s in (-1, 1)]
    elif isinstance(slider, widgets.FloatSlider):
        out = [on_grid(slider, v + s * slider.step) for s in (-1, 1)]
    else:
        out = [min(max(v + s * slider.step, slider.min), slider.max) for s in (-1, 1)]
    return [x for x in dict.fromkeys(out) if x != v]


def _encoded(key, names, trajectories, values):
    """Des trajectoires numpy et leurs paramètres, comme le navigateur les lit (octets)."""
    return {
        "key": [float(key[0]), int(key[1]), float(key[2]), float(key[3]), float(key[4]),
                int(key[5])],
        "methods": names,
        "Z": [np.ascontiguousarray(trajectories[n], dtype="<f8").tobytes() for n in names],
        "F": [np.ascontiguousarray(values[n], dtype="<f8").tobytes() for n in names]}


def png(rgba):
    """Des pixels RGBA en PNG (Pillow, compression moyenne : le fond part rarement).

    Paramètres
    ----------
    rgba : tableau de pixels RGBA de forme ``(h, w, 4)``, en ``uint8`` (comme ceux de
        :meth:`ExplorerPlot.render <course_utils.explorer_plot.ExplorerPlot.render>` et de
        :meth:`ExplorerPlot.layers <course_utils.explorer_plot.ExplorerPlot.layers>`).

    Renvoie
    -------
    bytes : le fichier PNG (RGBA, ``w`` × ``h`` pixels, transparence comprise).
    """
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(out, format="png", compress_level=3)
    return out.getvalue()


class WebFigure(anywidget.AnyWidget):
    """La figure de l'explorateur, dessinée dans le navigateur (voir le module).

    Paramètres
    ----------
    objective : l'objectif à deux paramètres.
    methods : les entrées du registre montrées (:class:`course_utils.optimizers.Method`), la
        première étant la méthode principale.
    region : (w1_min, w1_max, w2_min, w2_max) montrée.
    params : dict des paramètres de départ (eta, T, w1, w2, alpha, seed, t).
    T_max : la plus grande valeur de T prévue (indices et tables préparés jusque-là).
    start_step : la grille d'un clic sur les courbes de niveau (le pas des curseurs du départ).
    resolution : la finesse de la grille des courbes de niveau.
    seeds : les graines préparées pour le navigateur (les autres attendent le noyau).

    Attributs synchronisés : ``eta``, ``T``, ``w1``, ``w2``, ``alpha``, ``seed``, ``t`` (les
    paramètres, reliés aux curseurs), ``styles``, ``objective_spec``, ``indices``, ``adam``
    (ce que le miroir reçoit), ``points`` (les trajectoires du noyau et leurs paramètres),
    ``background``, ``overlay``, ``geometry`` (le fond, les légendes, la géométrie des axes),
    ``pixel_ratio`` (écrit par le navigateur ; avant lui, :func:`export_ratio`),
    ``alert_metrics``.

    En Python : ``plot`` (:class:`~course_utils.explorer_plot.ExplorerPlot`, la figure
    matplotlib), :meth:`show`, :meth:`set_step`, :meth:`ensure_background`, :meth:`snapshot`.
    """

    _esm = _STATIC / "explorer_figure.js"
    # la ligne d'état (sous la figure, dans la boîte de l'explorateur) s'estompe quand elle
    # décrit d'autres paramètres que ceux dessinés : après 0,6 s, le noyau n'a pas répondu
    _css = """
    .course-explorer > .widget-html { transition: opacity 0.15s; }
    .course-explorer.course-status-stale > .widget-html {
        opacity: 0.35; transition: opacity 0.3s 0.6s;
    }
    """
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
    styles = traitlets.List(traitlets.Dict()).tag(sync=True)
    objective_spec = traitlets.Dict(allow_none=True).tag(sync=True)
    indices = traitlets.Dict().tag(sync=True)
    adam = traitlets.Dict().tag(sync=True)
    region = traitlets.List().tag(sync=True)
    start_step = traitlets.Float(0.05).tag(sync=True)
    alert_metrics = traitlets.Dict().tag(sync=True)
    alert_words = traitlets.Dict(ALERT_WORDS).tag(sync=True)  # (ceux de la ligne d'état)
    # les trajectoires du noyau : {key, methods, Z: [octets], F: [octets]}
    points = traitlets.Dict().tag(sync=True)
    # repli noyau : les trajectoires des positions voisines des curseurs, calculées d'avance
    ahead = traitlets.List(traitlets.Dict()).tag(sync=True)
    # l'image du fond et sa géométrie
    background = traitlets.Bytes(b"").tag(sync=True)
    overlay = traitlets.Bytes(b"").tag(sync=True)
    geometry = traitlets.Dict().tag(sync=True)
    pixel_ratio = traitlets.Float(1.0).tag(sync=True)

    @traitlets.default("pixel_ratio")
    def _export_ratio(self):
        return export_ratio()

    def __init__(self, objective, methods, region, params, T_max=200, start_step=0.05,
                 resolution=201, seeds=range(100)):
        self.objective = objective
        self.plot = ExplorerPlot(objective, methods, region, resolution)
        self.lock = self.plot.lock  # (voir ExplorerPlot : un dessin à la fois)
        self._methods = list(methods)
        self._T_max = max(int(T_max), int(params["T"]))
        self._seeds = [int(s) for s in seeds]
        spec = mirror_spec(objective)
        styles = [{"name": m.name, "label": m.label, "color": self.plot.artists[m.name].curve
                   .get_color(), "mirror": m.mirror if spec and m.mirrored else "",
                   "stochastic": m.uses_seed, "schedule": m.schedule} for m in methods]
        super().__init__(**params, styles=styles, objective_spec=spec, region=list(region),
                         start_step=start_step)
        # le fond n'est dessiné que pour une figure montrée (ensure_background : à l'affichage,
        # ou à la demande d'une vue) ; ensuite, chaque fois qu'un axe change
        self._wanted, self._stale = False, True
        self._prepare_data(self._T_max)
        self.observe(self._on_ratio, names=["pixel_ratio"])
        self.on_msg(self._on_front_msg)

    # -- données pour le miroir -----------------------------------------------------------------
    def _mirrors(self, update):
        return any(s["mirror"] == update for s in self.styles)

    def _prepare_data(self, T):
        """Indices tirés pour chaque graine préparée (jusqu'à T) et tables d'Adam : le
        navigateur n'a pas à attendre le noyau quand la graine ou T bougent ; les mesures des
        lignes de l'alerte."""
        if any(s["mirror"] and s["stochastic"] for s in self.styles):
            n = self.objective.n
            seeds = sorted(set(self._seeds) | {self.seed})
            self.indices = {str(s): sample_indices(n, T, s).tolist() for s in seeds}
        if self._mirrors("adam"):
            self.adam = adam_tables(T)
        # (les lignes de l'alerte : jusqu'au T courant ; complétées quand T grandit)
        self.alert_metrics = self.plot.alert_metrics(int(self.T))

    def _ensure_data(self, T, seed):
        """Une graine ou un T au-delà de ce qui est préparé : on complète."""
        T_now, T = T, max(T, self._T_max)
        if any(s["mirror"] and s["stochastic"] for s in self.styles):
            have = self.indices.get(str(seed))
            if have is None or len(have) < T:
                self.indices = {**self.indices,
                                str(seed): sample_indices(self.objective.n, T, seed).tolist()}
        if self._mirrors("adam") and len(self.adam.get("bc1", [])) < T:
            self.adam = adam_tables(T)
        measured = self.alert_metrics.get("T", 0)
        if T_now > measured:
            self.alert_metrics = self.plot.alert_metrics(max(T_now, min(2 * measured, T)))

    # -- ce que le noyau envoie ------------------------------------------------------------------
    @locked
    def show(self, trajectories, values, key, t, alert):
        """Les trajectoires numpy (nom → (T + 1, 2)), leurs F(z_t), les paramètres dont elles
        viennent (``key`` : [eta, T, w1, w2, alpha, seed]), l'étape t et le texte d'alerte : la
        figure matplotlib les pose (le fond est redessiné si un axe change) et le navigateur
        les reçoit."""
        self._ensure_data(int(key[1]), int(key[5]))
        with self.hold_sync():
            if self.plot.set_runs(trajectories, values, t, alert):
                self._stale = True
            if self._wanted and self._stale:
                self._render_background()
            self.points = _encoded(key, [m.name for m in self._methods], trajectories, values)

    @property
    def needs_kernel(self):
        """Une méthode au moins n'est pas calculée par le miroir (objectif ou méthode qu'il ne
        connaît pas) : le navigateur dessine alors les points du noyau."""
        return any(not s["mirror"] for s in self.styles)

    def show_ahead(self, runs):
        """Repli noyau : les trajectoires numpy de positions voisines des curseurs, calculées
        d'avance (``runs`` : liste de (key, trajectoires, valeurs), comme :meth:`show`). Le
        navigateur les dessine dès qu'un curseur arrive sur l'une d'elles, sans attendre le
        noyau ; les points du noyau pour ces paramètres les remplacent quand ils arrivent."""
        names = [m.name for m in self._methods]
        self.ahead = [_encoded(key, names, trajs, values) for key, trajs, values in runs]

    def set_step(self, t):
        """L'étape t (le navigateur la suit par son lien avec le curseur ; ici, pour
        l'instantané)."""
        self.plot.set_step(t)

    @locked
    def ensure_background(self):
        """Le fond à jour, dessiné s'il ne l'est pas encore (appelé quand la figure est
        montrée : par l'affichage de l'explorateur, ou par une vue qui naît sans fond) ;
        ensuite, il suit chaque changement d'axe."""
        self._wanted = True
        if self._stale:
            self._render_background()

    def _on_front_msg(self, widget, content, buffers):
        if isinstance(content, dict) and content.get("type") == "background":
            self.ensure_background()

    @locked
    def _on_ratio(self, change):
        ratio = float(change["new"])
        if ratio > 0 and ratio != self.geometry.get("ratio"):
            self._stale = True
            if self._wanted:
                self._render_background()

    def _render_background(self):
        ratio = float(self.pixel_ratio) if self.pixel_ratio > 0 else 1.0
        back, over, geometry = self.plot.layers(ratio)
        with self.hold_sync():
            self.background = png(back)
            self.overlay = png(over)
            self.geometry = geometry
        self._stale = False

    # -- l'image sans JavaScript ------------------------------------------------------------------
    @locked
    def snapshot(self, ratio=1.0):
        """L'image PNG de l'état courant, dessinée entièrement par matplotlib (ce que montre
        un export sans JavaScript ; la référence du test d'image)."""
        return png(self.plot.render(ratio))

    def __repr__(self):
        return f"WebFigure({self.objective.name}, méthodes={[m.name for m in self._methods]})"
