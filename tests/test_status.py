"""Les phrases sous les figures vivantes : des fonctions pures, des nombres aux phrases (à la
française), avec l'alerte donnée par le verdict et non par le texte."""

import numpy as np

from course_utils.optimizers import Verdict
from course_utils.status import (
    RunNumbers,
    Status,
    explorer_status,
    figure_alert,
    probe_status,
    refused,
)


def test_explorer_status_from_numbers():
    fine = RunNumbers("descente de gradient", False, np.array([85.75, 1.0, 0.01151]), 0.00583)
    up = RunNumbers("SGD + momentum", True, np.array([3.0, 2.0, 4.5e7]), 3530.0)
    gone = RunNumbers("Adam", False, np.array([3.0, 1e300, np.inf, np.nan]))
    s = explorer_status(0.6, 3, [fine, up, gone], threshold=0.49573, optimal=0.41379)
    lines = s.text.split("\n")
    assert lines[0] == ("η = 0,6 > seuil de stabilité de la descente de gradient 2/L = 0,4957 "
                        "(pas optimal 2/(L+μ) = 0,4138), T = 3.")
    assert lines[1] == "descente de gradient : F(z_T) = 0,01151, distance à w* = 0,00583."
    assert lines[2].startswith("⚠ SGD + momentum : F(z_T) = 4,5 × 10⁷ > F(z_0) = 3, "
                               "distance à w* = 3,53 × 10³. F a augmenté")
    assert lines[2].endswith("Essayez un pas η plus petit ou un momentum α plus faible.")
    assert lines[3] == ("⚠ Adam : la trajectoire diverge, F(z_t) devient infini (trop grand "
                        "pour un flottant) à l'étape 2 (η > 2/L). Essayez un pas η plus petit.")
    assert s.alarm
    calm = explorer_status(0.1, 2, [fine])
    assert calm == Status("η = 0,1, T = 2.\n"
                          "descente de gradient : F(z_T) = 0,01151, distance à w* = 0,00583.",
                          alarm=False)


def test_alarm_comes_from_the_verdict_not_from_the_words():
    # un nom de méthode qui contient « ⚠ » ou « refusée » ne rend pas la ligne rouge
    odd = RunNumbers("méthode ⚠ refusée", False, np.array([2.0, 1.0]))
    assert not explorer_status(0.1, 1, [odd]).alarm


def test_figure_alert():
    assert figure_alert("Adam", Verdict(12, False)) == "Adam : diverge\n(F infini à l'étape 12)"
    assert figure_alert("gd", Verdict(None, True)) == "gd : s'éloigne du minimum\n(F a augmenté)"
    assert figure_alert("gd", Verdict(None, False)) == ""


def test_probe_status():
    s = probe_status(np.array([-4.0, 5.0]), 41.4167, np.array([-8.6667, 4.1667]))
    assert s == Status("w = (−4,00 ; 5,00) ; F(w) = 41,42 ; ∇F(w) = (−8,67 ; 4,17) ; "
                       "‖∇F(w)‖ = 9,62.", alarm=False)
    assert probe_status([1.76, -2.9], 0.0115, [0.0, 0.0], "minimum").text.endswith(
        "le point est tout près d'un minimum.")
    saddle = probe_status([0.0, 0.0], 0.5, [0.0, 0.0], "selle").text
    assert saddle.endswith("tout près d'un point selle, pas d'un minimum.")
    assert "minimum." not in saddle.splitlines()[0]


def test_refused_writes_the_received_value_in_french():
    s = refused("Le paramètre w0 doit contenir des nombres finis (ni NaN ni infini) ; "
                "valeur reçue : (nan, -6.95).")
    assert s.alarm
    assert s.text == ("Valeur refusée : Le paramètre w0 doit contenir des nombres finis (ni NaN "
                      "ni infini) ; valeur reçue : (NaN ; −6,95). La figure montre le dernier "
                      "calcul valide.")
    # l'intervalle et la forme, avant la valeur reçue, ne changent pas
    assert "[0, 1[" in refused("Le paramètre alpha doit être dans l'intervalle [0, 1[ ; "
                               "valeur reçue : 1.5.").text
