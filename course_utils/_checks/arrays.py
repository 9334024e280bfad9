"""Tableaux, points, trajectoires, données, objectifs, indices d'exemples et tenseurs torch.

Les classes d'objectifs ne sont importées qu'à l'appel de ``check_objective`` (elles importent
elles-mêmes ce paquet).
"""

import numpy as np

from .scalars import _is_integer, _received, _shown


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


def check_matrix(name, value):
    """Une matrice d'exemples : un tableau 2-D de forme (n, d), non vide, de nombres finis ;
    renvoyée en flottants."""
    X = as_float_array(name, value)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            f"Le paramètre {name} doit être une matrice (tableau 2-D) de forme (n, d), avec un "
            f"exemple par ligne ; reçu un tableau de forme {X.shape}."
        )
    return check_finite(name, X, value)


def check_dataset(X, y):
    """Les données d'un objectif : ``X`` de forme (n, d) et ``y`` de forme (n,), finies.
    Renvoie des copies en flottants, en lecture seule."""
    X = check_matrix("X", X)
    y = as_float_array("y", y)
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"Le paramètre y doit être un vecteur (tableau 1-D) de longueur n = {X.shape[0]} "
            f"(une cible par ligne de X) ; reçu un tableau de forme {y.shape}."
        )
    check_finite("y", y)
    for arr in (X, y):
        arr.setflags(write=False)
    return X, y


# -- objectifs et exemples ----------------------------------------------------------------------
def check_objective(objective, *, two_params=False, kinds=None, name="objective"):
    """Une fonction objectif de ``course_utils`` ; ``two_params`` : à deux paramètres (w₁, w₂),
    pour être dessinée dans le plan ; ``kinds`` : un tuple de classes permises seulement
    (par exemple celles qui ont une formule torch)."""
    from ..objectives import Objective

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
