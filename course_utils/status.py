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

__all__ = ["Status", "explorer_status", "figure_alert", "probe_status", "refused",
           "descent1d_status", "family_status", "map_status", "minibatch_status"]


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


#: les mots des alertes de la figure de l'explorateur (« {step} » : l'étape où F devient
#: infini) ; le navigateur, qui dessine la figure, reçoit les mêmes (``WebFigure.alert_words``)
ALERT_WORDS = {"diverged": "diverge\n(F infini à l'étape {step})",
               "went_up": "s'éloigne du minimum\n(F a augmenté)"}


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
        return f"{label} : " + ALERT_WORDS["diverged"].format(step=verdict.diverged_at)
    if verdict.went_up:
        return f"{label} : " + ALERT_WORDS["went_up"]
    return ""


_STATIONARY = {
    "minimum": "Le gradient est presque nul et F monte dans toutes les directions autour : "
               "le point est tout près d'un minimum.",
    "maximum": "Le gradient est presque nul et F descend dans toutes les directions autour : "
               "le point est tout près d'un maximum.",
    "selle": "Le gradient est presque nul, mais F monte dans certaines directions et descend "
             "dans d'autres : le point est tout près d'un point selle, pas d'un minimum.",
    "plat": "Le gradient est presque nul : le point est tout près d'un point stationnaire "
            "(F y est presque plate dans une direction).",
}


def probe_status(w, value, gradient, stationary=None):
    """La ligne d'état de la sonde de gradient.

    Paramètres
    ----------
    w : le point (w₁, w₂).
    value : float, F(w).
    gradient : le gradient ∇F(w), deux composantes.
    stationary : None (le gradient n'est pas presque nul) ou la nature du point tout proche
        où il s'annule, donnée par :func:`course_utils.analysis.stationary_kind` :
        ``"minimum"``, ``"maximum"``, ``"selle"`` ou ``"plat"``.

    Renvoie
    -------
    :class:`Status`, sans alerte.
    """
    norm = float(np.linalg.norm(gradient))
    text = (f"w = {point(w, fixed=2)} ; F(w) = {number(value)} ; "
            f"∇F(w) = {point(gradient, 3)} ; ‖∇F(w)‖ = {number(norm, 3)}.")
    if stationary is not None:
        text += "\n" + _STATIONARY[stationary]
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


# -- les widgets des chapitres 2 et 4 : une dimension, une famille d'objectifs, la carte -----
def _iterations(rate, factor=10):
    """Le nombre d'itérations pour diviser un écart par ``factor`` au facteur ``rate``, en
    texte (« 6 itérations », « 1 itération »)."""
    from .analysis import iterations_to_divide

    k = iterations_to_divide(rate, factor)
    return f"{k} itération{'s' if k > 1 else ''}"


def descent1d_status(a, eta, T, z_T):
    """La ligne d'état de la descente en une dimension sur :math:`F(w) = a w^2/2`.

    Paramètres
    ----------
    a : float > 0, la courbure (le coefficient de la parabole).
    eta : float > 0, le pas η.
    T : int, le nombre d'itérations.
    z_T : float, le dernier itéré :math:`z_T` (NaN ou infini s'il a divergé).

    Renvoie
    -------
    :class:`Status` : le facteur :math:`1 - \\eta a`, ce qu'il fait à :math:`z_t`, le seuil
    :math:`2/a` et le pas le plus rapide :math:`1/a` ; l'alerte si la descente ne converge pas.
    """
    q = 1.0 - eta * a
    head = (f"a = {number(a)}, η = {number(eta)} : facteur 1 − ηa = {number(q)} ; seuil 2/a = "
            f"{number(2.0 / a)}, pas le plus rapide 1/a = {number(1.0 / a)}.")
    alarm = False  # la descente converge : pas d'alerte
    if abs(q) < 1e-12:
        what = "z_1 = 0 : le minimum est atteint en une seule itération (η = 1/a)."
    elif 0 < q < 1:
        what = (f"|z_t| est multiplié par {number(q)} à chaque itération, sans changer de "
                f"signe : la descente converge ({_iterations(q)} pour diviser |z_t| par 10).")
    elif -1 < q < 0:
        what = (f"z_t change de signe à chaque itération (zigzag) et |z_t| est multiplié par "
                f"{number(-q)} : la descente converge ({_iterations(-q)} pour diviser |z_t| par "
                "10).")
    elif abs(q + 1) < 1e-12:
        alarm = True
        what = ("⚠ z_t rebondit entre z_0 et −z_0 sans jamais s'approcher du minimum (η = 2/a) "
                ": essayez un pas η plus petit.")
    else:
        alarm = True
        what = (f"⚠ |z_t| est multiplié par {number(abs(q))} à chaque itération : la descente "
                f"diverge (η > 2/a) ; après T = {T} itérations, z_T = {number(z_T)}. Essayez "
                "un pas η plus petit.")
    return Status(f"{head}\n{what}", alarm=alarm)


def family_status(parameter, value, eta, rate, T, distance, start_distance, verdict=None,
                  eta_label=None):
    """La ligne d'état de l'explorateur d'une famille d'objectifs (par exemple des cuvettes
    de conditionnement κ).

    Paramètres
    ----------
    parameter : str, le nom du paramètre (« κ »).
    value : float, sa valeur.
    eta : float, le pas utilisé.
    rate : None ou float, le facteur asymptotique par itération (descente de gradient).
    T : int, le nombre d'itérations.
    distance, start_distance : floats, :math:`\\|z_T - w^*\\|` et :math:`\\|z_0 - w^*\\|`.
    verdict : None ou :class:`~course_utils.optimizers.Verdict` des valeurs :math:`F(z_t)`.
    eta_label : None ou str, la formule du pas (« 2/(L+μ) »).

    Renvoie
    -------
    :class:`Status`, qui donne l'alerte si la descente diverge ou fait augmenter F.
    """
    step = f"pas η = {eta_label} = {number(eta)}" if eta_label else f"pas η = {number(eta)}"
    first = f"{parameter} = {number(value)} : {step}"
    if rate is None:
        first += "."
    elif rate < 1e-12:
        first += " ; le minimum est atteint en une seule itération."
    elif rate < 1:
        first += (f" ; l'écart au minimum est multiplié par au plus {number(rate)} à chaque "
                  f"itération : {_iterations(rate)} pour le diviser par 10.")
    else:
        first += f" ; facteur {number(rate)} ≥ 1 : la descente ne converge pas."
    lines = [first]
    alarm = verdict is not None and verdict.alarming
    if verdict is not None and verdict.diverged_at is not None:
        lines.append(f"⚠ La trajectoire diverge : F(z_t) devient infini à l'étape "
                     f"{verdict.diverged_at}. Essayez un pas η plus petit.")
    elif verdict is not None and verdict.went_up:
        lines.append(f"⚠ Après T = {T} itérations, F a augmenté : la méthode s'éloigne du "
                     "minimum. Essayez un pas η plus petit.")
    else:
        lines.append(f"Après T = {T} itérations : ‖z_T − w*‖ = {number(distance, 3)} (départ à "
                     f"{number(start_distance, 3)}).")
    return Status("\n".join(lines), alarm)


def map_status(eta, alpha, rate, optimum):
    """La ligne d'état de la carte de convergence de la boule pesante.

    Paramètres
    ----------
    eta, alpha : floats, le réglage marqué sur la carte.
    rate : float, le facteur de convergence ρ(η, α) en ce point.
    optimum : (η*, α*, ρ*), le meilleur réglage.

    Renvoie
    -------
    :class:`Status` : ρ et ce qu'il promet (itérations pour diviser l'écart par 10), ou
    l'alerte au-delà de la frontière ; puis l'optimum.
    """
    eta_star, alpha_star, rate_star = optimum
    head = f"η = {number(eta)}, α = {number(alpha)} : facteur de convergence ρ = {number(rate)}"
    if rate < 1:
        head += (f" ; à la longue, l'écart au minimum est multiplié par ρ à chaque itération : "
                 f"environ {_iterations(rate)} pour le diviser par 10.")
    else:
        head = (f"⚠ {head} ≥ 1 : la boule pesante ne converge pas (au-delà de la frontière "
                "ηL = 2 + 2α). Essayez un pas η plus petit.")
    tail = (f"Optimum : η* = {number(eta_star)}, α* = {number(alpha_star)}, ρ* = "
            f"{number(rate_star)} ({_iterations(rate_star)} pour diviser l'écart par 10).")
    return Status(f"{head}\n{tail}", alarm=rate >= 1)


def minibatch_status(b, n, epochs, per_epoch, U, verdict, train_last, val_last, f_star, ends):
    """La ligne d'état de l'explorateur des mini-lots (chapitre 7).

    Paramètres
    ----------
    b, n : la taille des lots et le nombre d'exemples d'entraînement.
    epochs, per_epoch, U : les époques, les itérations par époque et leur total.
    verdict : :class:`~course_utils.divergence.Verdict` sur les pertes d'entraînement.
    train_last, val_last : les pertes d'entraînement et de validation à la fin.
    f_star : le minimum de la perte d'entraînement, :math:`F(w^*)`.
    ends : les pertes de validation en fin d'époque (époques 0, 1, …).

    Renvoie
    -------
    :class:`Status` : le coût en gradients, les pertes finales et la meilleure perte de
    validation ; l'alerte (en rouge) si la descente diverge ou si la perte a augmenté.
    """
    total, cost = number(U, fixed=0, group=True), number(epochs * n, fixed=0, group=True)
    lines = [f"b = {b} : {per_epoch} itération{'s' if per_epoch > 1 else ''} par époque, "
             f"soit {total} en {epochs} époque{'s' if epochs > 1 else ''} "
             f"({cost} gradients d'exemples calculés)."]
    k = verdict.diverged_at
    if k is not None:
        lines.append(f"⚠ La descente diverge : la perte n'est plus un nombre fini à "
                     f"l'itération {k} (époque {number(k / per_epoch, 3)}). Essayez un pas "
                     "η plus petit ou des lots plus grands.")
        return Status("\n".join(lines), alarm=True)
    best = int(np.argmin(ends))
    lines.append(f"Perte finale : entraînement {number(train_last, fixed=1, group=True)} ; "
                 f"validation {number(val_last, fixed=1, group=True)} (minimum de "
                 f"l'entraînement F(w*) = {number(f_star, fixed=1, group=True)}).")
    lines.append(f"Meilleure perte de validation en fin d'époque : "
                 f"{number(ends[best], fixed=1, group=True)}, à l'époque {best}.")
    if verdict.went_up:
        lines.append("⚠ La perte d'entraînement a augmenté : le pas est trop grand pour "
                     "cette taille de lot. Essayez un pas η plus petit ou des lots plus "
                     "grands.")
    return Status("\n".join(lines), alarm=verdict.alarming)
