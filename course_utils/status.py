"""Les phrases en français sous les figures vivantes, et les alertes écrites sur la figure.

Des fonctions pures : des nombres (déjà calculés par le cœur numérique) en entrée, une
:class:`Status` (le texte et s'il donne l'alerte) en sortie. Les nombres s'écrivent à la
française (:mod:`course_utils.french`) : « η = 0,4 ≤ seuil … 2/L = 0,4957 », « w = (1,00 ; −2,00) ».
"""

import re
from dataclasses import dataclass

import numpy as np

from .french import number, point
from .optimizers import Verdict

__all__ = ["Status", "explorer_status", "figure_alert", "probe_status", "refused"]


@dataclass(frozen=True)
class Status:
    """Une ligne d'état (une ou plusieurs lignes de texte).

    Attributs
    ---------
    text : str, ce que lit l'étudiant (les lignes séparées par ``"\\n"``).
    alarm : bool, vrai si elle donne l'alerte (divergence, F qui augmente, valeur refusée) :
        elle s'affiche alors en rouge, à l'écran comme dans l'instantané PNG.
    """

    text: str
    alarm: bool


@dataclass(frozen=True)
class RunNumbers:
    """Ce que la ligne d'état dit d'une méthode : son nom, si elle a un α, ses valeurs
    :math:`F(z_t)` et la distance de :math:`z_T` au minimum (None s'il n'est pas connu)."""

    label: str
    uses_alpha: bool
    values: np.ndarray
    distance: float | None = None


def explorer_status(eta, T, runs, threshold=None, optimal=None):
    """La ligne d'état de l'explorateur : le pas, le seuil de stabilité, puis une ligne par
    méthode (F atteint, distance au minimum, ou ce qui s'est mal passé et quoi essayer).

    Paramètres
    ----------
    eta : float, le pas η.
    T : int, le nombre d'itérations.
    runs : liste de :class:`RunNumbers`, une par méthode montrée.
    threshold, optimal : None ou floats, le seuil 2/L et le pas optimal 2/(L + μ) (quand
        l'objectif les connaît).

    Renvoie
    -------
    :class:`Status`, qui donne l'alerte si une méthode diverge ou fait augmenter F.
    """
    first = f"η = {number(eta)}"
    if threshold is not None:
        side = "≤" if eta <= threshold else ">"
        first += (f" {side} seuil de stabilité de la descente de gradient "
                  f"2/L = {number(threshold)} (pas optimal 2/(L+μ) = {number(optimal)})")
    lines = [f"{first}, T = {T}."]
    alarm = False
    for run in runs:
        F = run.values
        verdict = Verdict.of(F)
        alarm = alarm or verdict.alarming
        advice = ("Essayez un pas η plus petit ou un momentum α plus faible." if run.uses_alpha
                  else "Essayez un pas η plus petit.")
        if verdict.diverged_at is not None:
            hint = " (η > 2/L)" if threshold and eta > threshold else ""
            lines.append(f"⚠ {run.label} : la trajectoire diverge, F(z_t) devient infini (trop "
                         f"grand pour un flottant) à l'étape {verdict.diverged_at}{hint}. "
                         f"{advice}")
            continue
        distance = ("" if run.distance is None else
                    f", distance à w* = {number(run.distance, 3)}")
        if verdict.went_up:
            lines.append(f"⚠ {run.label} : F(z_T) = {number(F[-1])} > F(z_0) = "
                         f"{number(F[0])}{distance}. F a augmenté : la méthode s'éloigne du "
                         f"minimum au lieu de s'en approcher. {advice}")
        else:
            lines.append(f"{run.label} : F(z_T) = {number(F[-1])}{distance}.")
    return Status("\n".join(lines), alarm)


def figure_alert(label, verdict):
    """Le mot écrit sur la figure de l'explorateur pour une méthode.

    Paramètres
    ----------
    label : str, le nom affiché de la méthode.
    verdict : :class:`~course_utils.optimizers.Verdict` de ses valeurs :math:`F(z_t)`.

    Renvoie
    -------
    str : « nom : diverge (F infini à l'étape k) », « nom : s'éloigne du minimum (F a
    augmenté) » sur deux lignes, ou ``""`` si rien ne va mal.
    """
    if verdict.diverged_at is not None:
        return f"{label} : diverge\n(F infini à l'étape {verdict.diverged_at})"
    if verdict.went_up:
        return f"{label} : s'éloigne du minimum\n(F a augmenté)"
    return ""


def probe_status(w, value, gradient, nearly_zero):
    """La ligne d'état de la sonde de gradient.

    Paramètres
    ----------
    w : le point (w₁, w₂).
    value : float, F(w).
    gradient : le gradient ∇F(w), deux composantes.
    nearly_zero : bool, le gradient est-il presque nul (point tout près d'un minimum) ?

    Renvoie
    -------
    :class:`Status`, sans alerte.
    """
    norm = float(np.linalg.norm(gradient))
    text = (f"w = {point(w, fixed=2)} ; F(w) = {number(value)} ; "
            f"∇F(w) = {point(gradient, 3)} ; ‖∇F(w)‖ = {number(norm, 3)}.")
    if nearly_zero:
        text += "\nLe gradient est presque nul : le point est tout près d'un minimum."
    return Status(text, alarm=False)


_RECEIVED = "valeur reçue : "
_LITERAL = re.compile(r"(?<![\w.])-?(?:\d+\.\d*(?:e[+-]?\d+)?|\d+e[+-]?\d+|\d+|nan|inf)(?![\w.])")
_SEPARATOR = re.compile(r"(?<=[\dN∞]), (?=[−\d∞N])")


def _french_values(text):
    """Les nombres écrits par Python (``(nan, 6.95)``) écrits à la française
    (``(NaN ; 6,95)``)."""
    text = _LITERAL.sub(lambda m: number(float(m.group())), text)
    return _SEPARATOR.sub(" ; ", text)


def refused(message, what="La figure montre le dernier calcul valide."):
    """La ligne d'état quand une valeur est refusée (par exemple NaN tapé dans un curseur).

    Paramètres
    ----------
    message : str, le message d'erreur du cœur numérique (il nomme le paramètre) ; la valeur
        reçue y est réécrite à la française.
    what : str, ce que montre la figure en attendant.

    Renvoie
    -------
    :class:`Status` qui donne l'alerte.
    """
    head, sep, tail = str(message).partition(_RECEIVED)
    return Status(f"Valeur refusée : {head}{sep}{_french_values(tail)} {what}", alarm=True)
