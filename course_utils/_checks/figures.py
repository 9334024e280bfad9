"""Ce que reçoivent les fonctions de dessin : Axes, couleurs, région du plan, niveaux.

matplotlib n'est importé qu'à l'appel des fonctions qui en ont besoin.
"""

import numpy as np

from .arrays import as_float_array
from .scalars import _is_integer, _received, _shown, check_count, check_real


# -- matplotlib ---------------------------------------------------------------------------------
def check_axes(ax, *, three_d=False, name="ax"):
    """Un ``Axes`` matplotlib (en 3D si ``three_d``)."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(
            f"Le paramètre {name} doit être un Axes matplotlib (par exemple "
            f"fig, ax = plt.subplots()) ; {_received(ax)}."
        )
    if three_d and getattr(ax, "name", "") != "3d":
        raise TypeError(
            f"Le paramètre {name} doit être un Axes 3D, créé par fig.add_subplot(..., "
            f"projection=\"3d\") ; reçu un Axes de type « {getattr(ax, 'name', '?')} »."
        )
    return ax


def check_axes_pair(name, value):
    """Deux Axes matplotlib (un tuple, une liste ou le tableau de ``plt.subplots(1, 2)``)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(
            f"Le paramètre {name} doit être deux Axes (ax, axc), par exemple "
            f"plt.subplots(1, 2)[1] ; {_received(value)}."
        )
    return tuple(check_axes(a, name=name) for a in value)


def check_color(name, value):
    """Une couleur matplotlib, ou None."""
    from matplotlib.colors import is_color_like

    if value is not None and not is_color_like(value):
        raise ValueError(
            f"Le paramètre {name} doit être une couleur matplotlib (par exemple « tab:blue » "
            f"ou « #0072B2 ») ou None ; valeur reçue : {_shown(value)}."
        )
    return value


def check_colors(name, value, at_least=1):
    """Une liste d'au moins ``at_least`` couleurs matplotlib."""
    if isinstance(value, str) or not hasattr(value, "__len__"):
        raise TypeError(
            f"Le paramètre {name} doit être une liste de couleurs (ou None) ; "
            f"valeur reçue : {_shown(value)}."
        )
    if len(value) < at_least:
        raise ValueError(
            f"Le paramètre {name} doit être une liste d'au moins {at_least} couleur"
            f"{'s' if at_least > 1 else ''} ; valeur reçue : {_shown(value)}."
        )
    for c in value:
        check_color(name, c)
    return value


def check_region(value):
    """Une région (w1_min, w1_max, w2_min, w2_max) : quatre nombres finis, bornes croissantes."""
    message = (
        "Le paramètre region doit être (w1_min, w1_max, w2_min, w2_max), quatre nombres finis "
        f"avec w1_min < w1_max et w2_min < w2_max ; valeur reçue : {_shown(value)}."
    )
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 4:
        raise ValueError(message)
    try:
        values = tuple(check_real("region", v) for v in value)
    except TypeError:
        raise TypeError(message) from None
    a, b, c, d = values
    if not (np.all(np.isfinite(values)) and a < b and c < d):
        raise ValueError(message)
    return values


def check_levels(value):
    """Des niveaux de courbes de niveau : un nombre de niveaux (entier ≥ 2, rendu tel quel) ou
    une liste d'au moins deux niveaux finis strictement croissants (rendue en tableau)."""
    if _is_integer(value):
        return check_count("levels", value, low=2)
    if isinstance(value, (bool, np.bool_, str)) or not hasattr(value, "__len__"):
        raise TypeError(
            "Le paramètre levels doit être un nombre de niveaux (entier) ou une liste de "
            f"niveaux croissants ; valeur reçue : {_shown(value)}."
        )
    lv = as_float_array("levels", value)
    if lv.ndim != 1 or lv.size < 2 or not np.all(np.isfinite(lv)) or np.any(np.diff(lv) <= 0):
        raise ValueError(
            "Le paramètre levels doit contenir au moins deux niveaux finis et strictement "
            f"croissants ; valeur reçue : {_shown(value)}."
        )
    return lv
