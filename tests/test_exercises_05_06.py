"""Les exercices 5.2 (gradient du réseau à un neurone), 6.2 (momentum de Nesterov) et 6.3 (un
pas d'AdaGrad), et les erreurs de 5.1 relevées à la relecture : la bonne réponse passe, chaque
erreur habituelle reçoit son indice, et l'attendu est bien celui de torch.optim (6.2, 6.3)."""

import numpy as np
import pytest

from conftest import finite_difference_grad
from course_utils import LeastSquares, OneNeuronNetwork, linear_example, one_neuron_example
from course_utils.exercises import EXERCISES, check
from test_exercises import fails


# =========================================================================== 5.1
def _network_student(dtanh=lambda t: 1 - t**2, first_sign=-1.0, layout="vector"):
    def gradient_reseau(w, X, y):
        a, b = w[0] * X[:, 0] - X[:, 1], X[:, 0] + w[1] * X[:, 1]
        r = -np.tanh(a) + np.tanh(b) - y
        d1 = first_sign * dtanh(np.tanh(a)) * X[:, 0]
        d2 = dtanh(np.tanh(b)) * X[:, 1]
        if layout == "columns":  # une colonne par exemple, sans la somme
            return (2 / len(y)) * np.array([r * d1, r * d2])
        g = (2 / len(y)) * np.array([r @ d1, r @ d2])
        return g[::-1] if layout == "swapped" else g

    return gradient_reseau


def test_51_more_mistakes():
    """Les erreurs essayées à la relecture : (1 − tanh)² au lieu de 1 − tanh², le signe moins du
    poids de sortie c₁ = −1 oublié, les deux composantes échangées, la somme oubliée (une
    colonne par exemple)."""
    assert check("5.1", _network_student()).ok
    fails(check("5.1", _network_student(dtanh=lambda t: (1 - t) ** 2)),
          "le carré porte sur tanh seul", "`(1 - np.tanh(u))**2`")
    fails(check("5.1", _network_student(first_sign=1.0)), "première composante a le mauvais signe",
          "c₁ = −1")
    fails(check("5.1", _network_student(layout="swapped")), "composantes sont échangées")
    fails(check("5.1", _network_student(layout="columns")), "forme (2, n) = (2, 3)",
          "une colonne par exemple")


# =========================================================================== 5.2
def _neuron_student(w2_factor=True, x_factor=True, dtanh=lambda t: 1 - t**2, mean=True,
                    sign=1.0, two=2.0, x_in_d2=False, layout="rows"):
    def gradient_un_neurone(w, x, y):
        t = np.tanh(w[0] * x)
        r = w[1] * t - y
        d1 = (w[1] if w2_factor else 1.0) * dtanh(t) * (x if x_factor else 1.0)
        d2 = t * x if x_in_d2 else t
        G = sign * two * np.stack([r * d1, r * d2], axis=1)
        if not mean:
            return G if layout == "rows" else G.T
        g = G.mean(axis=0)
        return g[::-1] if layout == "swapped" else g

    return gradient_un_neurone


def test_52_expected_is_the_gradient_of_the_formula():
    ex = EXERCISES["5.2"]
    for case in ex.cases():
        d = case.data

        def F(w, d=d):
            return np.mean((w[1] * np.tanh(w[0] * d["x"]) - d["y"]) ** 2)

        np.testing.assert_allclose(ex.expected(case), finite_difference_grad(F, d["w"]),
                                   rtol=1e-6, atol=1e-8)


def test_52_mistakes():
    assert check("5.2", _neuron_student()).ok
    fails(check("5.2", _neuron_student(w2_factor=False)), "il manque le facteur w₂")
    fails(check("5.2", _neuron_student(x_factor=False)), "il manque le facteur x")
    fails(check("5.2", _neuron_student(dtanh=lambda t: np.ones_like(t))), "pas 1")
    fails(check("5.2", _neuron_student(dtanh=lambda t: t)), "pas tanh(u)")
    fails(check("5.2", _neuron_student(mean=False)), "une ligne par exemple")
    fails(check("5.2", _neuron_student(two=1.0)), "facteur 2")
    fails(check("5.2", _neuron_student(sign=-1.0)), "le signe change tout")
    # les erreurs essayées à la relecture
    fails(check("5.2", _neuron_student(dtanh=lambda t: (1 - t) ** 2)),
          "le carré porte sur tanh seul")
    fails(check("5.2", _neuron_student(x_in_d2=True)), "∂R_w(x)/∂w₂ = tanh(w₁ x), sans facteur x")
    fails(check("5.2", _neuron_student(layout="swapped")), "composantes sont échangées")
    fails(check("5.2", _neuron_student(mean=False, layout="columns")), "forme (2, n) = (2, 6)",
          "une colonne par exemple")


def test_52_on_the_course_data_the_saddle_and_the_axis():
    """Ce que la question du chapitre fait calculer : ∇F(0, 0) = 0, et sur l'axe w₁ = 0,
    ∇F = (−3,233 w₂ ; 0)."""
    x, y = one_neuron_example()
    g = _neuron_student()
    np.testing.assert_array_equal(g(np.zeros(2), x, y), [0.0, 0.0])
    c = 2 * np.mean(x * y)
    np.testing.assert_allclose(g(np.array([0.0, 1.5]), x, y), [-c * 1.5, 0.0], rtol=1e-14)
    np.testing.assert_allclose(g(np.array([0.7, -1.1]), x, y),
                               OneNeuronNetwork(x, y).grad([0.7, -1.1]), rtol=1e-14)


# =========================================================================== 6.2
def _nesterov_student(lookahead="new", carry=True, climb=False, points="T+1", copy=True):
    def nesterov(grad, w0, lr, momentum, T):
        p = np.array(w0, dtype=float)
        b = np.zeros_like(p)
        Z = [p.copy()] if points == "T+1" else []
        for _ in range(T):
            g = grad(p)
            old = b
            b = momentum * b + g if carry else g
            step = {"new": g + momentum * b, "old": g + momentum * old, "plain": b}[lookahead]
            if copy:
                p = p + lr * step if climb else p - lr * step
            else:
                p -= lr * step
            Z.append(p if not copy else p.copy())
        return np.array(Z) if copy else Z

    return nesterov


def _course_form_student(grad, w0, lr, momentum, T):
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)
    Z = [z.copy()]
    for _ in range(T):
        v = momentum * v - lr * grad(z + momentum * v)
        z = z + v
        Z.append(z.copy())
    return np.array(Z)


def test_62_matches_torch_optim_sgd_nesterov():
    torch = pytest.importorskip("torch")
    from course_utils.torch_bridge import torch_trajectory

    ex = EXERCISES["6.2"]
    for case in ex.cases():
        d = case.data
        Z = torch_trajectory("SGD", d["F"], d["w0"], d["T"], lr=d["lr"], momentum=d["rho"],
                             nesterov=True)
        np.testing.assert_allclose(ex.expected(case), Z, rtol=1e-12, atol=1e-12)
    del torch


def test_62_mistakes():
    assert check("6.2", _nesterov_student()).ok
    fails(check("6.2", _nesterov_student(lookahead="plain")), "sans Nesterov", "déjà mise à jour")
    # g_t + ρ b_{t−1} (l'ancienne somme) : c'est b_t, le même indice
    fails(check("6.2", _nesterov_student(lookahead="old")), "sans Nesterov", "ancienne somme")
    fails(check("6.2", _nesterov_student(carry=False)), "s'accumuler", "lr·(1 + ρ)")
    fails(check("6.2", _nesterov_student(climb=True)), "monte")
    fails(check("6.2", _nesterov_student(points="T")), "T + 1 = 31")
    fails(check("6.2", _nesterov_student(copy=False)), "même tableau")
    fails(check("6.2", _course_form_student), "regarder devant", "en retrait de α v_t")

    def nesterov(grad, w0, lr, momentum, T):
        p, b = w0, np.zeros_like(w0)
        Z = [p.copy()]
        for _ in range(T):
            g = grad(p)
            b = momentum * b + g
            p -= lr * (g + momentum * b)  # modifie w0 de l'appelant
            Z.append(p.copy())
        return np.array(Z)

    fails(check("6.2", nesterov), "modifié le tableau w0")


def test_62_course_form_is_pytorch_shifted_by_alpha_v():
    """La forme du cours (gradient pris devant) et celle de PyTorch sont le même algorithme à
    pas constant : p_t = z_t + α v_t (ce que dit l'indice de l'exercice et le chapitre)."""
    X, y = linear_example()
    F = LeastSquares(X, y)
    lr, alpha, T = 0.1, 0.8, 30
    ex = EXERCISES["6.2"]
    (case,) = [c for c in ex.cases() if c.course]
    P = ex.expected(case)
    Z = _course_form_student(F.grad, np.array([-7.0, 7.0]), lr, alpha, T)
    V = np.diff(Z, axis=0)  # v_t = z_t − z_{t−1}
    np.testing.assert_allclose(P[1:], Z[1:] + alpha * V, rtol=1e-12, atol=1e-12)
    assert np.abs(P[1:] - Z[1:]).max() > 0.1  # ce ne sont pas les mêmes points


# =========================================================================== 6.3
def _adagrad_student(order="new", eps_inside=False, square=True, root=True, sqrt_out=False):
    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        new = s + (g * g if square else g)
        used = new if order == "new" else s
        if not root:
            denom = used + eps
        else:
            denom = np.sqrt(used + eps) if eps_inside else np.sqrt(used) + eps
        return w - lr * g / denom, (np.sqrt(new) if sqrt_out else new)

    return pas_adagrad


def test_63_matches_torch_optim_adagrad():
    torch = pytest.importorskip("torch")
    ex = EXERCISES["6.3"]
    for case in ex.cases():
        d = case.data
        p = torch.tensor(d["w"], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adagrad([p], lr=d["lr"], eps=d["eps"])
        p.grad = torch.tensor(d["g"], dtype=torch.float64)
        opt.state[p]["sum"] = torch.tensor(d["s"], dtype=torch.float64)
        opt.state[p]["step"] = torch.tensor(0.0)
        opt.step()
        w, s = ex.expected(case)
        np.testing.assert_allclose(p.detach().numpy(), w, rtol=1e-13, atol=0)
        np.testing.assert_allclose(opt.state[p]["sum"].numpy(), s, rtol=1e-13, atol=0)


def test_63_mistakes():
    assert check("6.3", _adagrad_student()).ok
    fails(check("6.3", _adagrad_student(order="old")), "**avant**".replace("**", ""))
    fails(check("6.3", _adagrad_student(eps_inside=True)), "après la racine")
    fails(check("6.3", _adagrad_student(square=False)), "**carrés**".replace("**", ""))
    fails(check("6.3", _adagrad_student(root=False)), "Il manque la racine")
    fails(check("6.3", _adagrad_student(sqrt_out=True)), "Renvoyez s")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        s = 0.99 * s + 0.01 * g * g
        return w - lr * g / (np.sqrt(s) + eps), s

    fails(check("6.3", pas_adagrad), "RMSprop", "somme")

    # les erreurs essayées à la relecture : ε oublié, une seule somme pour toutes les
    # coordonnées, le couple renvoyé dans l'autre ordre
    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        s = s + g**2
        return w - lr * g / np.sqrt(s), s

    fails(check("6.3", pas_adagrad), "Il manque ε", "`np.sqrt(s) + eps`")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        s = s + np.sum(g**2)
        return w - lr * g / (np.sqrt(s) + eps), s

    fails(check("6.3", pas_adagrad), "coordonnée par coordonnée")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        s = s + g**2
        return s, w - lr * g / (np.sqrt(s) + eps)

    fails(check("6.3", pas_adagrad), "dans l'ordre `(w, s)`")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        return w - lr * g

    fails(check("6.3", pas_adagrad), "`return w, s`")
