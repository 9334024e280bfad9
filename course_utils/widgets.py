"""L'explorateur de trajectoires : des curseurs (η, T, α, départ, graine) et une figure qui suit.

Un seul objet, :class:`Explorer`, sert dans tous les carnets. Il calcule la trajectoire avec le
cœur numérique (:mod:`course_utils.optimizers`) et redessine *seulement ce qui bouge* : les
courbes de niveau sont calculées et dessinées une fois, puis chaque changement restaure l'image
de fond sauvegardée et redessine les artistes animés (le « blitting » de matplotlib).

Dans JupyterLab, la figure est un canevas ipympl ; dans un script ou un test, un canevas Agg.
Sans interface vivante (export HTML, diapositives), l'explorateur s'affiche comme une image PNG
de son état courant.
"""

import base64
import contextlib
import html
import io
import math
import struct
import zlib

import numpy as np
import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

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
from .objectives import Objective
from .optimizers import SGD, Adam, RMSprop, gradient_descent, run, sgd, sgd_momentum  # noqa: F401

__all__ = ["Explorer", "GradientProbe", "METHODS"]

#: les méthodes de l'explorateur : nom court -> (nom affiché, utilise α, utilise la graine)
METHODS = {
    "gd": ("descente de gradient", False, False),
    "sgd": ("SGD (pas η/√t)", False, True),
    "momentum": ("SGD + momentum", True, True),
    "rmsprop": ("RMSprop", False, False),
    "adam": ("Adam", False, False),
}


#: valeurs « rondes » de l'axe des itérations (l'axe ne change que quand T les franchit)
_NICE_T = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800,
           1000, 1500, 2000, 3000, 5000, 10000)

#: plafond d'affichage de la courbe d'apprentissage
_F_CAP = 1e40


def _trajectory(method, objective, w0, eta, T, alpha, seed):
    """La trajectoire d'une méthode, exactement celle que renvoie le cœur numérique."""
    if method == "gd":
        return gradient_descent(objective, w0, eta, T)
    if method == "sgd":
        return sgd(objective, w0, eta, T, seed=seed)
    if method == "momentum":
        return sgd_momentum(objective, w0, eta, alpha, T, seed=seed)
    if method == "rmsprop":
        return run(RMSprop(lr=eta), objective, w0, T)
    return run(Adam(lr=eta), objective, w0, T)


def _in_kernel():
    """Vrai dans un noyau Jupyter (où le canevas ipympl a un front-end à qui parler)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _ipympl_classes():
    """Les classes Canvas et FigureManager d'ipympl, sans changer le backend de pyplot.

    Importer le paquet ``ipympl`` appelle ``matplotlib.use("module://ipympl.backend_nbagg")``
    quand matplotlib est déjà importé : les figures statiques d'un carnet en
    ``%matplotlib inline`` deviendraient alors des widgets (et pyplot fermerait les figures
    ouvertes). L'explorateur n'a besoin que des classes : on neutralise cet appel le temps de
    l'import.
    """
    import sys

    import matplotlib

    if "ipympl.backend_nbagg" not in sys.modules:
        use = matplotlib.use
        matplotlib.use = lambda *args, **kwargs: None
        try:
            import ipympl.backend_nbagg  # noqa: F401
        finally:
            matplotlib.use = use
    nbagg = sys.modules["ipympl.backend_nbagg"]
    global _FullFrameCanvas
    if _FullFrameCanvas is None:

        class _FullFrameCanvas(nbagg.Canvas):
            """Le canevas ipympl, qui envoie chaque image entière, encodée vite.

            ipympl (comme matplotlib en WebAgg) envoie d'ordinaire la *différence* avec l'image
            précédente. Mais le navigateur, quand une image arrive avant que la précédente
            soit décodée, abandonne la précédente (``image.src`` remplacé) : une différence
            posée sur une image manquée laisse une figure fausse jusqu'à l'image entière
            suivante (observé après un clic dans chromium). Une image entière ne dépend
            d'aucune autre. Le PNG est encodé sans filtre, zlib au niveau 1 (``_png_bytes``) :
            3 à 4 fois plus vite que Pillow, ce qui compense l'image plus grande.
            """

            def get_diff_image(self):
                if not self._png_is_old:
                    return None
                pixels = np.asarray(self.get_renderer().buffer_rgba())
                self.set_image_mode("full")  # un message seulement au premier appel
                self._last_buff = pixels.view(np.uint32).squeeze(2).copy()
                self._force_full = False
                self._png_is_old = False
                return _png_bytes(pixels)

    return _FullFrameCanvas, nbagg.FigureManager


_FullFrameCanvas = None


def _png_bytes(rgba):
    """Un tableau RGBA (h, w, 4) d'octets en PNG : lignes sans filtre, zlib au niveau 1.

    Pour une figure de 1000 × 430 pixels : environ 3,5 ms contre 13 ms pour Pillow (qui
    choisit un filtre par ligne et compresse plus fort), pour une taille voisine (~100 Ko)."""
    h, w, _ = rgba.shape
    raw = np.empty((h, 4 * w + 1), np.uint8)
    raw[:, 0] = 0  # filtre « None » en tête de chaque ligne
    raw[:, 1:] = np.ascontiguousarray(rgba).reshape(h, 4 * w)

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))  # 8 bits, RGBA
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1))
            + chunk(b"IEND", b""))


def _make_canvas(figure, interactive):
    """Un canevas ipympl (widget) dans un noyau, sinon un canevas Agg ; jamais pyplot."""
    if interactive:
        Canvas, FigureManager = _ipympl_classes()
        canvas = Canvas(figure)
        FigureManager(canvas, 0)
        canvas.toolbar_visible = False
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
        # Les images partent par messages binaires ; sans cela, ipympl écrirait dans _data_url
        # du base64 sans préfixe « data: », que le navigateur ne sait pas afficher quand le
        # canevas est montré dans une boîte (et non par display(), qui le réécrit).
        canvas.syncing_data_url = False
        return canvas
    return FigureCanvasAgg(figure)


class _LiveFigure:
    """Machinerie commune : un canevas (ipympl dans un noyau, Agg sinon, jamais pyplot), un
    fond sauvegardé après chaque dessin complet, le blitting des artistes animés, une image PNG
    de l'état courant et une ligne d'état en français sous la figure."""

    def _init_figure(self, figsize):
        self._interactive = _in_kernel()
        self._on_screen = False
        self._message = ""
        self._suspended = 0
        fig = Figure(figsize=figsize, dpi=100, facecolor="white")
        self._canvas = _make_canvas(fig, self._interactive)
        self.figure = fig
        self._animated = []
        self._background = None
        self.status_widget = widgets.HTML(layout=widgets.Layout(margin="4px 0 0 8px"))
        return fig

    def _start_drawing(self):
        """À appeler une fois les artistes créés : branche les événements, premier dessin."""
        for artist in self._animated:
            artist.set_animated(True)
        self._canvas.mpl_connect("draw_event", self._on_draw)
        self._canvas.mpl_connect("button_press_event", self._on_click)
        self._canvas.draw()
        self._sync_first_image()

    def _sync_first_image(self):
        """Pour ipympl : la taille et l'image que le navigateur affiche avant de recevoir ses
        premières images binaires (ce que ferait display() sur le canevas seul)."""
        if not self._interactive:
            return
        ratio = getattr(self._canvas, "device_pixel_ratio", 1) or 1
        w, h = self.figure.bbox.size
        self._canvas._size = (w / ratio, h / ratio)
        self._canvas._data_url = "data:image/png;base64," + base64.b64encode(self._png()).decode()

    def _canvas_view(self):
        if self._interactive:
            return self._canvas
        # Sans noyau (script, test) : une image PNG tenue à jour seulement si on l'affiche.
        self._image = widgets.Image(format="png")
        return self._image

    # -- blitting ----------------------------------------------------------------------------
    def _on_draw(self, event):
        """Après un dessin complet (premier affichage, changement de taille) : nouveau fond."""
        self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self._draw_animated()

    def _draw_animated(self):
        for artist in self._animated:
            self.figure.draw_artist(artist)

    def _blit(self, full=False):
        if full or self._background is None:
            self._canvas.draw()  # déclenche _on_draw
        else:
            self._canvas.restore_region(self._background)
            self._draw_animated()
            self._canvas.blit(self.figure.bbox)
        if not self._interactive and self._on_screen:
            self._image.value = self._png()

    @contextlib.contextmanager
    def _hold(self):
        """Plusieurs changements de curseurs, un seul recalcul."""
        self._suspended += 1
        try:
            yield
        finally:
            self._suspended -= 1

    def _on_click(self, event):
        """Un clic gauche sur les courbes de niveau (``self._ax``) y déplace le point :
        les curseurs w₁, w₂ suivent (un seul recalcul), puis ``_moved_to(point)``."""
        if event.inaxes is not self._ax or event.button != 1 or event.xdata is None:
            return
        c = self.controls
        # le point cliqué, posé sur la grille des curseurs (pas de 0,05) : le navigateur
        # montrerait sinon une valeur arrondie, la renverrait au noyau et le départ changerait
        point = (_on_grid(c["w1"], event.xdata), _on_grid(c["w2"], event.ydata))
        with self._hold():
            c["w1"].value, c["w2"].value = point
        self._moved_to(point)

    # -- texte et affichage ------------------------------------------------------------------
    def _set_status(self, text, error=False):
        self._message = text
        color = "#b00020" if error else "inherit"
        body = "<br>".join(html.escape(line) for line in text.split("\n"))
        self.status_widget.value = (
            f'<div style="font-size:13px;line-height:1.4;color:{color}">{body}</div>')

    @property
    def status(self):
        """La phrase (en français) affichée sous la figure."""
        return self._message

    def _png(self):
        """L'image courante du canevas (fond + artistes animés), en PNG."""
        return _png_bytes(np.asarray(self._canvas.buffer_rgba()))

    def _snapshot_png(self):
        """Instantané pour les exports (HTML, diapositives) : l'image courante et, dessous, la
        ligne d'état, puisque sans front-end vivant les widgets ne s'affichent pas."""
        img = np.asarray(self._canvas.buffer_rgba())
        h, w = img.shape[:2]
        snap = Figure(figsize=(w / 100, h / 100), dpi=100, facecolor="white")
        renderer = FigureCanvasAgg(snap).get_renderer()
        font = FontProperties(size=10.5)

        def fits(text):  # la ligne tient-elle dans la largeur de l'image (marges de 12 px) ?
            return renderer.get_text_width_height_descent(text, font, ismath=False)[0] <= w - 24

        lines = []
        for line in self._message.split("\n"):
            current = ""
            for word in line.split(" "):
                longer = f"{current} {word}" if current else word
                if current and not fits(longer):
                    lines.append(current)
                    longer = "   " + word
                current = longer
            lines.append(current)
        band = 10 + 19 * len(lines)
        snap.set_size_inches(w / 100, (h + band) / 100)
        snap.figimage(img, 0, band)
        for k, line in enumerate(lines):
            snap.text(12 / w, (band - 19 * (k + 1)) / (h + band), line, fontsize=10.5,
                      color="#b00020" if "⚠" in self._message or "refusée" in self._message
                      else "black")
        out = io.BytesIO()
        snap.savefig(out, format="png", dpi=100)
        return out.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        """La vue du widget, plus une image PNG pour là où il n'y a pas de front-end vivant
        (export HTML, diapositives, visionneuse de GitHub)."""
        self._on_screen = True
        if not self._interactive:
            self._image.value = self._png()
        else:
            self._sync_first_image()
        data = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        data["image/png"] = base64.b64encode(self._snapshot_png()).decode("ascii")
        data["text/plain"] = repr(self)
        return data


class Explorer(_LiveFigure):
    """Explorateur interactif d'une méthode de descente sur un objectif à deux paramètres.

    Paramètres
    ----------
    objective : LeastSquares ou TanhNetwork (deux paramètres w₁, w₂)
    method : « gd », « sgd », « momentum », « rmsprop » ou « adam » (ces deux derniers : les
        jumeaux numpy de ``torch.optim``, η servant de ``lr``, gradient complet)
    eta, T, w0, alpha, seed : pas, nombre d'itérations, départ, momentum, graine
    region : (w1_min, w1_max, w2_min, w2_max) montrée ; par défaut celle de l'objectif
    compare : liste de méthodes superposées (même départ, mêmes η, T et graine)

    Attributs : ``controls`` (les curseurs), ``trajectory`` (celle de ``method``),
    ``trajectories`` (une par méthode), ``figure``, ``status`` (la phrase sous la figure),
    ``widget`` (la boîte à afficher). Cliquer sur les courbes de niveau déplace le départ.
    """

    def __init__(self, objective, method="gd", eta=0.4, T=20, w0=(-7.0, 7.0), alpha=0.5,
                 seed=0, region=None, compare=None, resolution=201, T_max=None):
        _check_two_parameters(objective)
        self.objective = objective
        self.method = check_choice("method", method, tuple(METHODS))
        if compare is None:
            methods = [self.method]
        else:
            if isinstance(compare, str) or not hasattr(compare, "__iter__"):
                raise TypeError(
                    "Le paramètre compare doit être une liste de méthodes, par exemple "
                    f"['gd', 'sgd', 'momentum'] ; valeur reçue : {_shown(compare)}."
                )
            methods = [check_choice("compare", m, tuple(METHODS)) for m in compare]
            if self.method not in methods:
                methods.insert(0, self.method)
            methods = list(dict.fromkeys(methods))
        self.methods = methods
        eta = check_positive("eta", eta)
        T = check_count("T", T)
        w0 = check_point("w0", w0, 2, batch=False)
        alpha = check_interval("alpha", alpha, 0.0, 1.0)
        seed = check_seed("seed", seed)
        self.region = plotting.region_of(objective, region)
        T_max = max(200, T) if T_max is None else check_count("T_max", T_max)
        self._w_star = objective.minimizer() if hasattr(objective, "minimizer") else None
        self._threshold = getattr(objective, "stability_threshold", None)
        self._optimal = getattr(objective, "optimal_step", None)

        self.trajectories = {}
        self._build_controls(eta, T, w0, alpha, seed, T_max)
        self._build_figure(resolution)
        self.widget = widgets.VBox([self._controls_box, self._canvas_view(), self.status_widget])
        self.widget.add_class("course-explorer")
        self._recompute()

    # -- construction ----------------------------------------------------------------------
    def _build_controls(self, eta, T, w0, alpha, seed, T_max):
        # Bornes en exposant, alignées sur la grille du curseur (pas de 0,01 en log10) de sorte
        # que η initial soit sur la grille : le navigateur ne l'arrondit pas (0,4 resterait
        # sinon 0,3981).
        ref = self._threshold if self._threshold else 1.0
        e0, step = math.log10(eta), 0.01
        lo = e0 - math.ceil((e0 - math.log10(min(eta, ref) / 100)) / step) * step
        hi = e0 + math.ceil((math.log10(max(eta, ref) * 100) - e0) / step) * step
        uses_alpha = any(METHODS[m][1] for m in self.methods)
        uses_seed = any(METHODS[m][2] for m in self.methods)
        c = {
            "eta": widgets.FloatLogSlider(value=eta, base=10, min=lo, max=hi, step=0.01,
                                          description="pas η", readout_format=".4g",
                                          style=_STYLE, layout=_WIDE),
            "T": widgets.IntSlider(value=T, min=0, max=T_max, description="itérations T",
                                   style=_STYLE, layout=_WIDE),
            **_start_sliders(self.region, w0),
            "alpha": widgets.FloatSlider(value=alpha, min=0.0, max=0.99, step=0.01,
                                         description="momentum α", style=_STYLE, layout=_WIDE),
            "seed": widgets.IntSlider(value=seed if seed is not None else 0, min=0, max=99,
                                      description="graine", style=_STYLE, layout=_WIDE),
            "t": widgets.IntSlider(value=T, min=0, max=T, description="étape t",
                                   style=_STYLE, layout=_WIDE),
        }
        self._w0 = w0  # le départ exact (les curseurs l'arrondiraient à leur pas)
        self._play = widgets.Play(value=T, min=0, max=T, step=1, interval=120,
                                  # le bouton ▶ n'affiche pas de libellé ; le titre s'affiche
                                  # au survol
                                  tooltip="Animer la trajectoire : t va de 0 à T")
        # côté navigateur : le bouton « Play » fait avancer le curseur t sans passer par le noyau
        self._play_link = widgets.jslink((self._play, "value"), (c["t"], "value"))
        self.controls = c
        for key in ("eta", "T", "w1", "w2", "alpha", "seed"):
            c[key].observe(self._on_control, names="value")
        c["t"].observe(self._on_step, names="value")
        rows = [widgets.HBox([c["eta"], c["T"]]), widgets.HBox([c["w1"], c["w2"]])]
        extra = ([c["alpha"]] if uses_alpha else []) + ([c["seed"]] if uses_seed else [])
        if extra:
            rows.append(widgets.HBox(extra))
        rows.append(widgets.HBox([self._play, c["t"]]))
        self._controls_box = widgets.VBox(rows)

    def _build_figure(self, resolution):
        fig = self._init_figure((10, 4.3))
        ax, axc = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.3]})
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.12)
        self._ax, self._ax_curve = ax, axc
        plotting.plot_contour(ax, self.objective, self.region, resolution=resolution)
        ax.set_title(f"Trajectoires — {self.objective.name}", fontsize=10)

        colors = plotting.COLORS
        self._artists = {}
        for m in self.methods:
            # une couleur fixe par méthode, la même d'un carnet à l'autre
            col = colors[list(METHODS).index(m) % len(colors)]
            # la légende des méthodes est celle de la courbe d'apprentissage (mêmes couleurs)
            (line,) = ax.plot([], [], "-o", color=col, ms=3, lw=1.4, zorder=5)
            (end,) = ax.plot([], [], "s", color=col, ms=7, mec="black", mew=0.8, zorder=6)
            (curve,) = axc.plot([], [], "-", color=col, lw=1.6, label=METHODS[m][0])
            (dot,) = axc.plot([], [], "o", color=col, ms=5)
            self._artists[m] = (line, end, curve, dot)
        (self._start,) = ax.plot([], [], "o", ms=10, mfc="white", mec="black", mew=1.5,
                                 zorder=7, label="départ $\\mathbf{z}_0$")
        self._alert = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                              fontsize=10, color="#b00020", zorder=8, wrap=True,
                              bbox=dict(boxstyle="round", fc="white", ec="#b00020", alpha=0.9))
        ax.legend(loc="lower left", fontsize=8, framealpha=0.85)

        axc.set_yscale("log")
        axc.xaxis.set_major_locator(plotting._iteration_locator())  # entières et rondes
        axc.set_xlabel("itération $t$")
        axc.set_ylabel("$F(\\mathbf{z}_t)$")
        axc.set_title("Courbe d'apprentissage", fontsize=10)
        axc.grid(True, which="major", alpha=0.3)
        if self._w_star is not None:
            axc.axhline(float(self.objective.value(self._w_star)), color="gray", ls="--", lw=1,
                        label="$F(\\mathbf{w}^*)$")
        axc.legend(loc="upper right", fontsize=8)
        # Les bornes de la courbe d'apprentissage sont arrondies (décades, valeurs « rondes » de
        # T) : tant qu'elles ne changent pas, seul ce qui bouge est redessiné (blitting) ; quand
        # elles changent, un dessin complet refait le fond.
        self._animated = [a for m in self.methods for a in self._artists[m]]
        self._animated += [self._start, self._alert]
        self._start_drawing()

    # -- événements --------------------------------------------------------------------------
    def _on_control(self, change):
        if self._suspended:
            return
        c = self.controls
        if change["owner"] is c["w1"] or change["owner"] is c["w2"]:
            if self._w0 is not None and all(
                    c[k].value == x or _on_grid(c[k], c[k].value) == _on_grid(c[k], x)
                    for k, x in zip(("w1", "w2"), self._w0)):
                # le navigateur renvoie le départ arrondi au pas de ses curseurs, calculé en
                # flottants (-8 + 113 × 0,05 = -2,3499999999999996) : c'est le même point, le
                # départ exact reste (et rien n'est recalculé)
                return
            self._w0 = None  # le départ suit désormais les curseurs
        self._recompute()

    def _on_step(self, change):
        if not self._suspended:
            self._redraw()

    def _moved_to(self, point):
        self._w0 = np.array(point)
        self._recompute()

    # -- calcul et dessin --------------------------------------------------------------------
    def _params(self):
        c = self.controls
        w0 = self._w0 if self._w0 is not None else (c["w1"].value, c["w2"].value)
        return dict(w0=w0, eta=c["eta"].value, T=c["T"].value, alpha=c["alpha"].value,
                    seed=c["seed"].value)

    @property
    def trajectory(self):
        """La trajectoire courante de ``method`` : (T + 1, 2), celle que renvoie le cœur."""
        return self.trajectories.get(self.method)

    def _recompute(self):
        p = self._params()
        try:
            trajs = {m: _trajectory(m, self.objective, p["w0"], p["eta"], p["T"], p["alpha"],
                                    p["seed"]) for m in self.methods}
        except (ValueError, TypeError) as err:
            # une valeur impossible tapée dans un curseur : un message, pas une trace d'erreur
            self._set_status(f"Valeur refusée : {err} La figure montre le dernier calcul valide.",
                             error=True)
            return
        self.trajectories = trajs
        T = p["T"]
        t = self.controls["t"]
        with self._hold():  # messages séparés, dans cet ordre : la borne avant la valeur
            if t.max != T:
                # l'ordre évite qu'une borne provisoire rabote la valeur
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
        self._redraw()

    def _redraw(self):
        # une trajectoire qui diverge passe par des nombres démesurés : leur affichage (normes,
        # valeurs de F) ne doit ni avertir ni planter
        with np.errstate(over="ignore", invalid="ignore"):
            self._redraw_now()

    def _redraw_now(self):
        T = self.controls["T"].value
        t = min(self.controls["t"].value, T)
        w1min, w1max, w2min, w2max = self.region
        span = max(w1max - w1min, w2max - w2min)
        lo = np.array([w1min, w2min]) - 1e3 * span
        hi = np.array([w1max, w2max]) + 1e3 * span
        top, bottom = 0.0, np.inf
        alerts = []
        for m in self.methods:
            Z = self.trajectories[m]
            line, end, curve, dot = self._artists[m]
            shown = np.clip(Z[: t + 1], lo, hi)  # des coordonnées démesurées ne s'affichent pas
            line.set_data(shown[:, 0], shown[:, 1])
            finite = np.flatnonzero(np.isfinite(shown).all(axis=1))
            k = finite[-1] if finite.size else 0
            end.set_data(shown[k : k + 1, 0], shown[k : k + 1, 1])
            F_true = self.objective.value(Z)
            # au-delà de F_CAP, la courbe sort par le haut du cadre (les bornes ne tiennent
            # compte que des valeurs sous F_CAP : une échelle de 10^300 n'apprendrait rien)
            F = np.where(F_true > _F_CAP, _F_CAP * 1e6, F_true)  # NaN reste NaN
            F = np.where(F > 0, F, np.nan)
            curve.set_data(np.arange(T + 1), F)
            dot.set_data([t], [F[t]])
            ok = F[np.isfinite(F) & (F <= _F_CAP)]
            if ok.size:
                top, bottom = max(top, ok.max()), min(bottom, ok.min())
            verdict = self._verdict(F_true)
            if verdict:
                alerts.append(f"{METHODS[m][0]} : {verdict}")
        z0 = self.trajectories[self.method][0]
        self._start.set_data([z0[0]], [z0[1]])
        self._alert.set_text("\n".join(alerts))
        self._alert.set_visible(bool(alerts))
        limits = self._curve_limits(T, bottom, top)
        full = limits != (self._ax_curve.get_xlim(), self._ax_curve.get_ylim())
        if full:
            self._ax_curve.set_xlim(*limits[0])
            self._ax_curve.set_ylim(*limits[1])
        # l'image part d'abord : le navigateur la décode pendant qu'il met le texte à jour
        self._blit(full)
        self._set_status(self._describe(), error=bool(alerts))

    def _curve_limits(self, T, bottom, top):
        """Bornes arrondies de la courbe d'apprentissage : elles changent rarement."""
        xmax = next(v for v in _NICE_T if v >= T) if T <= _NICE_T[-1] else T
        if not (np.isfinite(bottom) and top > 0):
            bottom, top = 1e-2, 1e2
        if self._w_star is not None:
            bottom = min(bottom, float(self.objective.value(self._w_star)))
        lo = 10.0 ** math.floor(math.log10(bottom / 1.5))
        hi = 10.0 ** math.ceil(math.log10(top * 1.5))
        return ((0.0, float(xmax)), (lo, max(hi, lo * 100)))

    # -- le texte sous la figure -------------------------------------------------------------
    @staticmethod
    def _verdict(F):
        """Le mot affiché sur la figure quand la méthode diverge (F infini, ou F plus grand
        à la fin qu'au départ), sinon ``""``."""
        bad = ~np.isfinite(F)  # comme plot_learning_curve : F déborde avant les itérés
        if bad.any():
            return f"diverge\n(F infini à l'étape {int(np.argmax(bad))})"
        if len(F) > 1 and F[-1] > F[0]:
            return "s'éloigne du minimum\n(F a augmenté)"
        return ""

    def _describe(self):
        p = self._params()
        eta, T = p["eta"], p["T"]
        parts = [f"η = {eta:.4g}"]
        if self._threshold is not None:
            side = "≤" if eta <= self._threshold else ">"
            parts[0] += (f" {side} seuil de stabilité de la descente de gradient "
                         f"2/L = {self._threshold:.4g} "
                         f"(pas optimal 2/(L+μ) = {self._optimal:.4g})")
        lines = ["; ".join(parts) + f", T = {T}."]
        for m in self.methods:
            Z = self.trajectories[m]
            name = METHODS[m][0]
            F = self.objective.value(Z)
            advice = ("Essayez un pas η plus petit ou un momentum α plus faible." if METHODS[m][1]
                      else "Essayez un pas η plus petit.")
            if not np.isfinite(F).all():
                # la première étape où F(z_t) n'est plus un nombre fini : celle que marque
                # aussi plot_learning_curve
                k = int(np.argmax(~np.isfinite(F)))
                hint = " (η > 2/L)" if self._threshold and eta > self._threshold else ""
                lines.append(f"⚠ {name} : la trajectoire diverge, F(z_t) devient infini (trop "
                             f"grand pour un flottant) à l'étape {k}{hint}. {advice}")
                continue
            distance = ("" if self._w_star is None else
                        f", distance à w* = {np.linalg.norm(Z[-1] - self._w_star):.3g}")
            if T > 0 and F[-1] > F[0]:
                lines.append(f"⚠ {name} : F(z_T) = {F[-1]:.4g} > F(z_0) = {F[0]:.4g}{distance}. "
                             "F a augmenté : la méthode s'éloigne du minimum au lieu de s'en "
                             f"approcher. {advice}")
            else:
                lines.append(f"{name} : F(z_T) = {F[-1]:.4g}{distance}.")
        return "\n".join(lines)

    def __repr__(self):
        p = self._params()
        return (f"Explorer({self.objective.name}, méthodes={self.methods}, η={p['eta']:.4g}, "
                f"T={p['T']})")


class GradientProbe(_LiveFigure):
    """Un point w sur les courbes de niveau, avec la flèche de :math:`-\\nabla F(w)`.

    Les curseurs ``controls["w1"]`` et ``controls["w2"]`` (ou un clic sur la figure) déplacent
    le point ; la flèche et la ligne d'état (F(w), ∇F(w), ‖∇F(w)‖) suivent. La longueur de la
    flèche est proportionnelle à ‖∇F(w)‖ (même échelle partout sur la figure).
    """

    def __init__(self, objective, w=(-4.0, 5.0), region=None, resolution=201):
        _check_two_parameters(objective)
        self.objective = objective
        w = check_point("w", w, 2, batch=False)
        self.region = plotting.region_of(objective, region)
        self._w_star = objective.minimizer() if hasattr(objective, "minimizer") else None
        self.controls = _start_sliders(self.region, w, label="point")
        for key in ("w1", "w2"):
            self.controls[key].observe(self._on_control, names="value")
        fig = self._init_figure((6.2, 5.0))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.1, top=0.92)
        self._ax = ax
        plotting.plot_contour(ax, objective, self.region, resolution=resolution)
        ax.set_title("La flèche montre $-\\nabla F(\\mathbf{w})$ : la direction de la descente",
                     fontsize=10)
        # une seule échelle pour toute la figure : la norme médiane de ∇F sur la région donne
        # une flèche de 15 % de sa largeur
        W1, W2, _ = plotting.grid_values(objective, self.region, 41)
        norms = np.linalg.norm(objective.grad(np.stack([W1, W2], axis=-1)), axis=-1)
        span = self.region[1] - self.region[0]
        self._typical = float(np.median(norms))
        self._scale = self._typical / (0.15 * span)
        self._arrow = ax.quiver([w[0]], [w[1]], [0.0], [0.0], angles="xy", scale_units="xy",
                                scale=self._scale, color="#D55E00", width=0.012, zorder=6)
        (self._point,) = ax.plot([w[0]], [w[1]], "o", ms=9, mfc="white", mec="black", mew=1.5,
                                 zorder=7)
        self._animated = [self._arrow, self._point]
        self._start_drawing()
        self.widget = widgets.VBox([widgets.HBox([self.controls["w1"], self.controls["w2"]]),
                                    self._canvas_view(), self.status_widget])
        self.widget.add_class("course-gradient-probe")
        self._update()

    @property
    def point(self):
        """Le point courant w, de forme (2,)."""
        return np.array([self.controls["w1"].value, self.controls["w2"].value])

    def _on_control(self, change):
        if not self._suspended:
            self._update()

    def _moved_to(self, point):
        self._update()

    def _update(self):
        w = self.point
        if not np.isfinite(w).all():
            self._set_status(f"Valeur refusée : le point doit avoir des coordonnées finies ; "
                             f"reçu w = ({w[0]}, {w[1]}).", error=True)
            return
        g = self.objective.grad(w)
        norm = float(np.linalg.norm(g))
        self._arrow.set_offsets([w])
        self._arrow.set_UVC([-g[0]], [-g[1]])
        self._point.set_data([w[0]], [w[1]])
        text = (f"w = ({w[0]:.2f}, {w[1]:.2f}) ; F(w) = {float(self.objective.value(w)):.4g} ; "
                f"∇F(w) = ({g[0]:.3g}, {g[1]:.3g}) ; ‖∇F(w)‖ = {norm:.3g}.")
        if norm < 0.02 * self._typical:
            text += "\nLe gradient est presque nul : le point est tout près d'un minimum."
        self._set_status(text)
        self._blit()

    def __repr__(self):
        w = self.point
        return f"GradientProbe({self.objective.name}, w=({w[0]:.2f}, {w[1]:.2f}))"


def _check_two_parameters(objective):
    if not isinstance(objective, Objective):
        raise TypeError(
            "Le paramètre objective doit être une fonction objectif de course_utils "
            f"(LeastSquares ou TanhNetwork) ; valeur reçue : {_shown(objective)}."
        )
    if objective.d != 2:
        raise ValueError(
            "Les figures interactives montrent des objectifs à deux paramètres (w₁, w₂) ; "
            f"l'objectif reçu en a d = {objective.d}."
        )


_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="330px")


def _on_grid(slider, x):
    """``x`` ramené dans les bornes du curseur et arrondi à son pas (comme le navigateur)."""
    x = float(np.clip(x, slider.min, slider.max))
    if not math.isfinite(x):  # NaN tapé dans un curseur : refusé plus loin, avec un message
        return x
    k = round((x - slider.min) / slider.step)
    return float(np.clip(round(slider.min + k * slider.step, 10), slider.min, slider.max))


def _start_sliders(region, w, label="départ"):
    """Les deux curseurs d'un point de départ, bornés par la région montrée."""
    w1min, w1max, w2min, w2max = region
    return {
        "w1": widgets.FloatSlider(value=float(np.clip(w[0], w1min, w1max)), min=w1min, max=w1max,
                                  step=0.05, description=f"{label} w₁", readout_format=".2f",
                                  style=_STYLE, layout=_WIDE),
        "w2": widgets.FloatSlider(value=float(np.clip(w[1], w2min, w2max)), min=w2min, max=w2max,
                                  step=0.05, description=f"{label} w₂", readout_format=".2f",
                                  style=_STYLE, layout=_WIDE),
    }
