"""Audit de la virgule décimale : ce qu'un étudiant lit dans un carnet exécuté.

Trois parties :

- :func:`faults` : les fautes dans un texte (un nombre écrit avec un point décimal, voir
  :func:`decimal_points` ; une virgule de formule ``{,}`` hors d'une formule ``$...$``, que
  matplotlib afficherait telle quelle, voir :func:`stray_tex_commas`), le code montré comme du
  code mis à part dans une sortie imprimée (:func:`without_code`) ;
- :func:`drawn_texts` : un bloc ``with`` qui note chaque texte que matplotlib dessine (pour les
  tests unitaires des figures) ;
- :class:`TextProbe`, installé dans le noyau d'un carnet (``install(get_ipython(), chemin)``) :
  il note **chaque texte que matplotlib dessine** (graduations de tous les axes, barres de
  couleurs et 3D comprises, décalages, titres, noms d'axes, légendes, annotations, textes
  libres) en enveloppant ``matplotlib.text.Text.draw``, et, après chaque cellule, la ligne
  d'état (``.status``) de chaque objet vivant qui en a une à côté d'une figure ou d'une vue
  (les figures vivantes : Explorer, GradientProbe, MiniBatchExplorer… trouvées par ce
  qu'elles ont, pas par leur nom). Chaque cellule ajoute une ligne JSON au journal.

Une figure affichée (``plt.show()``, en ligne) est dessinée par le noyau pour en faire l'image ;
une figure vivante est dessinée à sa création, à chaque dessin complet (quand une borne d'axe
change) et, pour ses artistes animés, à chaque image (*blitting*) : dans tous les cas, ses
textes passent par ``Text.draw``. Ce qui est noté est donc ce qui a été dessiné, au moment où
ce l'a été. Les textes que le navigateur dessine lui-même (curseurs d'ipywidgets, dessins en
JavaScript) ne passent pas par matplotlib et ne sont pas vus ici.

``tests/test_decimal_comma.py`` exécute les chapitres avec la sonde et lit les journaux.
"""

import contextlib
import gc
import json
import re
from pathlib import Path

__all__ = ["decimal_points", "stray_tex_commas", "without_code", "faults", "drawn_texts",
           "TextProbe", "install"]

#: un nombre écrit avec un point décimal : des chiffres de part et d'autre du point
#: (« 0.4957 », « 1.0 », « 2.5e-3 », « 0.5 » dans une formule ``$...$`` aussi) ; « l'étape 3. »
#: (point final) n'en est pas un
_DECIMAL = re.compile(r"\d+\.\d+(?:[eE][+-]?\d+)?")

#: du code montré comme du code (dans une sortie, jamais dans une figure ni une ligne d'état) :
#: - un argument nommé Python, ``lr=0.001`` ou ``betas=(0.9, 0.999)`` (identifiant ASCII collé
#:   au signe =, sans espace ; « η = 0,4 » de la prose et ``\eta=0.5`` d'une formule n'en sont
#:   pas) ;
#: - un morceau de code entre accents graves (`` `lr=0.1` ``) ou dans ``<code>`` (HTML) ;
#: - le numéro d'un exercice (« Exercice 6.2 »), qui n'est pas un nombre décimal.
_CODE = [
    re.compile(r"`[^`\n]*`"),
    re.compile(r"<code\b[^>]*>.*?</code>", re.S | re.I),
    re.compile(r"(?<![\w\\])[A-Za-z_][A-Za-z0-9_]*=(?:\([^()]*\)|[^\s,()]+)"),
    re.compile(r"\b[Ee]xercice \d+\.\d+\b"),
]


def decimal_points(text):
    """Les nombres que ``text`` écrit avec un point décimal.

    Paramètres
    ----------
    text : str, un texte lu par un étudiant (titre, graduation, ligne d'état, sortie imprimée),
        formules ``$...$`` comprises.

    Renvoie
    -------
    list de str : les nombres fautifs, dans l'ordre (``[]`` si tout est à la française).
    """
    return _DECIMAL.findall(str(text))


def without_code(text):
    """``text`` sans le code qu'il montre comme du code (arguments nommés ``lr=0.001``,
    morceaux entre accents graves ou dans ``<code>``) ni numéros d'exercices : le code garde
    le point, comme le code lui-même."""
    text = str(text)
    for pattern in _CODE:
        text = pattern.sub(" ", text)
    return text


def stray_tex_commas(text):
    """Les virgules de formule (``{,}``) écrites hors d'une formule ``$...$`` : matplotlib les
    afficherait telles quelles (« 0{,}5 »).

    Renvoie
    -------
    list de str : les morceaux de texte hors formule qui en contiennent.
    """
    parts = re.split(r"(?<!\\)\$", str(text))
    return [part for k, part in enumerate(parts) if k % 2 == 0 and "{,}" in part]


def faults(text, code=False):
    """Ce qui ne va pas dans un texte lu par un étudiant : les nombres écrits avec un point
    décimal, puis les virgules de formule ``{,}`` hors formule.

    Paramètres
    ----------
    text : str.
    code : bool, le texte peut montrer du code comme du code (une sortie imprimée) : ce code-là
        garde son point (voir :func:`without_code`). Faux pour une figure ou une ligne d'état.

    Renvoie
    -------
    list de str : ``[]`` si tout va bien.
    """
    checked = without_code(text) if code else str(text)
    return decimal_points(checked) + [f"« {part.strip()} » : {{,}} hors formule"
                                      for part in stray_tex_commas(text)]


# -- la sonde, dans le noyau -------------------------------------------------------------------
def _roles(figure):
    """id(Text) → rôle (« graduation de l'axe x », « titre »…) pour les textes de ``figure``."""
    roles = {}
    if getattr(figure, "_suptitle", None) is not None:
        roles[id(figure._suptitle)] = "titre de la figure"
    for text in getattr(figure, "texts", []):
        roles.setdefault(id(text), "texte de la figure")
    for legend in getattr(figure, "legends", []):
        for text in legend.get_texts():
            roles[id(text)] = "légende"
    for ax in figure.axes:
        for attr in ("title", "_left_title", "_right_title"):
            if getattr(ax, attr, None) is not None:
                roles[id(getattr(ax, attr))] = "titre"
        for name in ("x", "y", "z"):
            axis = getattr(ax, f"{name}axis", None)
            if axis is None:
                continue
            which = "de la barre de couleurs" if hasattr(ax, "_colorbar") else f"de l'axe {name}"
            roles[id(axis.label)] = f"nom {which}"
            roles[id(axis.offsetText)] = f"décalage {which}"
            for tick in list(axis.majorTicks) + list(axis.minorTicks):
                roles[id(tick.label1)] = roles[id(tick.label2)] = f"graduation {which}"
        legend = ax.get_legend()
        if legend is not None:
            roles[id(legend.get_title())] = "titre de légende"
            for text in legend.get_texts():
                roles[id(text)] = "légende"
        for text in ax.texts:
            roles[id(text)] = "annotation" if hasattr(text, "xyann") else "texte"
    return roles


def _figure_name(figure):
    """De quoi reconnaître une figure dans un rapport : son titre, ou celui de ses Axes."""
    suptitle = getattr(figure, "_suptitle", None)
    titles = [suptitle.get_text()] if suptitle is not None else []
    titles += [ax.get_title() for ax in figure.axes]
    titles = [t for t in titles if t]
    return " | ".join(titles) if titles else "figure sans titre"


def _may_hold_a_status(cls, cache={}):  # noqa: B006 — le cache dure le temps du noyau
    """Une instance de ``cls`` peut-elle avoir une ligne d'état ? (une classe Python, pas un
    type de base ni un artiste matplotlib)"""
    known = cache.get(cls)
    if known is None:
        module = getattr(cls, "__module__", "") or ""
        known = cache[cls] = (
            hasattr(cls, "__dict__") and not issubclass(cls, type)
            and not module.startswith(("builtins", "matplotlib", "numpy", "ipykernel",
                                       "IPython", "zmq", "tornado", "asyncio", "traitlets",
                                       "jupyter_client", "comm")))
    return known


def _status_holders():
    """Les objets vivants qui ont une ligne d'état, comme une figure vivante : un attribut
    ``status`` qui est un texte, et une figure (``figure``) ou une vue (``widget``).

    Tous les objets du noyau (``gc``), pas seulement ceux de l'espace de noms : un widget
    affiché sans être gardé dans une variable (``display(Explorer(F))``, dans une boîte) est
    vu aussi.

    Renvoie
    -------
    list de (nom de la classe, ligne d'état).
    """
    holders = []
    for obj in gc.get_objects():
        if not _may_hold_a_status(type(obj)):
            continue
        try:
            status = getattr(obj, "status", None)
            shown = hasattr(obj, "figure") or hasattr(obj, "widget")
        except Exception:  # noqa: BLE001 — une propriété d'un objet quelconque
            continue
        if isinstance(status, str) and shown:
            holders.append((type(obj).__name__, status))
    return holders


_recorders = {}  # id -> liste où noter (Text, texte dessiné)
_original_draw = None


def _hook_text_draw():
    """Enveloppe ``matplotlib.text.Text.draw`` (une fois) : chaque texte dessiné, visible et
    non vide, est noté par les enregistreurs actifs, avec le texte tel qu'il a été dessiné."""
    global _original_draw
    from matplotlib.text import Text

    if _original_draw is not None:
        return
    _original_draw = original = Text.draw

    def draw(text, renderer):
        result = original(text, renderer)
        if _recorders and text.get_visible() and text.get_text():
            for record in _recorders.values():
                record.append((text, text.get_text()))
        return result

    draw.__wrapped__ = original
    Text.draw = draw


@contextlib.contextmanager
def drawn_texts():
    """Le temps du bloc ``with``, note chaque texte que matplotlib dessine.

    Renvoie (``as``)
    ----------------
    list de ``(Text, str)`` : l'artiste et le texte dessiné, dans l'ordre des dessins (un
    texte redessiné apparaît plusieurs fois).
    """
    _hook_text_draw()
    record = []
    _recorders[id(record)] = record
    try:
        yield record
    finally:
        del _recorders[id(record)]


def _root_figure(text):
    figure = text.get_figure(root=True) if hasattr(text, "get_figure") else None
    return figure if figure is not None else text.figure


class TextProbe:
    """Note les textes que matplotlib dessine et les lignes d'état, cellule par cellule.

    Paramètres
    ----------
    shell : l'``InteractiveShell`` d'IPython (``get_ipython()``).
    log : chemin du journal (une ligne JSON par cellule exécutée : ``execution_count``,
        ``source``, ``texts`` = liste de ``[figure, rôle, texte]`` dessinés pendant la cellule,
        ``statuses`` = liste de ``[classe, ligne d'état]`` après la cellule).
    """

    def __init__(self, shell, log):
        self.shell = shell
        self.log = Path(log)
        self._drawn = []

    def install(self):
        _hook_text_draw()
        _recorders[id(self._drawn)] = self._drawn
        self.shell.events.register("post_run_cell", self.after_cell)
        return self

    def after_cell(self, result):
        figures, roles, names = {}, {}, {}
        for text, _ in self._drawn:
            figure = _root_figure(text)
            if figure is not None and id(figure) not in figures:
                figures[id(figure)] = figure
                roles[id(figure)] = _roles(figure)
                names[id(figure)] = _figure_name(figure)
        texts, seen = [], set()
        for text, string in self._drawn:
            key = id(_root_figure(text))
            entry = (names.get(key, "?"), roles.get(key, {}).get(id(text), "texte"), string)
            if entry not in seen:
                seen.add(entry)
                texts.append(entry)
        self._drawn.clear()
        record = {"execution_count": result.execution_count,
                  "source": result.info.raw_cell if result.info is not None else "",
                  "texts": texts,
                  "statuses": sorted(set(_status_holders()))}
        with self.log.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def install(shell, log):
    """Installe une :class:`TextProbe` dans le noyau ``shell`` ; le journal va dans ``log``."""
    return TextProbe(shell, log).install()
