"""Les nombres écrits pour un étudiant, à la française : virgule décimale, point « (a ; b) ».

Convention du cours : le **code** et ce qu'on lui donne gardent le point (``eta=0.4``) ; le
**texte** qu'un étudiant lit (prose, titres et graduations des figures, légendes, lignes
d'état, résultats imprimés pour être lus) écrit la virgule (« 0,4957 »). Un seul outil le fait :

- :func:`number` : un nombre en texte (``number(0.49573, 4)`` → ``"0,4957"``), ou en formule
  matplotlib/LaTeX avec ``tex=True`` (``"0{,}4957"``, sans l'espace que LaTeX met après une
  virgule) ;
- :func:`point` : un point ``(w₁ ; w₂)`` (le point-virgule sépare les coordonnées, puisque la
  virgule est prise) ;
- :class:`FrenchFormatter` et :func:`french_axes` : les graduations des axes matplotlib ; avec
  ``french_axes(ax, plain_log=True)``, un axe logarithmique de quelques décades est gradué en
  toutes lettres (« 3 000 », « 0,01 ») plutôt qu'en puissances de dix (« 3 × 10³ »).
"""

import math
import re

import numpy as np
from matplotlib.ticker import Formatter, LogLocator, NullFormatter

from ._checks import check_axes, check_bool, check_count, check_real

__all__ = ["number", "point", "FrenchFormatter", "french_axes"]

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_MINUS = "\u2212"  # le signe moins typographique (celui des graduations de matplotlib)
_EXPONENT = re.compile(r"^([^e]*)e([+-]?)0*(\d+)$")


def number(x, digits=4, *, tex=False, fixed=None, group=False):
    """Le nombre ``x`` écrit à la française.

    Paramètres
    ----------
    x : nombre réel (int, float, scalaire numpy)
    digits : chiffres significatifs (comme le format ``g`` de Python), 4 par défaut
    tex : ``True`` pour l'écrire dans une formule (``$...$`` de matplotlib ou de Markdown) :
        virgule ``{,}`` et puissance de dix ``10^{-5}``
    fixed : si c'est un entier k, exactement k chiffres après la virgule (format ``.kf``)
        au lieu de ``digits`` chiffres significatifs
    group : séparer les milliers par une espace fine insécable (``2 870,5``), à partir de
        10 000 comme le veut l'usage français (``2870,5`` reste groupé seulement si ``group``
        vaut ``"toujours"``)

    Renvoie
    -------
    str : par exemple ``number(0.49573)`` → ``"0,4957"`` ; ``number(-1.5e-7, 2)`` →
    ``"−1,5 × 10⁻⁷"`` ; ``number(float("inf"))`` → ``"∞"`` ; ``number(3.0)`` → ``"3"``.
    """
    x = check_real("x", x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        text = "\\infty" if tex else "∞"
        return (("-" if tex else _MINUS) + text) if x < 0 else text
    if fixed is not None:
        raw = f"{x:.{check_count('fixed', fixed)}f}"
    else:
        raw = f"{x:.{check_count('digits', digits, low=1, high=17)}g}"
    if raw.lstrip("-") in ("0", "0.0") or float(raw) == 0:
        raw = raw.lstrip("-")  # pas de « −0 »
    negative = raw.startswith("-")
    raw = raw.lstrip("-")
    match = _EXPONENT.match(raw)
    mantissa, exponent = (match.group(1), match.group(2) + match.group(3)) if match else (raw, None)
    if tex:
        mantissa = mantissa.replace(".", "{,}")
        sign = "-" if negative else ""
        if exponent is None:
            return sign + mantissa
        power = f"10^{{{exponent.lstrip('+')}}}"
        return sign + (power if mantissa == "1" else f"{mantissa} \\times {power}")
    if group and exponent is None:
        whole, _, frac = mantissa.partition(".")
        if len(whole) > 4 or (group == "toujours" and len(whole) > 3):
            sep = "\\," if tex else "\u202f"
            whole = f"{int(whole):,}".replace(",", sep)
        mantissa = whole + ("." + frac if frac else "")
        if tex:
            return ("-" if negative else "") + mantissa.replace(".", "{,}")
    mantissa = mantissa.replace(".", ",")
    sign = _MINUS if negative else ""
    if exponent is None:
        return sign + mantissa
    power = "10" + exponent.lstrip("+").translate(_SUPERSCRIPT)
    return sign + (power if mantissa == "1" else f"{mantissa} × {power}")


def point(w, digits=4, *, tex=False, fixed=None):
    """Un point écrit à la française : ``point((0.5, -2))`` → ``"(0,5 ; −2)"``.

    Paramètres
    ----------
    w : les coordonnées (une suite de nombres, un tableau numpy).
    digits, tex, fixed : comme :func:`number`, pour chaque coordonnée.

    Renvoie
    -------
    str : les coordonnées entre parenthèses, séparées par « ; » (``\\,;\\,`` avec
    ``tex=True``). En formule, une coordonnée négative est mise entre accolades
    (``(0\\,;\\,{-1})``) : après le « ; », le moins serait sinon lu comme une soustraction
    et entouré d'espaces (« (0 ; − 1) »).
    """
    coords = np.asarray(w, dtype=float).ravel()
    parts = [number(float(c), digits, tex=tex, fixed=fixed) for c in coords]
    if tex:
        parts = [f"{{{p}}}" if p.startswith("-") else p for p in parts]
    return "(" + ("\\,;\\," if tex else " ; ").join(parts) + ")"


class FrenchFormatter(Formatter):
    """Les graduations d'un axe matplotlib avec la virgule décimale.

    Enveloppe le formateur que matplotlib aurait choisi (``inner``) et remplace seulement le
    point décimal de ses étiquettes : ``{,}`` dans une étiquette en formule (``$...$``), ``,``
    ailleurs. Tout le reste (choix des graduations, puissances de dix, décalage) est celui de
    matplotlib.

    Paramètres
    ----------
    inner : le ``Formatter`` de matplotlib à envelopper.
    """

    def __init__(self, inner):
        self.inner = inner

    @staticmethod
    def _comma(text):
        if not text:
            return text
        if "$" in text:
            return re.sub(r"(?<=\d)\.(?=\d)", "{,}", text)
        return re.sub(r"(?<=\d)\.(?=\d)", ",", text)

    def __call__(self, x, pos=None):
        return self._comma(self.inner(x, pos))

    def format_ticks(self, values):
        return [self._comma(s) for s in self.inner.format_ticks(values)]

    def format_data(self, value):
        return self._comma(self.inner.format_data(value))

    def format_data_short(self, value):
        return self._comma(self.inner.format_data_short(value))

    def get_offset(self):
        return self._comma(self.inner.get_offset())

    def set_locs(self, locs):
        self.inner.set_locs(locs)
        self._locs = locs  # ``locs`` public est déprécié depuis matplotlib 3.11

    def set_axis(self, axis):
        super().set_axis(axis)
        self.inner.set_axis(axis)


class _PlainLogLocator(LogLocator):
    """Les graduations d'un axe logarithmique lisibles en toutes lettres : 1, 2, 3, 5 × 10^k
    sur une décade et demie au plus, 1, 2, 5 × 10^k jusqu'à deux décades et demie, les seules
    puissances de dix au-delà (matplotlib choisit alors leur espacement)."""

    def tick_values(self, vmin, vmax):
        lo, hi = sorted((float(vmin), float(vmax)))
        if lo <= 0 and self.axis is not None:
            lo = self.axis.get_minpos()
        decades = math.log10(hi / lo) if 0 < lo < hi and math.isfinite(hi / lo) else 99.0
        subs = (1.0, 2.0, 3.0, 5.0) if decades <= 1.5 else (1.0, 2.0, 5.0) if decades <= 2.5 \
            else (1.0,)
        self.set_params(subs=subs)
        return super().tick_values(vmin, vmax)


class _PlainLogFormatter(Formatter):
    """Les graduations d'un axe logarithmique en toutes lettres (« 3 000 », « 0,01 », avec
    :func:`number`), tant qu'elles restent entre 10⁻⁴ et 10⁶ ; au-delà, toutes en puissances de
    dix (« 10⁻⁸ »), pour ne pas mélanger les deux écritures sur un même axe."""

    def __init__(self):
        self._plain = True

    def set_locs(self, locs):
        self._locs = locs
        if self.axis is not None:
            lo, hi = sorted(self.axis.get_view_interval())
            locs = [v for v in locs if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]
        self._plain = all(1e-4 <= abs(v) < 1e6 for v in locs)

    def __call__(self, x, pos=None):
        if not (x > 0 and math.isfinite(x)):
            return ""
        if self._plain:
            return number(x, 6, group=True)
        k = round(math.log10(x))
        if math.isclose(x, 10.0**k, rel_tol=1e-9):
            return f"$\\mathdefault{{10^{{{k}}}}}$"
        return number(x, 2)


def _is_plain(formatter):
    return isinstance(formatter, FrenchFormatter) and isinstance(formatter.inner,
                                                                 _PlainLogFormatter)


def french_axes(ax, plain_log=False):
    """Met la virgule décimale dans les graduations de ``ax`` (axes x, y, et z en 3D).

    À appeler après les changements d'échelle (``set_xscale``, ``set_yscale``), qui remettent
    les formateurs de matplotlib. Appeler deux fois ne change rien.

    Paramètres
    ----------
    ax : Axes matplotlib (2D ou 3D).
    plain_log : bool. Avec ``True``, chaque axe logarithmique est gradué en toutes lettres :
        « 3 000 », « 10 000 », « 0,01 » (1, 2, 3, 5 × 10^k sur une décade et demie, 1, 2,
        5 × 10^k jusqu'à deux décades et demie, les puissances de dix au-delà), sans étiquette
        sur les petites graduations ; des graduations qui sortent de 10⁻⁴…10⁶ restent écrites
        en puissances de dix. Les axes linéaires ne changent pas.

    Renvoie
    -------
    le même ``ax``.
    """
    check_axes(ax)
    plain_log = check_bool("plain_log", plain_log)
    axes = [ax.xaxis, ax.yaxis] + ([ax.zaxis] if hasattr(ax, "zaxis") else [])
    for axis in axes:
        if plain_log and axis.get_scale() == "log":
            if not isinstance(axis.get_major_locator(), _PlainLogLocator):
                axis.set_major_locator(_PlainLogLocator())
            if not _is_plain(axis.get_major_formatter()):
                axis.set_major_formatter(FrenchFormatter(_PlainLogFormatter()))
                axis.set_minor_formatter(NullFormatter())
        for getter, setter in ((axis.get_major_formatter, axis.set_major_formatter),
                               (axis.get_minor_formatter, axis.set_minor_formatter)):
            current = getter()
            if not isinstance(current, FrenchFormatter):
                setter(FrenchFormatter(current))
    return ax
