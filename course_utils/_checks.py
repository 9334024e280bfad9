"""Vérifications des arguments, avec des messages d'erreur en français.

Chaque fonction nomme le paramètre fautif et la valeur reçue, pour qu'un étudiant sache
immédiatement quoi corriger.
"""

import numbers

import numpy as np


def _shown(value):
    """Une représentation courte de la valeur reçue, pour les messages d'erreur."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_real(name, value):
    """Un nombre réel (int, float ou scalaire numpy, mais pas un booléen) converti en float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"Le paramètre {name} doit être un nombre réel ; valeur reçue : {_shown(value)} "
            f"(de type {type(value).__name__})."
        )
    return float(value)


def check_positive(name, value):
    """Un réel strictement positif et fini (par exemple le pas η)."""
    x = check_real(name, value)
    if not np.isfinite(x) or x <= 0:
        raise ValueError(
            f"Le paramètre {name} doit être un nombre strictement positif et fini ; "
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


def check_count(name, value):
    """Un entier positif ou nul (int Python ou entier numpy ; ni 2.5 ni 20.0)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(
            f"Le paramètre {name} doit être un entier (par exemple 20) ; valeur reçue : "
            f"{_shown(value)} (de type {type(value).__name__})."
        )
    n = int(value)
    if n < 0:
        raise ValueError(
            f"Le paramètre {name} doit être un entier positif ou nul ; valeur reçue : {n}."
        )
    return n


def check_seed(name, value):
    """Une graine : None, un entier positif ou un ``numpy.random.Generator``."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(
            f"Le paramètre {name} doit être None, un entier ou un numpy.random.Generator ; "
            f"valeur reçue : {_shown(value)} (de type {type(value).__name__})."
        )
    if value < 0:
        raise ValueError(
            f"Le paramètre {name} doit être un entier positif ou nul ; valeur reçue : {value}."
        )
    return int(value)


def check_choice(name, value, choices):
    """Une valeur parmi une liste de noms permis."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(f"« {c} »" for c in choices)
        raise ValueError(
            f"Le paramètre {name} doit valoir l'un de {allowed} ; valeur reçue : {_shown(value)}."
        )
    return value


def as_float_array(name, value):
    """Convertit en tableau de flottants, avec une erreur claire si c'est impossible."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"Le paramètre {name} doit être un tableau de nombres ; valeur reçue : {_shown(value)}."
        ) from None
    return arr


def check_point(name, value, d, *, batch=True):
    """Un point de départ de forme (d,) ou, si ``batch``, un lot de forme (B, d), fini."""
    arr = as_float_array(name, value)
    shapes = f"({d},)" + (f" ou (B, {d})" if batch else "")
    if not (arr.ndim == 1 or (batch and arr.ndim == 2)) or arr.shape[-1] != d or arr.size == 0:
        raise ValueError(
            f"Le paramètre {name} doit être de forme {shapes} ; reçu un tableau de forme "
            f"{arr.shape} : {_shown(value)}."
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"Le paramètre {name} doit contenir des nombres finis (ni NaN ni infini) ; "
            f"valeur reçue : {_shown(value)}."
        )
    return arr
