"""La machinerie d'une figure vivante : canevas, blitting, images PNG, ligne d'état.

:class:`LiveFigure` est la base de :class:`~course_utils.widgets.GradientProbe` et de
:class:`~course_utils.minibatch_widget.MiniBatchExplorer` (l'explorateur de trajectoires, lui,
dessine dans le navigateur : :mod:`course_utils.web_figure` ; il partage la ligne d'état,
:class:`StatusLine`, et l'instantané, :func:`png_with_status`) :

- un canevas ipympl dans un noyau Jupyter (le navigateur affiche chaque image), un canevas
  Agg ailleurs (script, test), jamais pyplot ;
- le « blitting » de matplotlib : le fond (courbes de niveau, axes) est dessiné une fois et
  sauvegardé ; chaque changement le restaure et ne redessine que les artistes animés ;
- des images PNG encodées vite (:func:`png_bytes`), envoyées entières au navigateur
  (:class:`_FullFrameCanvas`) ;
- une ligne d'état en français sous la figure (:class:`course_utils.status.Status`), en rouge
  quand elle donne l'alerte ;
- sans interface vivante (export HTML, diapositives), un instantané PNG : l'image et, dessous,
  la ligne d'état.
"""

import base64
import contextlib
import html
import io
import math
import struct
import sys
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from ._figures import ALARM
from .sliders import FrenchSliders
from .status import Status

__all__ = ["LiveFigure", "PointFigure", "StatusLine", "png_bytes", "png_with_status",
           "in_kernel", "on_grid", "on_log_grid", "slider", "start_sliders"]


def in_kernel():
    """Sommes-nous dans un noyau Jupyter (où le canevas ipympl a un front-end à qui parler) ?

    Renvoie
    -------
    bool.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def png_bytes(rgba):
    """Un tableau RGBA (h, w, 4) d'octets en PNG : lignes sans filtre, zlib au niveau 1.

    Pour une figure de 1000 × 430 pixels : environ 3,5 ms contre 13 ms pour Pillow (qui
    choisit un filtre par ligne et compresse plus fort), pour une taille voisine (~100 Ko).

    Paramètres
    ----------
    rgba : ndarray d'octets (uint8) de forme (h, w, 4), par exemple
        ``np.asarray(canvas.buffer_rgba())``.

    Renvoie
    -------
    bytes : le fichier PNG, sans perte.
    """
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


_FullFrameCanvas = None


def _ipympl_classes():
    """Les classes Canvas et FigureManager d'ipympl, sans changer le backend de pyplot.

    Importer le paquet ``ipympl`` appelle ``matplotlib.use("module://ipympl.backend_nbagg")``
    quand matplotlib est déjà importé : les figures statiques d'un carnet en
    ``%matplotlib inline`` deviendraient alors des widgets (et pyplot fermerait les figures
    ouvertes). L'explorateur n'a besoin que des classes : on neutralise cet appel le temps de
    l'import.
    """
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
            d'aucune autre. Le PNG est encodé sans filtre, zlib au niveau 1 (:func:`png_bytes`) :
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
                return png_bytes(pixels)

    return _FullFrameCanvas, nbagg.FigureManager


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


class Suspendable:
    """Des curseurs qui changent ensemble : ``with self._hold():`` suspend les recalculs
    (``self._suspended`` non nul ; les gestionnaires d'événements de la sous-classe le
    consultent), un seul recalcul ensuite."""

    _suspended = 0

    @contextlib.contextmanager
    def _hold(self):
        """Plusieurs changements de curseurs, un seul recalcul."""
        self._suspended += 1
        try:
            yield
        finally:
            self._suspended -= 1


class StatusLine:
    """Une ligne d'état en français sous une figure (:class:`course_utils.status.Status`), en
    rouge quand elle donne l'alerte : ``status`` (la phrase), ``status_widget`` (le widget HTML
    qui l'affiche). Une sous-classe appelle :meth:`_init_status`, puis :meth:`_show_status`."""

    def _init_status(self):
        self._status = Status("", alarm=False)
        self.status_widget = widgets.HTML(layout=widgets.Layout(margin="4px 0 0 8px"))

    def _show_status(self, status):
        """Affiche une :class:`~course_utils.status.Status` sous la figure (en rouge si elle
        donne l'alerte)."""
        self._status = status
        color = ALARM if status.alarm else "inherit"
        body = "<br>".join(html.escape(line) for line in status.text.split("\n"))
        self.status_widget.value = (
            f'<div style="font-size:13px;line-height:1.4;color:{color}">{body}</div>')

    @property
    def status(self):
        """La phrase (en français) affichée sous la figure."""
        return self._status.text

    @property
    def alarm(self):
        """Vrai si la ligne d'état donne l'alerte (écrite en rouge : divergence, F qui
        augmente, réglage qui ne converge pas)."""
        return self._status.alarm

    @staticmethod
    def _box(children, css_class):
        """La boîte de la figure vivante (``widget``) : ses enfants, puis
        :class:`~course_utils.sliders.FrenchSliders` (les lectures de ses curseurs à la
        française, les flèches du clavier à leurs boutons), avec la classe CSS ``css_class``."""
        box = widgets.VBox([*children, FrenchSliders()])
        box.add_class(css_class)
        return box


def png_with_status(img, status):
    """L'instantané d'une figure vivante pour les exports (HTML, diapositives, visionneuse de
    GitHub) : l'image `img` (pixels RGBA) et, dessous, la ligne d'état `status`
    (:class:`~course_utils.status.Status`, en rouge si elle donne l'alerte), repliée à la
    largeur de l'image.

    Paramètres
    ----------
    img : tableau de pixels RGBA de forme ``(h, w, 4)`` (des ``uint8``, comme ce que donne
        ``canvas.buffer_rgba()``), posé tel quel (un pixel de l'image, un pixel du PNG).
    status : :class:`~course_utils.status.Status`, la ligne d'état : son texte ``text`` (les
        lignes séparées par ``"\\n"``) est replié mot à mot pour tenir dans la largeur ``w``
        moins deux marges de 12 pixels ; il est écrit en rouge si ``alarm`` est vrai.

    Renvoie
    -------
    bytes : le PNG, de ``w`` pixels de large et de ``h`` pixels de haut plus une bande de
    10 pixels et 19 pixels par ligne de texte (après repli).
    """
    h, w = img.shape[:2]
    snap = Figure(figsize=(w / 100, h / 100), dpi=100, facecolor="white")
    renderer = FigureCanvasAgg(snap).get_renderer()
    font = FontProperties(size=10.5)

    def fits(text):  # la ligne tient-elle dans la largeur de l'image (marges de 12 px) ?
        return renderer.get_text_width_height_descent(text, font, ismath=False)[0] <= w - 24

    lines = []
    for line in status.text.split("\n"):
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
    color = ALARM if status.alarm else "black"
    for k, line in enumerate(lines):
        snap.text(12 / w, (band - 19 * (k + 1)) / (h + band), line, fontsize=10.5, color=color)
    out = io.BytesIO()
    snap.savefig(out, format="png", dpi=100)
    return out.getvalue()


class LiveFigure(StatusLine, Suspendable):
    """Base des widgets à figure vivante : un canevas (ipympl dans un noyau, Agg sinon, jamais
    pyplot), un fond sauvegardé après chaque dessin complet, le blitting des artistes animés,
    une image PNG de l'état courant et une ligne d'état en français sous la figure.

    Une sous-classe appelle :meth:`_init_figure`, crée ses artistes, les met dans
    ``self._animated`` et appelle :meth:`_start_drawing` ; ensuite :meth:`_blit` après chaque
    changement et :meth:`_show_status` pour le texte. Un clic gauche sur ``self._ax`` appelle
    ``self._clicked(x, y)`` (à fournir).

    Attributs publics : ``figure`` (la Figure matplotlib), ``status`` (la phrase sous la
    figure), ``status_widget`` (le widget HTML qui l'affiche).
    """

    def _init_figure(self, figsize):
        self._interactive = in_kernel()
        self._on_screen = False
        self._init_status()
        fig = Figure(figsize=figsize, dpi=100, facecolor="white")
        self._canvas = _make_canvas(fig, self._interactive)
        self.figure = fig
        self._animated = []
        self._background = None
        return fig

    def _start_drawing(self):
        """À appeler une fois les artistes créés : branche les événements, premier dessin."""
        for artist in self._animated:
            artist.set_animated(True)
        self._canvas.mpl_connect("draw_event", self._on_draw)
        self._canvas.mpl_connect("button_press_event", self._on_press)
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

    def _on_press(self, event):
        """Un clic gauche dans ``self._ax`` : ``self._clicked(x, y)``."""
        if event.inaxes is not self._ax or event.button != 1 or event.xdata is None:
            return
        self._clicked(event.xdata, event.ydata)

    # -- images ------------------------------------------------------------------------------
    def _png(self):
        """L'image courante du canevas (fond + artistes animés), en PNG."""
        return png_bytes(np.asarray(self._canvas.buffer_rgba()))

    def _snapshot_png(self):
        """Instantané pour les exports (HTML, diapositives) : l'image courante et, dessous, la
        ligne d'état, puisque sans front-end vivant les widgets ne s'affichent pas."""
        return png_with_status(np.asarray(self._canvas.buffer_rgba()), self._status)

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


def slider(kind, **kwargs):
    """Un curseur ipywidgets à la présentation commune des widgets du cours.

    Paramètres
    ----------
    kind : la classe, ``widgets.FloatSlider``, ``widgets.IntSlider``…
    **kwargs : ses réglages (``value``, ``min``, ``max``, ``description``…).

    Renvoie
    -------
    le curseur : description entière, 330 pixels de large.
    """
    return kind(style={"description_width": "initial"}, layout=widgets.Layout(width="330px"),
                **kwargs)


def on_grid(slider, x):
    """Une valeur posée sur la grille d'un curseur, comme le ferait le navigateur.

    Paramètres
    ----------
    slider : un curseur ipywidgets (``min``, ``max``, ``step``).
    x : float.

    Renvoie
    -------
    float : ``x`` ramené dans les bornes et arrondi à un pas (NaN reste NaN).
    """
    x = float(np.clip(x, slider.min, slider.max))
    if not math.isfinite(x):  # NaN tapé dans un curseur : refusé plus loin, avec un message
        return x
    k = round((x - slider.min) / slider.step)
    return float(np.clip(round(slider.min + k * slider.step, 10), slider.min, slider.max))


def on_log_grid(slider, x):
    """Une valeur posée sur la grille d'un curseur logarithmique (``FloatLogSlider``), comme
    le ferait le navigateur : ses crans sont :math:`b^{\\min + k\\,\\text{pas}}`.

    Paramètres
    ----------
    slider : un ``ipywidgets.FloatLogSlider`` (``base``, ``min``, ``max``, ``step`` : bornes
        et pas en exposant).
    x : float > 0.

    Renvoie
    -------
    float : le cran le plus proche de ``x`` (en échelle logarithmique), dans les bornes.
    """
    x = float(x)
    if not (math.isfinite(x) and x > 0):
        return x
    exponent = math.log(x, slider.base)
    k = round((exponent - slider.min) / slider.step)
    exponent = min(max(slider.min + k * slider.step, slider.min), slider.max)
    return float(slider.base ** exponent)


def start_sliders(region, w, label="départ"):
    """Les deux curseurs d'un point (w₁, w₂), bornés par la région montrée.

    Paramètres
    ----------
    region : (w1_min, w1_max, w2_min, w2_max).
    w : le point de départ (ramené dans la région).
    label : str, le début des descriptions (« départ w₁ »).

    Renvoie
    -------
    dict ``{"w1": curseur, "w2": curseur}`` (pas de 0,05).
    """
    w1min, w1max, w2min, w2max = region
    return {
        "w1": slider(widgets.FloatSlider, value=float(np.clip(w[0], w1min, w1max)), min=w1min,
                     max=w1max, step=0.05, description=f"{label} w₁", readout_format=".2f"),
        "w2": slider(widgets.FloatSlider, value=float(np.clip(w[1], w2min, w2max)), min=w2min,
                     max=w2max, step=0.05, description=f"{label} w₂", readout_format=".2f"),
    }


class PointFigure(LiveFigure):
    """Une figure vivante dont un point (curseurs ``controls["w1"]``, ``controls["w2"]``) se
    déplace aussi d'un clic sur ``plane_axes`` ; la sous-classe fournit ``_moved_to(point)``."""

    @property
    def plane_axes(self):
        """L'Axes des courbes de niveau (celui où un clic déplace le point)."""
        return self._ax

    def _clicked(self, x, y):
        """Le point cliqué, posé sur la grille des curseurs (pas de 0,05) : le navigateur
        montrerait sinon une valeur arrondie, la renverrait au noyau et le point changerait.
        Les curseurs w₁, w₂ suivent (un seul recalcul), puis ``_moved_to(point)``."""
        c = self.controls
        point = (on_grid(c["w1"], x), on_grid(c["w2"], y))
        with self._hold():
            c["w1"].value, c["w2"].value = point
        self._moved_to(point)
