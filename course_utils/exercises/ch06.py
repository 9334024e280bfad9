"""Chapitre 6 (PyTorch) : 6.1 la boucle d'entraînement, 6.2 le momentum de Nesterov,
6.3 un pas d'Adagrad, 6.4 un pas d'Adam."""

from __future__ import annotations

import importlib

import numpy as np

from ..datasets import linear_example
from ..french import point
from ..networks import TanhNetwork
from ..objectives import LeastSquares
from ..optimizers import Adagrad, Adam, SGD, run
from ._engine import (
    _Case,
    _Exercise,
    _Variant,
    _close,
    _finite,
    _random_data,
    _rng,
    _same_rows_variant,
    _sizes,
    _t_points_variant,
    _trajectory_checks,
)


# ------------------------------------------------------------------------------------- 6.1
class _TorchLoop(_Exercise):
    id, chapter, name = "6.1", 6, "boucle_pytorch"
    params = ("F", "w0", "lr", "T", "momentum=0.0")
    quantity = "z_t"
    kind = "trajectory"

    def available(self):
        try:
            importlib.import_module("torch")
        except ImportError:
            return ("PyTorch n'est pas installé dans cet environnement (c'est le cas dans la "
                    "version du cours qui tourne dans le navigateur) : cet exercice ne peut pas "
                    "être vérifié ici. Ouvrez le carnet dans JupyterLab, après `make install`, "
                    "pour le faire.")
        return None

    def cases(self):
        from ..torch_bridge import torch_loss

        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 2)
        ls, tanh = LeastSquares(X, y), TanhNetwork(X, y)
        rand = LeastSquares(Xr, yr)
        out = []
        for label, obj, w0, lr, T, momentum, course in (
            ("les moindres carrés du cours, w0 = (−7 ; 7), lr = 0,4, T = 20 (sans momentum)",
             ls, (-7.0, 7.0), 0.4, 20, None, True),
            ("les moindres carrés du cours, w0 = (−7 ; 7), lr = 0,1, T = 15, momentum = 0,8",
             ls, (-7.0, 7.0), 0.1, 15, 0.8, True),
            ("le réseau tanh du cours, w0 = (3 ; 4), lr = 0,5, T = 10, momentum = 0,5",
             tanh, (3.0, 4.0), 0.5, 10, 0.5, False),
            (f"des moindres carrés sur des données tirées au hasard ({_sizes(Xr)}), "
             "w0 = (1 ; −2), lr = 0,1, T = 8, momentum = 0,3", rand, (1.0, -2.0), 0.1, 8, 0.3,
             False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0)", ls, (-7.0, 7.0),
             0.4, 0, None, False),
        ):
            w0 = np.array(w0)

            def make(obj=obj, w0=w0, lr=lr, T=T, momentum=momentum):
                def F(p, obj=obj):
                    return torch_loss(obj, p)
                kwargs = {} if momentum is None else {"momentum": momentum}
                return (F, w0.copy(), lr, T), kwargs

            out.append(_Case(label, make, course=course,
                             data=dict(obj=obj, w0=w0, lr=lr, T=T, momentum=momentum or 0.0)))
        return out

    def expected(self, case):
        from ..torch_bridge import torch_trajectory

        d = case.data
        return torch_trajectory("SGD", d["obj"], d["w0"], d["T"], lr=d["lr"],
                                momentum=d["momentum"])

    def _no_zero_grad(self, case):
        import torch

        from ..torch_bridge import torch_loss

        d = case.data
        p = torch.tensor(d["w0"], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=d["lr"], momentum=d["momentum"])
        Z = [d["w0"].copy()]
        for _ in range(d["T"]):
            torch_loss(d["obj"], p).backward()  # sans opt.zero_grad() : p.grad s'accumule
            opt.step()
            Z.append(p.detach().numpy().copy())
        return np.array(Z)

    def variants(self, case):
        T = case.data["T"]
        expected = self.expected(case)
        return [
            _t_points_variant(T),
            _same_rows_variant(torch_hint=True),
            _Variant("Les gradients s'accumulent : sans `opt.zero_grad()`, PyTorch **ajoute** "
                     "chaque nouveau gradient à `p.grad`. Appelez `opt.zero_grad()` au début "
                     "de chaque étape, avant `loss.backward()`.", compute=self._no_zero_grad),
            _Variant("Votre trajectoire est juste à 10⁻³ près seulement : vos calculs sont en "
                     "float32 (le type par défaut de torch). Créez le tenseur en float64 : "
                     "`torch.tensor(w0, dtype=torch.float64, requires_grad=True)`.",
                     test=lambda got, case: _close(got, expected, rtol=1e-3)),
        ]

    def exception_hint(self, exc, case):
        text = str(exc)
        if "does not require grad" in text:
            return ("Créez le tenseur avec `requires_grad=True` : sans cela, `loss.backward()` "
                    "ne sait pas par rapport à quoi dériver.")
        if "requires grad" in text and "numpy" in text:
            return ("Pour ranger un point, détachez-le du graphe de calcul et copiez-le : "
                    "`p.detach().numpy().copy()`.")
        if "leaf Variable" in text or "leaf variable" in text:
            return ("Ne modifiez pas p vous-même : c'est `opt.step()` qui fait le pas (créez "
                    "l'optimiseur avec `torch.optim.SGD([p], lr=lr, momentum=momentum)`).")
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"], torch_hint=True)


# ------------------------------------------------------------------------------------- 6.2
def _nesterov_variant(F, w0, lr, rho, T, *, form="torch", plain=False, carry=True,
                      climb=False, frozen=False):
    """Les erreurs habituelles du momentum de Nesterov (forme de PyTorch)."""
    z = np.array(w0, dtype=float)
    b = np.zeros_like(z)
    v = np.zeros_like(z)
    Z = [z.copy()]
    g0 = F.grad(z)
    for _ in range(T):
        if form == "course":  # la forme « regarder devant » : ses points sont les z_t
            v = rho * v - lr * F.grad(z + rho * v)
            z = z + v
        else:
            g = g0 if frozen else F.grad(z)
            b = rho * b + g if carry else g
            # sans Nesterov, le momentum de PyTorch (b_t = g_t + ρ b_{t−1}, l'ancienne somme)
            step = b if plain else g + rho * b
            z = z + lr * step if climb else z - lr * step
        Z.append(z.copy())
    return np.array(Z)


class _NesterovMomentum(_Exercise):
    id, chapter, name = "6.2", 6, "nesterov"
    params = ("grad", "w0", "lr", "momentum", "T")
    quantity = "p_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = rng.normal(size=3).round(1) * 3
        out = []
        for label, F, w0, lr, rho, T, course in (
            ("les moindres carrés du cours (w0 = (−7 ; 7), lr = 0,1, momentum = 0,8, T = 30)",
             LeastSquares(X, y), np.array([-7.0, 7.0]), 0.1, 0.8, 30, True),
            (f"des moindres carrés sur des données tirées au hasard ({_sizes(Xr)}), "
             f"w0 = {point(w0r)}, lr = 0,05, momentum = 0,5, T = 8", LeastSquares(Xr, yr),
             w0r, 0.05, 0.5, 8, False),
            ("le réseau tanh du chapitre 5 (w0 = (3 ; 2), lr = 0,5, momentum = 0,9, T = 12)",
             TanhNetwork(X, y), np.array([3.0, 2.0]), 0.5, 0.9, 12, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que p_0 = w0), "
             "avec les données du cours",
             LeastSquares(X, y), np.array([-7.0, 7.0]), 0.1, 0.8, 0, False),
        ):
            out.append(_Case(label, lambda F=F, w0=w0, lr=lr, rho=rho, T=T: (
                (F.grad, w0.copy(), lr, rho, T), {}), course=course,
                data=dict(F=F, w0=w0, lr=lr, rho=rho, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return run(SGD(lr=d["lr"], momentum=d["rho"], nesterov=True), d["F"], d["w0"], d["T"])

    def variants(self, case):
        d = case.data
        F, w0, lr, rho, T = d["F"], d["w0"], d["lr"], d["rho"], d["T"]

        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: _nesterov_variant(F, w0, lr, rho, T,
                                                                          **kw))

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            v("Votre trajectoire est celle du momentum de PyTorch **sans** Nesterov, "
              "p_t = p_{t−1} − lr·b_t (c'est aussi ce que donne g_t + ρ b_{t−1}, avec "
              "l'ancienne somme). Nesterov ajoute le gradient une fois de plus : "
              "p_t = p_{t−1} − lr·(g_t + ρ b_t), où b_t est la somme **déjà mise à jour**, "
              "b_t = ρ b_{t−1} + g_t.", plain=True),
            v("La somme b doit s'accumuler d'une étape à l'autre : créez b = 0 une seule fois, "
              "avant la boucle, puis b = ρ b + g à chaque étape (sans momentum accumulé, "
              "il ne reste qu'une descente de gradient de pas lr·(1 + ρ)).", carry=False),
            v("Votre trajectoire monte : le pas va **contre** le gradient, "
              "p_t = p_{t−1} − lr·(g_t + ρ b_t) (avec un signe moins).", climb=True),
            v("Le gradient doit être recalculé au point courant à chaque étape : "
              "g_t = ∇F(p_{t−1}), et non ∇F(w0) au départ.", frozen=True),
            v("Vous avez écrit la forme « regarder devant » du cours, v_t = α v_{t−1} − "
              "η ∇F(z_{t−1} + α v_{t−1}) : c'est bien Nesterov, mais ses points z_t sont "
              "en retrait de α v_t sur ceux de PyTorch. L'exercice demande la forme de "
              "PyTorch : b_t = ρ b_{t−1} + g_t, p_t = p_{t−1} − lr·(g_t + ρ b_t), avec "
              "g_t = ∇F(p_{t−1}).", form="course"),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])


# ------------------------------------------------------------------------------------- 6.3
class _AdagradStep(_Exercise):
    id, chapter, name = "6.3", 6, "pas_adagrad"
    params = ("w", "g", "s", "lr=0.01", "eps=1e-10")
    quantity = "(w, s)"
    kind = "tuple"
    parts = ("w", "s")

    def cases(self):
        X, y = linear_example()
        F = LeastSquares(X, y)
        rng = _rng(self.id)
        w_course = np.array([-7.0, 7.0])
        w3, g3 = rng.normal(size=3).round(2), rng.normal(size=3).round(2)
        s3 = rng.uniform(0.5, 3.0, size=3).round(2)
        w4, g4 = rng.normal(size=4).round(2), rng.normal(size=4).round(2) * 0.1
        s4 = rng.uniform(0.0, 0.02, size=4).round(3)
        setups = [
            ("la première étape (s = 0) au point w = (−7 ; 7) des données du cours, avec les "
             "valeurs par défaut (lr et eps non donnés)", w_course, F.grad(w_course),
             np.zeros(2), {}, True),
            ("une étape en dimension d = 3 (s déjà non nul), avec `lr=0.5`", w3, g3, s3,
             dict(lr=0.5), False),
            ("une étape en dimension d = 4 avec de petits gradients, `lr=0.1, eps=0.01` (là "
             "où ε compte)", w4, g4, s4, dict(lr=0.1, eps=0.01), False),
        ]
        out = []
        for label, w, g, s, kw, course in setups:
            out.append(_Case(label, lambda w=w, g=g, s=s, kw=kw: (
                (w.copy(), g.copy(), s.copy()), dict(kw)), course=course,
                data=dict(w=w, g=g, s=s, lr=kw.get("lr", 0.01), eps=kw.get("eps", 1e-10))))
        return out

    def expected(self, case):
        d = case.data
        opt = Adagrad(lr=d["lr"], eps=d["eps"])
        opt.state = {"step": 0, "sum": d["s"].copy()}
        w = opt.step(d["w"], d["g"])
        return (w, opt.state["sum"])

    def _variant(self, case, *, old_s=False, eps_inside=False, square=True, root=True,
                 return_root=False, climb=False, average=None, no_eps=False, pooled=False,
                 swapped=False):
        d = case.data
        g, lr, eps = d["g"], d["lr"], (0.0 if no_eps else d["eps"])
        s = d["s"] + (np.sum(g * g) if pooled else g * g if square else g)
        if average is not None:
            s = average * d["s"] + (1 - average) * g * g
        used = d["s"] if old_s else s
        if not root:
            denom = used + eps
        elif eps_inside:
            denom = np.sqrt(used + eps)
        else:
            denom = np.sqrt(used) + eps
        w = d["w"] + lr * g / denom if climb else d["w"] - lr * g / denom
        if swapped:
            return (s, w)
        return (w, np.sqrt(s) if return_root else s)

    def variants(self, case):
        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: self._variant(case, **kw))

        return [
            v("Ajoutez g² à s **avant** de faire le pas : s = s + g², puis "
              "w − lr·g/(√s + ε) avec la nouvelle somme (à la première étape, l'ancienne vaut "
              "0, et le pas serait énorme).", old_s=True),
            v("ε est au mauvais endroit : il s'ajoute **après** la racine, √s + ε, et non "
              "dessous, √(s + ε).", eps_inside=True),
            v("s est la somme des **carrés** des gradients : s = s + g² (le carré composante "
              "par composante, `g * g`).", square=False),
            v("Il manque la racine : le pas divise par √s + ε (`np.sqrt(s)`), et non par "
              "s + ε.", root=False),
            v("Renvoyez s, la somme des carrés elle-même, et non sa racine : c'est s qui sert "
              "à l'étape suivante.", return_root=True),
            v("Votre pas monte : il va **contre** le gradient, w − lr·g/(√s + ε) (avec un "
              "signe moins).", climb=True),
            v("Vous faites une moyenne mobile, comme RMSprop (s = 0,99 s + 0,01 g²) : AdaGrad, "
              "lui, fait la **somme** de tous les carrés, s = s + g² ; c'est justement le "
              "défaut que RMSprop corrige.", average=0.99),
            v("Il manque ε : le pas divise par √s + ε (`np.sqrt(s) + eps`). Il évite de "
              "diviser par zéro, et il compte quand les gradients sont minuscules.",
              no_eps=True),
            v("s se tient **coordonnée par coordonnée** : s = s + g², un carré par composante "
              "(`g * g` ou `g**2`), et non la somme des carrés de toutes les composantes "
              "(`np.sum(g**2)`) : chaque coordonnée a son propre pas.", pooled=True),
            v("Renvoyez le couple dans l'ordre `(w, s)` : d'abord le point après le pas, puis "
              "la somme des carrés.", swapped=True),
        ]


# ------------------------------------------------------------------------------------- 6.4
class _AdamStep(_Exercise):
    id, chapter, name = "6.4", 6, "pas_adam"
    params = ("w", "g", "m", "v", "t", "lr=1e-3", "betas=(0.9, 0.999)", "eps=1e-8")
    quantity = "(w, m, v)"
    kind = "tuple"
    parts = ("w", "m", "v")

    def cases(self):
        X, y = linear_example()
        F = LeastSquares(X, y)
        rng = _rng(self.id)
        w_course = np.array([-7.0, 7.0])
        g_course = F.grad(w_course)
        w3, g3 = rng.normal(size=3).round(2), rng.normal(size=3).round(2)
        m3, v3 = rng.normal(size=3).round(2) * 0.5, rng.uniform(0.1, 2.0, size=3).round(2)
        w2, g2 = np.array([0.3, -1.2]), np.array([2e-5, -1e-5])
        m2, v2 = np.array([1e-5, -2e-5]), np.array([3e-10, 1e-10])
        w4, g4 = rng.normal(size=4).round(2), rng.normal(size=4).round(2)
        m4, v4 = rng.normal(size=4).round(2) * 0.3, rng.uniform(0.1, 1.0, size=4).round(2)
        setups = [
            ("la première étape (t = 1, m = v = 0) au point w = (−7 ; 7) des données du cours, "
             "avec les valeurs par défaut (lr, betas et eps non donnés)",
             w_course, g_course, np.zeros(2), np.zeros(2), 1, {}, True),
            ("l'étape t = 5 en dimension d = 3, avec `lr=0.1, betas=(0.8, 0.99), eps=1e-8`",
             w3, g3, m3, v3, 5, dict(lr=0.1, betas=(0.8, 0.99), eps=1e-8), False),
            ("un gradient minuscule (un plateau, là où ε compte) à l'étape t = 3, avec "
             "`lr=0.01`",
             w2, g2, m2, v2, 3, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8), False),
            ("l'étape t = 1 en dimension d = 4 (m et v non nuls), avec `lr=0.05, eps=0.01`",
             w4, g4, m4, v4, 1, dict(lr=0.05, betas=(0.9, 0.999), eps=0.01), False),
        ]
        out = []
        for label, w, g, m, v, t, kw, course in setups:
            out.append(_Case(label, lambda w=w, g=g, m=m, v=v, t=t, kw=kw: (
                (w.copy(), g.copy(), m.copy(), v.copy(), t), dict(kw)), course=course,
                data=dict(w=w, g=g, m=m, v=v, t=t, lr=kw.get("lr", 1e-3),
                          betas=kw.get("betas", (0.9, 0.999)), eps=kw.get("eps", 1e-8))))
        return out

    def expected(self, case):
        d = case.data
        opt = Adam(lr=d["lr"], betas=d["betas"], eps=d["eps"])
        opt.state = {"step": d["t"] - 1, "exp_avg": d["m"].copy(), "exp_avg_sq": d["v"].copy()}
        w = opt.step(d["w"], d["g"])
        return (w, opt.state["exp_avg"], opt.state["exp_avg_sq"])

    def _variant(self, case, *, correction="exact", eps_inside=False, square=True,
                 return_hat=False):
        d = case.data
        b1, b2 = d["betas"]
        g, t = d["g"], d["t"]
        m = b1 * d["m"] + (1 - b1) * g
        v = b2 * d["v"] + (1 - b2) * (g * g if square else g)
        k = {"exact": t, "t-1": t - 1, "t+1": t + 1}.get(correction, t)
        if correction == "none":
            m_hat, v_hat = m, v
        else:
            m_hat, v_hat = m / (1 - b1**k), v / (1 - b2**k)
        denom = np.sqrt(v_hat + d["eps"]) if eps_inside else np.sqrt(v_hat) + d["eps"]
        w = d["w"] - d["lr"] * m_hat / denom
        return (w, m_hat, v_hat) if return_hat else (w, m, v)

    def variants(self, case):
        t = case.data["t"]

        def v(hint, **kw):
            return _Variant(hint, compute=lambda case: self._variant(case, **kw))

        return [
            v("Il manque la correction de biais : m et v partent de 0, donc au début ils sont "
              "trop petits ; divisez-les par (1 − β₁ᵗ) et (1 − β₂ᵗ) : m̂ = m/(1 − β₁ᵗ), "
              "v̂ = v/(1 − β₂ᵗ), puis w − lr·m̂/(√v̂ + ε).", correction="none"),
            v("ε est au mauvais endroit : il s'ajoute **après** la racine, √v̂ + ε, et non "
              "dessous, √(v̂ + ε) (cela se voit quand le gradient est minuscule, sur un "
              "plateau).", eps_inside=True),
            v("Votre correction de biais utilise l'exposant t − 1 (à la première étape, elle "
              "divise par 1 − β⁰ = 0) : t compte les étapes à partir de 1 (la première étape "
              "est t = 1), m̂ = m/(1 − β₁ᵗ).",
              correction="t-1"),
            v("Votre correction de biais utilise l'exposant t + 1 : t est déjà le numéro de "
              "l'étape (la première est t = 1), m̂ = m/(1 − β₁ᵗ).", correction="t+1"),
            v("Renvoyez m et v, les moyennes mobiles elles-mêmes, et non m̂ et v̂ corrigées : "
              "ce sont m et v qui servent à l'étape suivante.", return_hat=True),
            v("v est la moyenne mobile des **carrés** des gradients : "
              "v = β₂ v + (1 − β₂) g² (le carré composante par composante, `g * g`).",
              square=False),
            _Variant("Votre correction de biais divise par 1 − β⁰ = 0 à la première étape : "
                     "t compte les étapes à partir de 1, m̂ = m/(1 − β₁ᵗ) (et non β₁ᵗ⁻¹).",
                     test=lambda got, case: t == 1 and not _finite(got)),
        ]

    def exception_hint(self, exc, case):
        if isinstance(exc, ZeroDivisionError):
            return ("Votre correction de biais divise par zéro : t compte les étapes à partir "
                    "de 1, m̂ = m/(1 − β₁ᵗ) (et non β₁ᵗ⁻¹).")
        return None
