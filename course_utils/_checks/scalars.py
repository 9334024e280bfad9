"""Nombres, booléens, choix et textes : les vérifications qui ne demandent que Python et numpy."""

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


def check_count(name, value, low=0, high=None, *, high_text=None):
    """Un entier (int Python ou entier numpy ; ni 2.5 ni 20.0) au moins égal à ``low`` (0 par
    défaut) et, si ``high`` est donné, au plus égal à ``high`` ; ``high_text`` : ce que le
    message dit de cette borne (par exemple « n = 354 (le nombre d'exemples) »)."""
    if not _is_integer(value):
        raise TypeError(
            f"Le paramètre {name} doit être un entier (par exemple 20) ; {_received(value)}."
        )
    n = int(value)
    if n < low or (high is not None and n > high):
        if high is not None:
            wanted = f"un entier entre {low} et {high_text or high}"
        elif low == 0:
            wanted = "un entier positif ou nul"
        else:
            wanted = f"un entier au moins égal à {low}"
        raise ValueError(f"Le paramètre {name} doit être {wanted} ; valeur reçue : {n}.")
    return n


def check_batch_size(value, n):
    """La taille d'un mini-lot : un entier de 1 à ``n``, le nombre d'exemples."""
    return check_count("batch_size", value, low=1, high=n,
                       high_text=f"n = {n} (le nombre d'exemples)")


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
