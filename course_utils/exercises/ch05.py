"""Chapitre 5 (non convexe) : 5.1 le gradient du réseau tanh, 5.2 celui du réseau à un
neurone."""

from __future__ import annotations

import numpy as np

from ..datasets import linear_example
from ..french import point
from ..networks import TanhNetwork
from ._engine import (
    _Case,
    _Exercise,
    _TANH_PAREN,
    _Variant,
    _factor_variants,
    _gradient_layout_variants,
    _random_data,
    _rng,
    _sizes,
)


# ------------------------------------------------------------------------------------- 5.1
def _tanh_gradient_variant(w, X, y, order="Mx", dtanh="exact", first_sign=-1.0):
    """∇F du réseau tanh avec une erreur : l'ordre x M (code de 2019), tanh' faux, ou le signe
    du poids de sortie c₁ = −1 oublié dans ∂R/∂w₁ (``first_sign=1``)."""
    w = np.asarray(w, dtype=float)
    x1, x2 = X[:, 0], X[:, 1]
    if order == "Mx":  # M x = (w1 x1 − x2, x1 + w2 x2)
        a, b = w[0] * x1 - x2, x1 + w[1] * x2
        da, db = x1, x2  # ∂a/∂w1, ∂b/∂w2
    else:  # x M = (w1 x1 + x2, −x1 + w2 x2)
        a, b = w[0] * x1 + x2, -x1 + w[1] * x2
        da, db = x1, x2
    deriv = {"exact": lambda u: 1.0 - np.tanh(u) ** 2, "one": lambda u: np.ones_like(u),
             "tanh": np.tanh, "paren": lambda u: (1.0 - np.tanh(u)) ** 2}[dtanh]
    r = -np.tanh(a) + np.tanh(b) - y
    g1 = first_sign * deriv(a) * da
    g2 = deriv(b) * db
    return (2.0 / len(y)) * np.array([np.sum(r * g1), np.sum(r * g2)])


class _NetworkGradient(_Exercise):
    id, chapter, name = "5.1", 5, "gradient_reseau"
    params = ("w", "X", "y")
    quantity = "∇F(w)"
    kind = "vector"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 7, 2)
        wr = rng.normal(size=2).round(2)
        X1, y1 = X[2:3], y[2:3]
        out = []
        for label, wc, Xc, yc, course in (
            ("les données du cours et w = (1 ; 2)", np.array([1.0, 2.0]), X, y, True),
            ("les données du cours et w = (−2 ; −3)", np.array([-2.0, -3.0]), X, y, True),
            (f"des données tirées au hasard ({_sizes(Xr)}) et w = {point(wr)}", wr, Xr, yr,
             False),
            ("un seul exemple (n = 1 : x_1 = (2 ; 0,5), y_1 = 2) et w = (0,5 ; −1)",
             np.array([0.5, -1.0]), X1, y1, False),
        ):
            out.append(_Case(label, lambda wc=wc, Xc=Xc, yc=yc: (
                (wc.copy(), Xc.copy(), yc.copy()), {}), course=course,
                data=dict(w=wc, X=Xc, y=yc)))
        return out

    def expected(self, case):
        d = case.data
        return TanhNetwork(d["X"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n = d["X"].shape[0]
        xm = ("Vous calculez x·M (l'ordre du code de 2019) au lieu de M·x : avec "
              "M = [[w₁, −1], [1, w₂]], le cours utilise M x = (w₁ x₁ − x₂ ; x₁ + w₂ x₂), "
              "soit, avec les poids de sortie c = (−1 ; 1), R_w(x) = c · tanh(M x) "
              "= −tanh(w₁ x₁ − x₂) + tanh(x₁ + w₂ x₂).")
        one = "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas 1."
        tanh = "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas tanh(u)."
        sign = ("Votre première composante a le mauvais signe : R_w(x) commence par "
                "−tanh(w₁ x₁ − x₂) (le poids de sortie c₁ = −1), donc ∂R_w(x)/∂w₁ = "
                "−(1 − tanh²(w₁ x₁ − x₂)) · x₁, avec un signe moins.")
        out = []
        for order, dt, hint in (("xM", "exact", xm), ("Mx", "one", one), ("Mx", "tanh", tanh),
                                ("Mx", "paren", _TANH_PAREN),
                                ("xM", "one", xm + " " + one), ("xM", "tanh", xm + " " + tanh)):
            out.append(_Variant(hint, compute=lambda case, o=order, t=dt: _tanh_gradient_variant(
                d["w"], d["X"], d["y"], o, t)))
        out.append(_Variant(sign, compute=lambda case: _tanh_gradient_variant(
            d["w"], d["X"], d["y"], first_sign=1.0)))
        return (out + _gradient_layout_variants(self.expected, n)
                + _factor_variants(self.expected, n, what="gradient"))


# ------------------------------------------------------------------------------------- 5.2
def _one_neuron_variant(w, x, y, *, w2_factor=True, x_factor=True, dtanh="exact",
                        x_in_d2=False):
    """∇F du réseau à un neurone avec une erreur dans la dérivée de R_w(x) = w₂ tanh(w₁ x)."""
    w = np.asarray(w, dtype=float)
    t = np.tanh(w[0] * x)
    deriv = {"exact": 1.0 - t * t, "one": np.ones_like(t), "tanh": t,
             "paren": (1.0 - t) ** 2}[dtanh]
    d1 = (w[1] if w2_factor else 1.0) * deriv * (x if x_factor else 1.0)
    d2 = t * x if x_in_d2 else t
    r = w[1] * t - y
    return (2.0 / len(y)) * np.array([np.sum(r * d1), np.sum(r * d2)])


class _OneNeuronGradient(_Exercise):
    id, chapter, name = "5.2", 5, "gradient_un_neurone"
    params = ("w", "x", "y")
    quantity = "∇F(w)"
    kind = "vector"

    def cases(self):
        from ..datasets import one_neuron_example

        x, y = one_neuron_example()
        rng = _rng(self.id)
        xr, yr = rng.normal(size=9).round(2), rng.normal(size=9).round(2)
        wr = rng.normal(size=2).round(2)
        out = []
        for label, wc, xc, yc, course in (
            ("les données du cours et w = (1 ; 2)", np.array([1.0, 2.0]), x, y, True),
            ("les données du cours et w = (0,5 ; −1,5)", np.array([0.5, -1.5]), x, y, True),
            (f"des données tirées au hasard (n = 9 exemples) et w = {point(wr)}", wr, xr, yr,
             False),
            ("un seul exemple (n = 1 : x_1 = 2, y_1 = 1,4) et w = (−0,3 ; 0,8)",
             np.array([-0.3, 0.8]), x[5:], y[5:], False),
        ):
            out.append(_Case(label, lambda wc=wc, xc=xc, yc=yc: (
                (wc.copy(), xc.copy(), yc.copy()), {}), course=course,
                data=dict(w=wc, x=xc, y=yc)))
        return out

    def expected(self, case):
        from ..networks import OneNeuronNetwork

        d = case.data
        return OneNeuronNetwork(d["x"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n = d["x"].shape[0]
        chain = ("∂R_w(x)/∂w₁ = w₂ tanh'(w₁ x) · x : ")
        out = []
        for kw, hint in (
            (dict(w2_factor=False), chain + "il manque le facteur w₂ (la sortie est "
             "w₂ tanh(w₁ x), w₂ multiplie tout)."),
            (dict(x_factor=False), chain + "il manque le facteur x (la dérivée de w₁ x par "
             "rapport à w₁, par la dérivation en chaîne)."),
            (dict(dtanh="one"), "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas 1."),
            (dict(dtanh="tanh"), "La dérivée de tanh est tanh'(u) = 1 − tanh²(u), pas tanh(u)."),
            (dict(dtanh="paren"), _TANH_PAREN),
            (dict(x_in_d2=True), "∂R_w(x)/∂w₂ = tanh(w₁ x), sans facteur x : w₂ multiplie "
             "tanh(w₁ x) de l'extérieur (c'est w₁ qui est à l'intérieur, avec x)."),
        ):
            out.append(_Variant(hint, compute=lambda case, kw=kw: _one_neuron_variant(
                d["w"], d["x"], d["y"], **kw)))
        return (out + _gradient_layout_variants(self.expected, n)
                + _factor_variants(self.expected, n, what="gradient"))
