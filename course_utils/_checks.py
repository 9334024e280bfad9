"""Vérifications des arguments, avec des messages d'erreur en français.

Toutes les vérifications de ``course_utils`` sont ici : une fonction par notion (un booléen,
un objectif, un indice d'exemple, un Axes, une couleur, un texte…), donc un seul message par
notion. Chaque message nomme le paramètre fautif et la valeur reçue, pour qu'un étudiant sache
immédiatement quoi corriger.

matplotlib et les classes d'objectifs ne sont importés qu'à l'appel des fonctions qui en ont
besoin : ce module ne dépend de rien d'autre que numpy.
"""

import numbers

import numpy as np


def _shown(value):
    """Une représentation courte de la valeur reçue, pour les messages d'erreur."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _received(value):
    """« valeur reçue : … (de type …) »."""
    return f"valeur reçue : {_shown(value)} (de type {type(value).__name__})"


def _is_integer(value):
    return not isinstance(value, (bool, np.bool_)) and isinstance(
        value, (numbers.Integral, np.integer))


# -- nombres ------------------------------------------------------------------------------------
def check_real(name, value):
    """Un nombre réel (int, float ou scalaire numpy, mais pas un booléen) converti en float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"Le paramètre {name} doit être un nombre réel ; {_received(value)}.")
    return float(value)


def check_positive(name, value, *, strict=True):
    """Un réel fini strictement positif (par exemple le pas η), ou positif ou nul si
    ``strict=False`` (par exemple une taille de marqueur)."""
    x = check_real(name, value)
    if not np.isfinite(x) or x < 0 or (strict and x == 0):
        kind = "strictement positif" if strict else "positif ou nul"
        raise ValueError(
            f"Le paramètre {name} doit être un nombre {kind} et fini ; "
            f"valeur reçue : {_shown(value)}."
        )
    return x


def check_interval(name, value, low, high, *, high_included=False, low_included=True):
    """Un réel dans l'intervalle [low, high) (par défaut) ; les bornes sont réglables."""
    x = check_real(name, value)
    ok_low = x >= low if low_included else x > low
    ok_high = x <= high if high_included else x < high
    if not (np.isfinite(x) and ok_low and ok_high):
        left = "[" if low_included else "]"
        right = "]" if high_included else "["
        raise ValueError(
            f"Le paramètre {name} doit être dans l'intervalle {left}{low:g}, {high:g}{right} ; "
            f"valeur reçue : {_shown(value)}."
        )
    return x


def check_count(name, value, low=0, high=None):
    """Un entier (int Python ou entier numpy ; ni 2.5 ni 20.0) au moins égal à ``low`` (0 par
    défaut) et, si ``high`` est donné, au plus égal à ``high``."""
    if not _is_integer(value):
        raise TypeError(
            f"Le paramètre {name} doit être un entier (par exemple 20) ; {_received(value)}."
        )
    n = int(value)
    if n < low or (high is not None and n > high):
        if high is not None:
            wanted = f"un entier entre {low} et {high}"
        elif low == 0:
            wanted = "un entier positif ou nul"
        else:
            wanted = f"un entier au moins égal à {low}"
        raise ValueError(f"Le paramètre {name} doit être {wanted} ; valeur reçue : {n}.")
    return n


def check_seed(name, value):
    """Une graine : None, un entier positif ou un ``numpy.random.Generator``."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if not _is_integer(value):
        raise TypeError(
            f"Le paramètre {name} doit être None, un entier ou un numpy.random.Generator ; "
            f"{_received(value)}."
        )
    return check_count(name, value)


def check_bool(name, value, *, none_means=None):
    """``True`` ou ``False`` (ou un booléen numpy) ; si ``none_means`` est un texte, ``None``
    est aussi permis et ce texte dit ce qu'il signifie (par exemple « choix automatique »)."""
    if value is None and none_means is not None:
        return None
    if not isinstance(value, (bool, np.bool_)):
        allowed = "True ou False" if none_means is None else (
            f"None ({none_means}), True ou False")
        raise TypeError(
            f"Le paramètre {name} doit être {allowed} ; valeur reçue : {_shown(value)}."
        )
    return bool(value)


# -- noms et textes -----------------------------------------------------------------------------
def check_choice(name, value, choices):
    """Une valeur parmi une liste de noms permis."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(f"« {c} »" for c in choices)
        raise ValueError(
            f"Le paramètre {name} doit valoir l'un de {allowed} ; valeur reçue : {_shown(value)}."
        )
    return value


def check_choices(name, values, choices, example):
    """Une liste (ou un tuple…) de noms permis, sans doublon ; ``example`` montre une liste
    valable dans le message. Renvoie la liste, doublons retirés."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(
            f"Le paramètre {name} doit être une liste de noms, par exemple {example} ; "
            f"valeur reçue : {_shown(values)}."
        )
    return list(dict.fromkeys(check_choice(name, v, choices) for v in values))


def check_text(name, value, *, optional=True, empty=True):
    """Un texte (str), ou None si ``optional`` ; vide permis seulement si ``empty``."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or (not empty and not value.strip()):
        kind = "un texte (str)" if empty else "un texte (str) non vide"
        raise TypeError(
            f"Le paramètre {name} doit être {kind}{' ou None' if optional else ''} ; "
            f"{_received(value)}."
        )
    return value


def check_identifier(name, value):
    """Un nom court d'identifiant : minuscules ASCII, chiffres et « _ » (« heavy_ball »)."""
    check_text(name, value, optional=False, empty=False)
    if not (value.isidentifier() and value == value.lower() and value.isascii()):
        raise ValueError(
            f"Le paramètre {name} doit être un nom court en minuscules, sans espace ni "
            f"accent (par exemple « heavy_ball ») ; valeur reçue : {_shown(value)}."
        )
    return value


def check_instance(name, value, kind, wanted):
    """Un objet de la classe ``kind`` ; ``wanted`` dit lequel en français, avec un exemple."""
    if not isinstance(value, kind):
        raise TypeError(f"Le paramètre {name} doit être {wanted} ; {_received(value)}.")
    return value


def check_callable(name, value, signature):
    """Une fonction (tout objet appelable) ; ``signature`` montre comment elle sera appelée."""
    if not callable(value):
        raise TypeError(
            f"Le paramètre {name} doit être une fonction {signature} ; {_received(value)}."
        )
    return value


# -- tableaux -----------------------------------------------------------------------------------
def as_float_array(name, value):
    """Convertit en tableau de flottants, avec une erreur claire si c'est impossible."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"Le paramètre {name} doit être un tableau de nombres ; valeur reçue : {_shown(value)}."
        ) from None
    return arr


def check_finite(name, arr, value=None):
    """Un tableau sans NaN ni infini (``value`` : ce que l'appelant a reçu, pour le message)."""
    if not np.all(np.isfinite(arr)):
        shown = _shown(arr.tolist() if value is None else value)
        raise ValueError(
            f"Le paramètre {name} doit contenir des nombres finis (ni NaN ni infini) ; "
            f"valeur reçue : {shown}."
        )
    return arr


def check_point(name, value, d, *, batch=True):
    """Un point de départ de forme (d,) ou, si ``batch``, un lot de départs de forme
    ``(..., d)`` (autant d'axes en tête que l'on veut : (B, d), une grille (M, N, d)…), fini
    et non vide."""
    arr = as_float_array(name, value)
    shapes = f"({d},)" + (f" ou un lot de départs (..., {d})" if batch else "")
    if not (arr.ndim == 1 or (batch and arr.ndim > 1)) or arr.shape[-1] != d or arr.size == 0:
        raise ValueError(
            f"Le paramètre {name} doit être de forme {shapes} ; reçu un tableau de forme "
            f"{arr.shape} : {_shown(value)}."
        )
    return check_finite(name, arr, value)


def check_points(name, value, d):
    """Des points de forme ``(..., d)`` (un point, une trajectoire, une grille), en flottants."""
    w = as_float_array(name, value)
    if w.ndim == 0 or w.shape[-1] != d:
        raise ValueError(
            f"Le paramètre {name} doit avoir {d} composantes sur son dernier axe "
            f"(forme (..., {d})) ; reçu un tableau de forme {w.shape}."
        )
    return w


def check_trajectory(name, value, d=None, *, batch=True):
    """Une trajectoire ``(T + 1, d)`` ou, si ``batch``, un lot ``(T + 1, B, d)``, en
    flottants ; ±inf devient NaN (un point qui n'est plus fini)."""
    Z = as_float_array(name, value)
    ndims = (2, 3) if batch else (2,)
    last = "d" if d is None else str(d)
    shapes = f"(T + 1, {last})" + (f" ou (T + 1, B, {last})" if batch else "")
    if Z.ndim not in ndims or 0 in Z.shape or (d is not None and Z.shape[-1] != d):
        raise ValueError(
            f"Le paramètre {name} doit être une trajectoire de forme {shapes} ; reçu un "
            f"tableau de forme {Z.shape}."
        )
    return np.where(np.isfinite(Z), Z, np.nan)


def check_labelled(name, value):
    """Un dict non vide étiquette → trajectoire (les courbes d'une figure, avec leur légende)."""
    if not isinstance(value, dict) or not value:
        raise TypeError(
            f"Le paramètre {name} doit être un dict non vide étiquette → trajectoire, par "
            f"exemple {{'$\\eta = 0{{,}}4$': Z}} ; {_received(value)}."
        )
    return value


def check_dataset(X, y):
    """Les données d'un objectif : ``X`` de forme (n, d) et ``y`` de forme (n,), finies.
    Renvoie des copies en flottants, en lecture seule."""
    X = as_float_array("X", X)
    y = as_float_array("y", y)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            "Le paramètre X doit être une matrice (tableau 2-D) de forme (n, d), avec un "
            f"exemple par ligne ; reçu un tableau de forme {X.shape}."
        )
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"Le paramètre y doit être un vecteur (tableau 1-D) de longueur n = {X.shape[0]} "
            f"(une cible par ligne de X) ; reçu un tableau de forme {y.shape}."
        )
    for label, arr in (("X", X), ("y", y)):
        check_finite(label, arr)
        arr.setflags(write=False)
    return X, y


# -- objectifs et exemples ----------------------------------------------------------------------
def check_objective(objective, *, two_params=False, kinds=None, name="objective"):
    """Une fonction objectif de ``course_utils`` ; ``two_params`` : à deux paramètres (w₁, w₂),
    pour être dessinée dans le plan ; ``kinds`` : un tuple de classes permises seulement
    (par exemple celles qui ont une formule torch)."""
    from .objectives import Objective

    kinds = kinds or (Objective,)
    if not isinstance(objective, kinds):
        if kinds == (Objective,):
            wanted = ("une fonction objectif de course_utils (par exemple LeastSquares(X, y) "
                      "ou TanhNetwork(X, y))")
        else:
            wanted = " ou ".join(f"{k.__name__}(X, y)" for k in kinds) + " de course_utils"
        kind = type(objective).__name__
        if isinstance(objective, Objective):
            kind = f"{kind}, un autre objectif"
        raise TypeError(
            f"Le paramètre {name} doit être {wanted} ; valeur reçue : {_shown(objective)} "
            f"(de type {kind})."
        )
    if two_params and objective.d != 2:
        raise ValueError(
            f"Le paramètre {name} doit avoir exactement deux paramètres (w₁, w₂) pour être "
            f"dessiné dans le plan ; reçu un objectif à d = {objective.d} paramètres."
        )
    return objective


def _example_message(name, value, n, optional):
    none = "None (toute la somme F) ou " if optional else ""
    return (f"Le paramètre {name} doit être {none}un indice entier d'exemple entre 0 et {n - 1} ; "
            f"valeur reçue : {_shown(value)} (l'exemple i = 0 est x₁ dans le cours).")


def check_example(name, value, n, *, optional=False):
    """Un indice d'exemple, entier entre 0 et n − 1 (ou None si ``optional``)."""
    if value is None and optional:
        return None
    if not _is_integer(value):
        raise TypeError(_example_message(name, value, n, optional))
    if not 0 <= value < n:
        raise ValueError(_example_message(name, value, n, optional))
    return int(value)


def check_examples(name, value, n):
    """Un tableau d'indices d'exemples (entiers entre 0 et n − 1), diffusable."""
    idx = np.asarray(value)
    if idx.dtype.kind not in "iu" or np.any(idx < 0) or np.any(idx >= n):
        raise ValueError(_example_message(name, value, n, False))
    return idx


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


# -- torch --------------------------------------------------------------------------------------
def check_tensor(name, value, d, torch):
    """Un tenseur torch de nombres à virgule, de forme (d,) (``torch`` : le module importé)."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            f"Le paramètre {name} doit être un tenseur torch, par exemple "
            "torch.tensor([-7.0, 7.0], dtype=torch.float64, requires_grad=True) ; "
            f"{_received(value)}."
        )
    if not value.is_floating_point():
        raise TypeError(
            f"Le paramètre {name} doit être un tenseur de nombres à virgule (de préférence "
            f"dtype=torch.float64) ; reçu un tenseur de type {value.dtype}."
        )
    if tuple(value.shape) != (d,):
        raise ValueError(
            f"Le paramètre {name} doit être un tenseur de forme ({d},), un poids par "
            f"composante ; reçu un tenseur de forme {tuple(value.shape)}."
        )
    return value


def check_some_finite(name, value):
    """Un tableau de nombres dont au moins une valeur est finie ; renvoie ces valeurs finies."""
    arr = as_float_array(name, value)
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        raise ValueError(
            f"Le paramètre {name} doit contenir au moins une valeur finie ; reçu un tableau de "
            f"forme {arr.shape} sans aucune valeur finie."
        )
    return finite


def check_grid(W1, W2, values):
    """Une grille (comme ``np.meshgrid``) : trois tableaux 2-D de même forme, au moins 2 × 2,
    avec des coordonnées ``W1``, ``W2`` finies."""
    arrays = [as_float_array(n, v) for n, v in (("W1", W1), ("W2", W2), ("values", values))]
    shape = arrays[0].shape
    if len(shape) != 2 or min(shape) < 2 or any(a.shape != shape for a in arrays):
        raise ValueError(
            "Les paramètres W1, W2 et values doivent être trois tableaux 2-D de même forme (au "
            "moins 2 × 2), comme ceux de np.meshgrid ou de grid_values ; formes reçues : "
            f"{', '.join(str(a.shape) for a in arrays)}."
        )
    check_finite("W1", arrays[0], W1)
    check_finite("W2", arrays[1], W2)
    return arrays


def check_abscissa(name, value, length):
    """Des abscisses : un tableau 1-D de ``length`` nombres finis, croissants."""
    arr = as_float_array(name, value)
    if arr.shape != (length,) or not np.all(np.isfinite(arr)) or np.any(np.diff(arr) < 0):
        raise ValueError(
            f"Le paramètre {name} doit être un tableau de {length} nombres finis croissants (une "
            f"abscisse par point) ; reçu : {_shown(value)}."
        )
    return arr
