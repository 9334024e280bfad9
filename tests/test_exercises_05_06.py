"""Les exercices 5.2 (gradient du réseau à un neurone), 6.3 (momentum de Nesterov) et 6.4 (un
pas d'AdaGrad) : la bonne réponse passe, chaque erreur habituelle reçoit son indice, et
l'attendu est bien celui de torch.optim (6.3, 6.4)."""

import numpy as np
import pytest

from conftest import finite_difference_grad
from course_utils import LeastSquares, OneNeuronNetwork, linear_example, one_neuron_example
from course_utils.exercises import EXERCISES, check
from test_exercises import fails


# =========================================================================== 5.2
def _neuron_student(w2_factor=True, x_factor=True, dtanh=lambda t: 1 - t**2, mean=True,
                    sign=1.0, two=2.0):
    def gradient_un_neurone(w, x, y):
        t = np.tanh(w[0] * x)
        r = w[1] * t - y
        d1 = (w[1] if w2_factor else 1.0) * dtanh(t) * (x if x_factor else 1.0)
        G = sign * two * np.stack([r * d1, r * t], axis=1)
        return G.mean(axis=0) if mean else G

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


# =========================================================================== 6.3
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


def test_63_matches_torch_optim_sgd_nesterov():
    torch = pytest.importorskip("torch")
    from course_utils.torch_bridge import torch_trajectory

    ex = EXERCISES["6.3"]
    for case in ex.cases():
        d = case.data
        Z = torch_trajectory("SGD", d["F"], d["w0"], d["T"], lr=d["lr"], momentum=d["rho"],
                             nesterov=True)
        np.testing.assert_allclose(ex.expected(case), Z, rtol=1e-12, atol=1e-12)
    del torch


def test_63_mistakes():
    assert check("6.3", _nesterov_student()).ok
    fails(check("6.3", _nesterov_student(lookahead="plain")), "sans Nesterov", "déjà mise à jour")
    # g_t + ρ b_{t−1} (l'ancienne somme) : c'est b_t, le même indice
    fails(check("6.3", _nesterov_student(lookahead="old")), "sans Nesterov", "ancienne somme")
    fails(check("6.3", _nesterov_student(carry=False)), "s'accumuler", "lr·(1 + ρ)")
    fails(check("6.3", _nesterov_student(climb=True)), "monte")
    fails(check("6.3", _nesterov_student(points="T")), "T + 1 = 31")
    fails(check("6.3", _nesterov_student(copy=False)), "même tableau")
    fails(check("6.3", _course_form_student), "regarder devant", "en retrait de α v_t")

    def nesterov(grad, w0, lr, momentum, T):
        p, b = w0, np.zeros_like(w0)
        Z = [p.copy()]
        for _ in range(T):
            g = grad(p)
            b = momentum * b + g
            p -= lr * (g + momentum * b)  # modifie w0 de l'appelant
            Z.append(p.copy())
        return np.array(Z)

    fails(check("6.3", nesterov), "modifié le tableau w0")


def test_63_course_form_is_pytorch_shifted_by_alpha_v():
    """La forme du cours (gradient pris devant) et celle de PyTorch sont le même algorithme à
    pas constant : p_t = z_t + α v_t (ce que dit l'indice de l'exercice et le chapitre)."""
    X, y = linear_example()
    F = LeastSquares(X, y)
    lr, alpha, T = 0.1, 0.8, 30
    ex = EXERCISES["6.3"]
    (case,) = [c for c in ex.cases() if c.course]
    P = ex.expected(case)
    Z = _course_form_student(F.grad, np.array([-7.0, 7.0]), lr, alpha, T)
    V = np.diff(Z, axis=0)  # v_t = z_t − z_{t−1}
    np.testing.assert_allclose(P[1:], Z[1:] + alpha * V, rtol=1e-12, atol=1e-12)
    assert np.abs(P[1:] - Z[1:]).max() > 0.1  # ce ne sont pas les mêmes points


# =========================================================================== 6.4
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


def test_64_matches_torch_optim_adagrad():
    torch = pytest.importorskip("torch")
    ex = EXERCISES["6.4"]
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


def test_64_mistakes():
    assert check("6.4", _adagrad_student()).ok
    fails(check("6.4", _adagrad_student(order="old")), "**avant**".replace("**", ""))
    fails(check("6.4", _adagrad_student(eps_inside=True)), "après la racine")
    fails(check("6.4", _adagrad_student(square=False)), "**carrés**".replace("**", ""))
    fails(check("6.4", _adagrad_student(root=False)), "Il manque la racine")
    fails(check("6.4", _adagrad_student(sqrt_out=True)), "Renvoyez s")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        s = 0.99 * s + 0.01 * g * g
        return w - lr * g / (np.sqrt(s) + eps), s

    fails(check("6.4", pas_adagrad), "RMSprop", "somme")

    def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
        return w - lr * g

    fails(check("6.4", pas_adagrad), "`return w, s`")
