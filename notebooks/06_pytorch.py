# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: slideshow,tags,jupyter,keep_output,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% slideshow={"slide_type": "skip"}
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
from course_utils import (
    SGD,
    Adam,
    LeastSquares,
    RMSprop,
    TanhNetwork,
    gradient_descent,
    linear_example,
    run,
    sgd_momentum,
)
from course_utils.french import number, point
from course_utils.plotting import (
    plot_contour,
    plot_learning_curve,
    plot_run,
    plot_trajectories,
)
from course_utils.torch_bridge import torch_loss, torch_trajectory
from course_utils.widgets import Explorer

X, y = linear_example()
F_ls = LeastSquares(X, y)
F_tanh = TanhNetwork(X, y)

# %% slideshow={"slide_type": "skip"} tags=["torch"]
import torch

# %% [markdown] slideshow={"slide_type": "slide"}
# # 6. Les optimiseurs de PyTorch : momentum, Nesterov, AdaGrad, RMSprop, Adam
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - écrire une boucle d'entraînement PyTorch : `zero_grad()`, `backward()`, `step()` ;
# - expliquer en quoi le momentum de `torch.optim.SGD` diffère de celui du cours, et quand
#   cette différence compte ;
# - écrire le momentum de Nesterov à côté du momentum classique, et dire ce qu'il change ;
# - énoncer les mises à jour d'AdaGrad, de RMSprop et d'Adam, ce que chacune corrige de la
#   précédente, et leurs vraies valeurs par défaut ; dire en deux phrases ce qu'est AdamW ;
# - comparer six optimiseurs, chacun avec son pas, sur un paysage convexe et sur un paysage non
#   convexe.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## PyTorch en trois idées
#
# - **Les tenseurs** : des tableaux comme ceux de numpy. Avec `requires_grad=True`, PyTorch
#   enregistre chaque opération faite avec eux.
# - **La différentiation automatique** (*autograd*) : après `loss.backward()`, le gradient de
#   `loss` par rapport à `p` est rangé dans `p.grad`. Plus besoin de dériver à la main !
# - **Les optimiseurs** (`torch.optim`) : `opt.step()` met `p` à jour à partir de `p.grad`.
#
# En PyTorch, la quantité à minimiser s'appelle `loss` (la **perte**) : pour nous, c'est la
# fonction objectif $F$, la moyenne des pertes quadratiques du chapitre 1 (celle que calcule
# aussi `torch.nn.MSELoss()`).
#
# Nous travaillons en `torch.float64` (PyTorch utilise `float32` par défaut), pour comparer
# les résultats à ceux de numpy jusqu'à la dernière décimale.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le gradient, sans formule
#
# Écrivons $F(\mathbf{w}) = \frac{1}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$ avec des
# opérations torch, puis demandons le gradient à PyTorch. Au chapitre 1, nous l'avions calculé
# à la main : $\nabla F(\mathbf{w}) = \frac{2}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)\,
# \mathbf{x}_i$.

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
p = torch.tensor([-7.0, 7.0], dtype=torch.float64, requires_grad=True)
X_t, y_t = torch.tensor(X), torch.tensor(y)
loss = torch.mean((X_t @ p - y_t) ** 2)  # F(p), en opérations torch
loss.backward()  # autograd range ∇F(p) dans p.grad
print(f"F(p) = {number(loss.item(), fixed=4)}")
print("gradient par autograd  :", point(p.grad.numpy(), fixed=4))
print("gradient du chapitre 1 :", point(F_ls.grad([-7.0, 7.0]), fixed=4))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `torch_loss` : nos deux objectifs en torch
#
# La fonction `torch_loss(F, p)` de `course_utils.torch_bridge` écrit ainsi nos deux
# objectifs : `torch.mean((X @ p - y) ** 2)` pour les moindres carrés, et
# `torch.mean((torch.tanh(X @ M.T) @ c - y) ** 2)` pour le réseau tanh du chapitre 5, avec
# $M = \begin{bmatrix} w_1 & -1 \\ 1 & w_2 \end{bmatrix}$ construite à partir de `p` et les
# poids de sortie $\mathbf{c} = (-1\,;\,1)$.
# Vérifions, en vingt points tirés au hasard, que son gradient par autograd est bien celui de
# nos formules.

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(6)
for F in (F_ls, F_tanh):
    gaps = []
    for w in rng.uniform(-5, 5, size=(20, 2)):
        p = torch.tensor(w, requires_grad=True)  # un tableau numpy float64 donne un tenseur float64
        torch_loss(F, p).backward()
        gaps.append(np.max(np.abs(p.grad.numpy() - F.grad(w))))
    same = "oui" if max(gaps) < 1e-12 else "non"
    print(f"{F.name:16s} : gradients identiques à 10⁻¹² près : {same}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Une boucle d'entraînement complète
#
# Voici la boucle qu'on retrouve dans presque tout programme PyTorch. À chaque étape :
#
# 1. `opt.zero_grad()` efface le gradient de l'étape précédente (sinon PyTorch y ajoute le
#    nouveau : il accumule les gradients) ;
# 2. `loss = torch_loss(F, p)` calcule $F(\mathbf{p})$ ;
# 3. `loss.backward()` remplit `p.grad` avec $\nabla F(\mathbf{p})$ ;
# 4. `opt.step()` déplace `p` : pour `SGD` sans momentum, $\mathbf{p} \leftarrow \mathbf{p} -
#    lr\cdot\nabla F(\mathbf{p})$.
#
# `lr` (pour *learning rate*) est le pas d'apprentissage $\eta$ : avec `lr=0.4`, c'est
# exactement la descente de gradient du chapitre 2.

# %% slideshow={"slide_type": "subslide"} tags=["torch"]
p = torch.tensor([-7.0, 7.0], dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([p], lr=0.4)
points = [p.detach().numpy().copy()]  # la trajectoire z_0, z_1, ..., z_T
for _ in range(20):  # T = 20 étapes
    opt.zero_grad()
    loss = torch_loss(F_ls, p)
    loss.backward()
    opt.step()
    points.append(p.detach().numpy().copy())
Z_torch = np.array(points)

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
Z_cours = gradient_descent(F_ls, (-7.0, 7.0), eta=0.4, T=20)
print(f"torch.optim.SGD : z_T = {point(Z_torch[-1], fixed=4)}")
print(f"chapitre 2      : z_T = {point(Z_cours[-1], fixed=4)}")
same = np.max(np.abs(Z_torch - Z_cours)) < 1e-12
print("mêmes trajectoires à 10⁻¹² près :", "oui" if same else "non")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `torch_trajectory` : la même boucle, en une ligne
#
# Pour comparer plusieurs optimiseurs sans recopier cette boucle, `torch_trajectory(nom, F,
# w0, T, **réglages)` la fait tourner avec `torch.optim.<nom>` et renvoie la trajectoire, de
# forme `(T + 1, 2)`. Avec `stochastic=True` et une graine `seed`, elle utilise $\nabla F_i$ pour
# un exemple tiré au hasard, **avec les mêmes tirages** que `sgd_momentum` pour la même graine.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : votre boucle PyTorch
#
# Écrivez `boucle_pytorch(F, w0, lr, T, momentum=0.0)`, qui fait $T$ étapes de
# `torch.optim.SGD` (avec ce `lr` et ce `momentum`) et renvoie la trajectoire
# $\mathbf{z}_0, \dots, \mathbf{z}_T$ en tableau numpy de forme $(T + 1, 2)$. `F` est une
# fonction : `F(p)` renvoie la valeur de la fonction objectif (un tenseur scalaire) pour un
# tenseur `p` de forme $(2,)$ ; `w0` est un tableau numpy, que votre fonction ne doit pas
# modifier.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def boucle_pytorch(F, w0, lr, T, momentum=0.0):
    # VOTRE CODE ICI : renvoyer z_0, ..., z_T, de forme (T + 1, 2)
    ...


check("6.1", boucle_pytorch)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution", "torch"]
def boucle_pytorch(F, w0, lr, T, momentum=0.0):
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)  # une copie de w0
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum)
    trajectoire = [p.detach().numpy().copy()]
    for _ in range(T):
        opt.zero_grad()
        F(p).backward()
        opt.step()
        trajectoire.append(p.detach().numpy().copy())  # une copie, pas une vue sur p
    return np.array(trajectoire)


check("6.1", boucle_pytorch)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le momentum de PyTorch n'est pas (tout à fait) celui du cours
#
# À l'étape $t$, avec le gradient $\mathbf{g}_t$ et le pas $\eta_t$, les deux versions sont :
#
# $$\text{cours : } \begin{cases} \mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \eta_t\,\mathbf{g}_t \\
# \mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t \end{cases}
# \qquad\qquad
# \text{PyTorch : } \begin{cases} \mathbf{b}_t = \rho\,\mathbf{b}_{t-1} + \mathbf{g}_t \\
# \mathbf{p}_t = \mathbf{p}_{t-1} - \eta_t\,\mathbf{b}_t \end{cases}$$
#
# Le cours accumule des **déplacements** (le pas $\eta_t$ multiplie le gradient au moment où il
# entre dans la vitesse) ; PyTorch accumule des **gradients** et applique le pas $\eta_t$ à la
# fin, à toute la somme. Le coefficient $\rho$ est l'argument `momentum` de `torch.optim.SGD`. (La
# documentation de PyTorch note cette somme $v$ ; nous l'appelons $\mathbf{b}$
# pour ne pas la confondre avec la vitesse du cours.) La note de cette documentation, recopiée
# dans le cours de 2019, signale l'écart : au signe de $\mathbf{v}$ près, la forme du cours est
# celle de Sutskever et ses coauteurs.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À pas constant : le même algorithme
#
# Si $\eta_t = \eta$ pour tout $t$ et $\rho = \alpha$, posons $\mathbf{v}_t = -\eta\,\mathbf{b}_t$ :
#
# $$\mathbf{v}_t = -\eta\,(\alpha\,\mathbf{b}_{t-1} + \mathbf{g}_t) = \alpha\,\mathbf{v}_{t-1}
# - \eta\,\mathbf{g}_t, \qquad \mathbf{p}_t = \mathbf{p}_{t-1} + \mathbf{v}_t .$$
#
# Ce sont exactement les formules du cours : mêmes itérés, au dernier arrondi près.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Quand le pas change : deux algorithmes
#
# Avec $\eta_t$ variable, l'étape de PyTorch s'écrit
# $\mathbf{p}_t - \mathbf{p}_{t-1} = \rho\,\frac{\eta_t}{\eta_{t-1}}\,(\mathbf{p}_{t-1} -
# \mathbf{p}_{t-2}) - \eta_t\,\mathbf{g}_t$ : tout se passe comme si le momentum valait
# $\rho\,\eta_t/\eta_{t-1}$. Avec $\eta_t = \eta/\sqrt{t}$, c'est $\rho\sqrt{(t-1)/t} < \rho$ :
# PyTorch freine davantage la vitesse acquise.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Vérifions-le
#
# Même départ $(-7\,;\,7)$, mêmes exemples tirés (graine 0), $\eta = 0{,}05$, $\alpha = \rho =
# 0{,}8$, $T = 60$. Pour le pas $\eta/\sqrt{t}$, `torch_trajectory(..., schedule="inv_sqrt")`
# ajoute à l'optimiseur un `torch.optim.lr_scheduler.LambdaLR`, qui multiplie `lr` par
# $1/\sqrt{t}$ à l'étape $t$.

# %% slideshow={"slide_type": "-"}
eta, alpha, T, seed = 0.05, 0.8, 60, 0
Z_cours_cst = sgd_momentum(F_ls, (-7.0, 7.0), eta, alpha, T, seed=seed, schedule="constant")
Z_torch_cst = torch_trajectory("SGD", F_ls, (-7.0, 7.0), T, lr=eta, momentum=alpha,
                               stochastic=True, seed=seed)
Z_cours_dec = sgd_momentum(F_ls, (-7.0, 7.0), eta, alpha, T, seed=seed, schedule="inv_sqrt")
Z_torch_dec = torch_trajectory("SGD", F_ls, (-7.0, 7.0), T, lr=eta, momentum=alpha,
                               stochastic=True, seed=seed, schedule="inv_sqrt")

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
gap_cst = np.max(np.abs(Z_torch_cst - Z_cours_cst))
gap_dec = np.max(np.abs(Z_torch_dec - Z_cours_dec))
print("pas constant η       : écart maximal < 10⁻¹⁰ :", "oui" if gap_cst < 1e-10 else "non")
print(f"pas décroissant η/√t : écart maximal = {number(gap_dec, fixed=1)}")
print(f"F(z_T) avec η/√t : cours {number(F_ls.value(Z_cours_dec[-1]), fixed=3)} ;  "
      f"PyTorch {number(F_ls.value(Z_torch_dec[-1]), fixed=3)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, _ = plot_run(F_ls, {"momentum du cours": Z_cours_dec, "momentum de PyTorch": Z_torch_dec},
                  title="Pas $\\eta/\\sqrt{t}$ : mêmes tirages, deux momentums", markers=True,
                  legend_loc=None, curve_legend_loc=None, curve_title="Courbes d'apprentissage",
                  figsize=(10, 4.3))
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Les deux trajectoires se séparent dès les premières étapes. À chaque étape, le momentum du
# cours garde la fraction $\alpha = 0{,}8$ de sa vitesse acquise et, ici, descend plus vite ;
# celui de PyTorch n'en garde que $\rho\sqrt{(t-1)/t}$ (par exemple $0{,}57$ à $t = 2$,
# $0{,}76$ à $t = 10$) et avance plus lentement. Aucun des deux n'est « faux » : ce sont deux
# algorithmes différents, qui coïncident à pas constant.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Nesterov : regarder où l'élan nous mène
#
# Avec le gradient complet et un pas constant, le momentum du cours s'appelle aussi la méthode
# de la **boule pesante** (Polyak) : il calcule le gradient là où il se trouve, puis ajoute
# l'élan. Le momentum de **Nesterov** (1983) fait l'inverse : il se laisse d'abord porter par
# l'élan, jusqu'en $\mathbf{z}_{t-1} + \alpha\,\mathbf{v}_{t-1}$, et c'est là qu'il regarde le
# gradient :
#
# $$\text{momentum : } \mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \eta\,\nabla
# F(\mathbf{z}_{t-1}), \qquad
# \text{Nesterov : } \mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \eta\,\nabla F(\mathbf{z}_{t-1}
# + \alpha\,\mathbf{v}_{t-1}),$$
#
# puis, pour les deux, $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$. Quand l'élan emporte la
# trajectoire au-delà du fond de la vallée, le gradient pris devant pointe déjà vers l'arrière :
# Nesterov freine **avant** de dépasser le fond, le momentum une étape trop tard.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Dans PyTorch : `nesterov=True`
#
# `torch.optim.SGD(..., momentum=ρ, nesterov=True)` écrit la même méthode avec ses propres
# notations ($\mathbf{g}_t = \nabla F(\mathbf{p}_{t-1})$, la somme $\mathbf{b}$) :
#
# $$\text{momentum : } \begin{cases} \mathbf{b}_t = \rho\,\mathbf{b}_{t-1} + \mathbf{g}_t \\
# \mathbf{p}_t = \mathbf{p}_{t-1} - lr\,\mathbf{b}_t \end{cases}
# \qquad\qquad
# \text{Nesterov : } \begin{cases} \mathbf{b}_t = \rho\,\mathbf{b}_{t-1} + \mathbf{g}_t \\
# \mathbf{p}_t = \mathbf{p}_{t-1} - lr\,(\mathbf{g}_t + \rho\,\mathbf{b}_t) \end{cases}$$
#
# Une seule ligne change : le déplacement de Nesterov est $\mathbf{g}_t + \rho\,\mathbf{b}_t$ au
# lieu de $\mathbf{b}_t$. À pas constant, avec $\rho = \alpha$ et $lr = \eta$, c'est exactement la
# méthode ci-dessus, à un détail près : les points $\mathbf{p}_t$ de PyTorch sont les points
# « en avance » $\mathbf{z}_t + \alpha\,\mathbf{v}_t$, ceux où le gradient est calculé.
#
# Comparons les deux, avec le même réglage ($lr = 0{,}1$ et $\rho = 0{,}8$), sur les moindres
# carrés. `SGD(lr=..., momentum=..., nesterov=...)` de `course_utils` est un **jumeau** numpy de
# `torch.optim.SGD` : il fait les mêmes calculs (nous le vérifierons plus bas), sans la boucle
# PyTorch ; `run(optimiseur, F, w0, T)` renvoie sa trajectoire $\mathbf{p}_0, \dots,
# \mathbf{p}_T$.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
F_star = F_ls.value(F_ls.minimizer())
T = 100
twin_runs = {
    "momentum": run(SGD(lr=0.1, momentum=0.8), F_ls, (-7.0, 7.0), T),
    "Nesterov": run(SGD(lr=0.1, momentum=0.8, nesterov=True), F_ls, (-7.0, 7.0), T),
}
for name, Z in twin_runs.items():
    gaps = F_ls.value(Z) - F_star
    settled = np.flatnonzero(gaps >= 1e-6).max() + 1  # à 10⁻⁶ près, pour de bon
    when = f"dès l'étape {settled}" if settled <= T else f"pas en {T} étapes"
    rise = np.max(np.diff(F_ls.value(Z)))  # la plus grande remontée de F d'une étape à l'autre
    print(f"{name:9s} : à 10⁻⁶ de F(w*) {when} ;  plus grande remontée de F : "
          f"{number(rise, fixed=2)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
from course_utils.plotting import legend_f_star_last, method_color

fig, _ = plot_run(F_ls, twin_runs, colors=[method_color("heavy_ball"), method_color("nesterov")],
                  title="Même réglage ($lr = 0{,}1$ ; $\\rho = 0{,}8$), deux momentums",
                  markers=True, legend_loc=None, curve_legend_loc=None,
                  curve_title="Courbes d'apprentissage", figsize=(10, 4.3))
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Les deux trajectoires partent ensemble, mais celle de Nesterov tourne plus court au fond de la
# vallée : sa plus grande remontée de $F$ est plus de quatre fois plus petite, et elle se pose à
# $10^{-6}$ de $F(\mathbf{w}^*)$ dès l'étape 53, contre 81 pour le momentum.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le momentum de Nesterov
#
# Écrivez `nesterov(grad, w0, lr, momentum, T)`, qui fait $T$ étapes de
# `torch.optim.SGD(lr=lr, momentum=momentum, nesterov=True)` avec les formules de PyTorch
# ci-dessus (momentum $= \rho$, $\mathbf{b}_0 = \mathbf{0}$) et renvoie la trajectoire
# $\mathbf{p}_0 = $ `w0`, $\mathbf{p}_1, \dots, \mathbf{p}_T$ en tableau numpy de forme
# $(T + 1, d)$. `grad` est une fonction : `grad(p)` renvoie $\nabla F(\mathbf{p})$.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def nesterov(grad, w0, lr, momentum, T):
    # VOTRE CODE ICI : renvoyer p_0, ..., p_T, de forme (T + 1, d)
    ...


check("6.2", nesterov)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def nesterov(grad, w0, lr, momentum, T):
    p = np.array(w0, dtype=float)  # une copie de w0
    b = np.zeros_like(p)
    trajectoire = [p.copy()]
    for _ in range(T):
        g = grad(p)
        b = momentum * b + g  # la somme des gradients, mise à jour d'abord
        p = p - lr * (g + momentum * b)  # le pas de Nesterov
        trajectoire.append(p.copy())
    return np.array(trajectoire)


check("6.2", nesterov)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Explorer les deux momentums
#
# L'explorateur compare la boule pesante (le momentum à pas constant) et Nesterov sur les
# moindres carrés, avec le même $\eta$ et le même $\alpha$ (curseur « momentum α »).

# %% slideshow={"slide_type": "slide"}
Explorer(F_ls, method="nesterov", compare=["heavy_ball", "nesterov"], eta=0.1, alpha=0.8, T=60)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Montez le curseur « momentum α » de 0,8 à 0,95. Laquelle des deux méthodes est la plus
#    proche de $\mathbf{w}^*$ à $T = 60$ (lisez la ligne sous la figure) ?
#
#    <details><summary>Réponse</summary>
#
#    Nesterov, de loin : à $\alpha = 0{,}95$, il est à $0{,}00984$ de $\mathbf{w}^*$, la boule
#    pesante à $0{,}261$ (à $\alpha = 0{,}8$ : $0{,}00132$ contre $0{,}0127$). Avec un élan plus
#    fort, les deux oscillent davantage, mais le gradient pris devant amortit les oscillations
#    de Nesterov bien plus vite.
#
#    </details>
#
# 2. Revenez à $\alpha = 0{,}8$ et montez « pas η » de 0,1 vers 0,4 (le cran 0,3981). Que devient
#    Nesterov ? Et la boule pesante ?
#
#    <details><summary>Réponse</summary>
#
#    Nesterov diverge (la ligne sous la figure, en rouge : $F(\mathbf{z}_T) \approx 1{,}4 \times
#    10^{20}$, « F a augmenté »), alors que la boule pesante converge (à $0{,}0071$ de
#    $\mathbf{w}^*$). Sur une fonction quadratique de plus grande valeur propre $L$, la boule
#    pesante reste stable tant que $\eta L < 2 + 2\alpha$, soit ici $\eta < 0{,}892$ ; Nesterov
#    seulement tant que $\eta L < (2 + 2\alpha)/(1 + 2\alpha)$, soit $\eta < 0{,}343$. Son
#    déplacement contient le gradient deux fois ($\mathbf{g}_t + \rho\,\mathbf{b}_t$) : il
#    freine mieux, mais supporte un pas plus petit.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## AdaGrad, RMSprop, Adam : des pas à la taille du terrain
#
# Un seul pas pour toutes les coordonnées, c'est peu quand les pentes diffèrent beaucoup d'une
# coordonnée à l'autre : le pas qui convient à la plus raide est trop petit pour la plus douce.
# Trois méthodes, chacune corrigeant la précédente, donnent à chaque coordonnée son propre pas.
#
# **AdaGrad** (Duchi, Hazan et Singer, 2011) additionne les carrés de **tous** les gradients
# passés, composante par composante, et divise le pas par la racine de cette somme :
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + \mathbf{g}_t^2, \qquad
# \mathbf{p}_t = \mathbf{p}_{t-1} - lr\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{s}_t} + \varepsilon},
# \qquad \mathbf{s}_0 = \mathbf{0}$$
#
# (`torch.optim.Adagrad` : `lr=0.01` et `eps=1e-10` par défaut). Une coordonnée aux gradients
# petits (un plateau, une entrée rarement non nulle) garde un grand pas ; une coordonnée aux
# gradients grands en reçoit un petit. Le premier déplacement vaut $lr$ sur chaque coordonnée
# (à $\varepsilon$ près). Mais $\mathbf{s}$ ne fait que grandir : si les gradients gardent la
# même taille, le déplacement de l'étape $t$ vaut $lr/\sqrt{t}$, comme le pas décroissant de la
# SGD. AdaGrad s'essouffle, même loin du minimum.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : un pas d'AdaGrad
#
# Écrivez `pas_adagrad(w, g, s, lr=0.01, eps=1e-10)`, qui fait une étape d'AdaGrad et renvoie le
# couple `(w, s)` après ce pas, comme `torch.optim.Adagrad` (avec ses valeurs par défaut). `w`
# est le point, `g` le gradient, `s` la somme des carrés des gradients des étapes précédentes
# (nulle avant la première étape) ; tous sont des tableaux numpy de forme $(d,)$.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
    # VOTRE CODE ICI : renvoyer le couple (w, s) après le pas
    ...


check("6.3", pas_adagrad)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def pas_adagrad(w, g, s, lr=0.01, eps=1e-10):
    s = s + g**2  # la somme des carrés, mise à jour d'abord
    w = w - lr * g / (np.sqrt(s) + eps)
    return w, s


check("6.3", pas_adagrad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### RMSprop : oublier les vieux gradients
#
# **RMSprop** (Tieleman et Hinton, 2012) corrige ce défaut : au lieu de la somme, il tient une
# moyenne mobile $\mathbf{s}$ des carrés des gradients, qui oublie peu à peu les anciens :
#
# $$\mathbf{s}_t = \beta\,\mathbf{s}_{t-1} + (1-\beta)\,\mathbf{g}_t^2, \qquad
# \mathbf{p}_t = \mathbf{p}_{t-1} - lr\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{s}_t} + \varepsilon}.$$
#
# Ici $\beta$ est l'argument `alpha` de `torch.optim.RMSprop` (0,99 par défaut) ; nous ne
# l'appelons pas $\alpha$, qui désigne le momentum depuis le chapitre 4. $\varepsilon$ (`eps`,
# $10^{-8}$) est un très petit nombre qui évite de diviser par zéro.
#
# Là où la pente est forte, $\sqrt{\mathbf{s}}$ est grand et le pas effectif se réduit ; sur
# un plateau, $\sqrt{\mathbf{s}}$ est minuscule et le pas s'allonge. Le déplacement dépend donc
# peu de la taille du gradient : une fois $\mathbf{s}$ installé, il est de l'ordre de $lr$ sur
# chaque coordonnée, à chaque étape, sans s'essouffler. Mais au début, il est bien plus grand :
# $\mathbf{s}$ part de zéro, si bien que le premier déplacement vaut $lr/\sqrt{1-\beta} = 10\,lr$
# sur chaque coordonnée (avec $\beta = 0{,}99$), et il faut une trentaine d'étapes pour revenir
# vers $lr$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Adam : momentum et RMSprop réunis
#
# **Adam** (Kingma et Ba, 2015) ajoute à RMSprop une moyenne mobile $\mathbf{m}$ des gradients
# eux-mêmes (un momentum), et corrige les deux moyennes, qui partent de zéro :
#
# $$\mathbf{m}_t = \beta_1 \mathbf{m}_{t-1} + (1-\beta_1)\,\mathbf{g}_t, \qquad
# \mathbf{s}_t = \beta_2 \mathbf{s}_{t-1} + (1-\beta_2)\,\mathbf{g}_t^2,$$
#
# $$\mathbf{p}_t = \mathbf{p}_{t-1} - lr\,\frac{\hat{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{s}}_t}
# + \varepsilon}, \qquad \hat{\mathbf{m}}_t = \frac{\mathbf{m}_t}{1-\beta_1^t},\quad
# \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1-\beta_2^t}.$$
#
# Par défaut, $\beta_1 = 0{,}9$ et $\beta_2 = 0{,}999$. Grâce à ces corrections, le premier
# déplacement vaut $lr$ sur chaque coordonnée (à $\varepsilon$ près), et les suivants restent de
# l'ordre de $lr$ : les grands premiers déplacements de RMSprop ont disparu.
#
# `torch.optim.Adam` a aussi un argument `amsgrad` (faux par défaut) : la variante AMSGrad de
# Reddi, Kale et Kumar (2018), qui corrige un cas où Adam ne converge pas.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### AdamW : la décroissance des poids, à part
#
# Avec `weight_decay`, `torch.optim.Adam` ajoute `weight_decay` $\times\,\mathbf{p}$ au
# gradient (la dérivée d'une pénalité sur la taille des poids) ; ce terme est ensuite divisé
# par $\sqrt{\hat{\mathbf{s}}_t}$ comme le reste, si bien que les poids aux grands gradients
# ne sont presque pas freinés. **AdamW** (Loshchilov et Hutter, 2019) **découple** cette
# décroissance : à chaque étape, il multiplie chaque poids par $1 - lr \times$ `weight_decay`,
# hors du pas adaptatif, puis fait le pas d'Adam sans pénalité (`torch.optim.AdamW`,
# `weight_decay=0.01` par défaut).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### De l'un à l'autre
#
# | méthode | ce qu'elle apporte | ce qu'elle corrige |
# |---|---|---|
# | AdaGrad (2011) | un pas par coordonnée, divisé par $\sqrt{\text{somme des } g^2}$ | un seul pas pour des pentes très différentes |
# | RMSprop (2012) | une moyenne mobile des $g^2$ au lieu de leur somme | AdaGrad qui s'essouffle |
# | Adam (2015) | un momentum et la correction des moyennes qui partent de zéro | les grands premiers déplacements de RMSprop |
# | AdamW (2019) | la décroissance des poids hors du pas adaptatif | une pénalité affaiblie pour les poids aux grands gradients |

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Les vraies valeurs par défaut
#
# Sans réglage explicite, chaque optimiseur prend des valeurs par défaut. Attention : la
# documentation d'Adam recopiée dans le cours de 2019 annonçait `betas=(0.9, 0.99)` ; la
# valeur réelle de $\beta_2$ est **0,999**. Demandons-les à PyTorch lui-même : ce qu'il
# affiche est le code qu'on écrirait pour donner ces valeurs, avec le point décimal.
#
# Prenez l'habitude de lire la documentation, comme le faisait le cours de 2019 : dans une
# cellule, `torch.optim.SGD?` l'affiche (de même `torch.optim.Adagrad?`,
# `torch.optim.RMSprop?`, `torch.optim.Adam?` et `torch.optim.AdamW?`).

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
shown = {"SGD": ("lr", "momentum"), "Adagrad": ("lr", "eps"), "RMSprop": ("lr", "alpha", "eps"),
         "Adam": ("lr", "betas", "eps", "amsgrad"),
         "AdamW": ("lr", "betas", "eps", "weight_decay")}
for name, keys in shown.items():
    defaults = getattr(torch.optim, name)([torch.zeros(1)]).defaults
    arguments = ", ".join(f"{key}={defaults[key]}" for key in keys)
    print(f"{name}(params) revient à {name}(params, {arguments})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : un pas d'Adam
#
# Écrivez `pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)`, qui fait l'étape
# $t$ d'Adam ($t \geq 1$) et renvoie le triplet `(w, m, v)` après ce pas, comme
# `torch.optim.Adam`. `w` est le point, `g` le gradient, `m` et `v` les deux moyennes mobiles de
# l'étape précédente (nulles avant la première étape) : `v` est la moyenne des carrés, notée
# $\mathbf{s}$ ci-dessus (le nom `v` est celui de l'article d'Adam). Tous sont des tableaux numpy
# de forme $(d,)$, et `betas` est le couple $(\beta_1, \beta_2)$.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    # VOTRE CODE ICI : renvoyer le triplet (w, m, v) après l'étape t
    ...


check("6.4", pas_adam)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)  # la correction de biais
    v_hat = v / (1 - beta2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


check("6.4", pas_adam)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quatre optimiseurs, deux paysages
#
# Faisons tourner les vrais optimiseurs de PyTorch pendant $T = 150$ étapes, avec le **même**
# `lr=0.1` pour tous (et `momentum=0.8` pour le momentum) et le gradient complet $\nabla F$.
# Deux paysages : les moindres carrés depuis $(-7\,;\,7)$, et le réseau tanh du chapitre 5
# depuis $(3\,;\,4)$, sur le plateau.

# %% slideshow={"slide_type": "-"}
configs = {  # étiquette : (nom dans torch.optim, réglages)
    "SGD": ("SGD", dict(lr=0.1)),
    "SGD + momentum": ("SGD", dict(lr=0.1, momentum=0.8)),
    "RMSprop": ("RMSprop", dict(lr=0.1)),
    "Adam": ("Adam", dict(lr=0.1)),
}
T = 150
landscapes = {"moindres carrés": (F_ls, (-7.0, 7.0)), "réseau tanh": (F_tanh, (3.0, 4.0))}
paths = {
    key: {label: torch_trajectory(name, F, w0, T, **kwargs)
          for label, (name, kwargs) in configs.items()}
    for key, (F, w0) in landscapes.items()
}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_ls, title="Moindres carrés : quatre optimiseurs ($lr = 0{,}1$)")
colors = [method_color(name) for name in ("gd", "heavy_ball", "rmsprop", "adam")]  # du registre
drawn = plot_trajectories(ax, paths["moindres carrés"], colors=colors)
# RMSprop suit la même diagonale qu'Adam : sa ligne, plus fine, passe par-dessus
plt.setp(drawn["RMSprop"]["lines"], zorder=4, markersize=2.5, linewidth=1.0)
for (label, Z), color in zip(paths["moindres carrés"].items(), colors, strict=True):
    plot_learning_curve(axc, F_ls, Z, label=label, color=color)
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Sur la cuvette des moindres carrés, la pente est forte : SGD fait d'abord de grands
# déplacements et converge vite ; le momentum va plus vite encore, en oscillant. Adam, lui,
# avance d'environ $lr = 0{,}1$ par étape **sur chaque coordonnée**, quelle que soit la pente :
# d'où sa trajectoire en diagonale, et les nombreuses étapes qu'il lui faut pour parcourir la
# dizaine d'unités qui le sépare de $\mathbf{w}^*$. RMSprop part sur la même diagonale, mais à
# grandes enjambées (dix fois $lr$ à la première étape), puis ralentit.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
for key, (F, _) in landscapes.items():
    finals = " ;  ".join(f"{label} {number(F.value(Z[-1]), fixed=4)}"
                         for label, Z in paths[key].items())
    print(f"{key:16s} F(z_T) : {finals}")

# %% [markdown] slideshow={"slide_type": "-"}
# Sur le plateau du réseau tanh, les chiffres s'inversent : le gradient est minuscule, et SGD
# (avec ou sans momentum) avance à peine, sans quitter le plateau ($F(\mathbf{z}_T) > 9{,}2$).
# RMSprop et Adam, qui divisent par $\sqrt{\mathbf{s}}$, quittent le plateau ; RMSprop trouve
# le minimum, Adam est dans la vallée de droite après 150 étapes. La figure viendra avec la
# famille au complet, plus bas.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les jumeaux numpy de `course_utils`
#
# L'explorateur interactif n'utilise pas PyTorch : il recalcule les trajectoires à chaque
# mouvement de curseur avec les jumeaux numpy de `course_utils`, `SGD` (déjà vu avec
# Nesterov), `RMSprop`, `Adam` et `Adagrad`, et avec `run(optimiseur, F, w0, T)`. Vérifions
# qu'ils donnent les mêmes huit trajectoires que PyTorch (les tests du cours vérifient de même
# `SGD(..., nesterov=True)` et `Adagrad`).

# %% slideshow={"slide_type": "-"} tags=["torch"]
twins = {"SGD": SGD, "RMSprop": RMSprop, "Adam": Adam}  # nom -> jumeau numpy
gaps = []
for key, (F, w0) in landscapes.items():
    for label, (name, kwargs) in configs.items():
        Z_numpy = run(twins[name](**kwargs), F, w0, T)
        Z_torch = paths[key][label]
        gaps.append(np.max(np.abs(Z_numpy - Z_torch)))  # le plus grand écart, sur T + 1 points
d = max(gaps)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le verdict
#
# Le plus grand écart entre les huit trajectoires numpy et leurs jumelles PyTorch (les
# coordonnées ne dépassent pas 10 en valeur absolue) :

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
print("écart maximal < 10⁻⁹ :", "oui" if d < 1e-9 else "non")

# %% slideshow={"slide_type": "-"} tags=["torch"]
print(f"écart maximal mesuré : {number(d, 2)}")  # les derniers chiffres dépendent du processeur

# %% [markdown] slideshow={"slide_type": "-"}
# L'écart n'est pas exactement nul : PyTorch et numpy n'arrondissent pas toujours de la même
# façon (et autograd ne fait pas les opérations dans le même ordre que nos formules), mais il
# reste au niveau des erreurs d'arrondi.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## La famille au complet : à chacun son pas
#
# Plus haut, tous les optimiseurs avaient le même `lr=0.1`. Ce n'est pas équitable : ce
# nombre ne joue pas le même rôle pour tous.
#
# - Pour SGD, le momentum et Nesterov, le pas **multiplie le gradient** : il se règle sur la
#   courbure. Pour SGD, le chapitre 2 donne le meilleur pas constant sur les moindres carrés,
#   $2/(L + \mu) \approx 0{,}41$ : prenons $lr = 0{,}4$. Avec un momentum $\alpha = 0{,}8$,
#   l'élan allonge les déplacements jusqu'à $1/(1 - \alpha) = 5$ fois (chapitre 4) : un pas
#   quatre fois plus petit, $lr = 0{,}1$, donne des déplacements comparables.
# - Pour les méthodes adaptatives, $lr$ est un **déplacement** par coordonnée. RMSprop et Adam
#   avancent d'environ $lr$ par étape : $lr = 0{,}1$ parcourt la dizaine d'unités qui sépare
#   $(-7\,;\,7)$ de $\mathbf{w}^*$ en une centaine d'étapes. AdaGrad n'avance que d'environ
#   $lr/\sqrt{t}$ à l'étape $t$ : il lui faut un $lr$ plus grand, $lr = 1$.
#
# Les six optimiseurs tournent ici avec leurs jumeaux numpy (`Adagrad` est celui de
# `torch.optim.Adagrad`), sur les deux paysages, pendant $T = 150$ étapes.

# %% slideshow={"slide_type": "-"}
from course_utils import Adagrad

family = {  # étiquette : (nom dans le registre des méthodes, pour sa couleur ; jumeau numpy)
    "SGD (lr = 0,4)": ("gd", SGD(lr=0.4)),
    "momentum (lr = 0,1 ; α = 0,8)": ("heavy_ball", SGD(lr=0.1, momentum=0.8)),
    "Nesterov (lr = 0,1 ; α = 0,8)": ("nesterov", SGD(lr=0.1, momentum=0.8, nesterov=True)),
    "AdaGrad (lr = 1)": ("adagrad", Adagrad(lr=1.0)),
    "RMSprop (lr = 0,1)": ("rmsprop", RMSprop(lr=0.1)),
    "Adam (lr = 0,1)": ("adam", Adam(lr=0.1)),
}
family_paths = {
    key: {label: run(optimizer, F, w0, T) for label, (_, optimizer) in family.items()}
    for key, (F, w0) in landscapes.items()
}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
family_colors = [method_color(name) for name, _ in family.values()]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_ls, title="Moindres carrés : à chacun son pas")
plot_trajectories(ax, family_paths["moindres carrés"], colors=family_colors)
ax.get_legend().remove()  # la légende est celle des courbes d'apprentissage
for (label, Z), color in zip(family_paths["moindres carrés"].items(), family_colors, strict=True):
    plot_learning_curve(axc, F_ls, Z, label=label, color=color)
legend_f_star_last(axc, fontsize="small", loc="upper right", framealpha=0.9)
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_tanh, title="Réseau tanh : à chacun son pas")
plot_trajectories(ax, family_paths["réseau tanh"], colors=family_colors)
ax.get_legend().remove()
for (label, Z), color in zip(family_paths["réseau tanh"].items(), family_colors, strict=True):
    plot_learning_curve(axc, F_tanh, Z, label=label, color=color)
axc.legend(fontsize="small", loc="center right", framealpha=0.9)  # sous le plateau (F ≈ 9,2)
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
F_star = F_ls.value(F_ls.minimizer())
print(f"moindres carrés, F(w*) = {number(F_star, fixed=4)} :")
for label, Z in family_paths["moindres carrés"].items():
    gaps = F_ls.value(Z) - F_star
    settled = np.flatnonzero(gaps >= 1e-6).max() + 1  # à 10⁻⁶ près, pour de bon
    when = f"dès l'étape {settled}" if settled <= T else f"pas en {T} étapes"
    print(f"   {label:30s} F(z_T) = {number(F_ls.value(Z[-1]), fixed=4)} ;  à 10⁻⁶ de F(w*) {when}")
print("réseau tanh :")
for label, Z in family_paths["réseau tanh"].items():
    print(f"   {label:30s} F(z_T) = {number(F_tanh.value(Z[-1]), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Sur la cuvette des moindres carrés, tous arrivent à moins de $10^{-3}$ de $F(\mathbf{w}^*)$,
# sauf Adam : à raison d'environ $lr$ par étape, il n'a pas fini son chemin (RMSprop, parti à
# grandes enjambées, a pris de l'avance). Le plus rapide est la simple SGD à son meilleur pas :
# cette cuvette est bien conditionnée ($\kappa \approx 5$), et un élan $\alpha = 0{,}8$ y est
# trop fort (le meilleur réglage de la boule pesante y est $\alpha \approx 0{,}15$) ; au même
# réglage, Nesterov fait mieux que le momentum.
#
# Sur le réseau tanh, depuis le plateau, le classement s'inverse : SGD, momentum et Nesterov
# multiplient un gradient minuscule et restent sur le plateau ($F(\mathbf{z}_T) > 9{,}2$) ;
# AdaGrad et RMSprop, qui divisent par $\sqrt{\mathbf{s}}$, quittent le plateau et trouvent
# le minimum ; Adam, emporté par son momentum, descend dans la vallée de droite, où il est
# encore après 150 étapes (il n'en sort que vers l'étape 210). Aucun optimiseur ne gagne
# partout, et chacun a son pas.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Dans la cellule de la famille, donnez à AdaGrad le même `lr=0.1` que RMSprop
#    (`Adagrad(lr=0.1)`), puis relancez cette cellule et les deux suivantes. Sur les moindres
#    carrés, où en est AdaGrad après 150 étapes ? Pourquoi RMSprop, avec le même `lr`,
#    arrive-t-il ?
#
#    <details><summary>Réponse</summary>
#
#    AdaGrad n'a fait qu'un petit bout du chemin : il finit en $(-4{,}82\,;\,4{,}76)$, avec
#    $F(\mathbf{z}_T) = 48{,}96$, loin de $\mathbf{w}^* \approx (1{,}76\,;\,-2{,}90)$. Loin du
#    minimum, ses gradients diminuent lentement, et son déplacement de l'étape $t$ vaut un peu
#    moins de $lr/\sqrt{t}$ : en 150 étapes, au plus $0{,}1 \times \sum_{t=1}^{150} 1/\sqrt{t} \approx
#    2{,}31$ par coordonnée (il a parcouru $2{,}18$ et $2{,}24$), alors qu'il faudrait $8{,}76$
#    et $9{,}90$. RMSprop oublie les vieux gradients : son déplacement reste de l'ordre de $lr$,
#    et il arrive à $2 \times 10^{-6}$ près de $F(\mathbf{w}^*)$.
#
#    </details>
#
# 2. Deux poids valent 1. Le premier a un gradient de 10 à chaque étape, le second un gradient
#    nul (sans compter la pénalité). Avec `Adam(lr=0.01, weight_decay=0.1)`, lequel des deux
#    la décroissance des poids fait-elle le plus reculer en 10 étapes ? Et avec
#    `AdamW(lr=0.01, weight_decay=0.1)` ? (Raisonnez avec les formules d'Adam et d'AdamW.)
#
#    <details><summary>Réponse</summary>
#
#    Avec Adam, c'est le poids au gradient nul qui recule : son seul gradient est la pénalité
#    $0{,}1 \times 1$, et Adam la divise par sa propre racine, ce qui donne un déplacement
#    d'environ $lr$ par étape, soit $0{,}0997$ en 10 étapes. Pour le poids au gradient 10, la
#    pénalité est noyée dans le gradient, puis divisée avec lui : elle ne change sa position
#    que de $3 \times 10^{-6}$. Avec AdamW, les deux reculent d'environ $0{,}01$ (chaque pas
#    les multiplie par $1 - 0{,}01 \times 0{,}1$), quel que soit leur gradient : c'est ce que
#    « découplé » veut dire.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Explorer RMSprop et Adam
#
# Sur le réseau tanh, depuis $(-2\,;\,4)$ sur le plateau, l'explorateur compare la descente de
# gradient, RMSprop et Adam (le curseur « pas η » sert de `lr`, gradient complet).

# %% slideshow={"slide_type": "slide"}
Explorer(F_tanh, method="adam", compare=["gd", "rmsprop", "adam"], eta=0.1, T=150,
         w0=(-2.0, 4.0), T_max=300)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Au départ $(-2\,;\,4)$, montez le curseur « pas η » de 0,1 à 1 : la descente de gradient
#    quitte-t-elle enfin le plateau ? Que deviennent RMSprop et Adam avec ce grand pas ?
#
#    <details><summary>Réponse</summary>
#
#    Oui : à $\eta = 1$, la descente de gradient quitte le plateau et atteint le minimum
#    ($F(\mathbf{z}_T) = 2{,}963$, contre $10{,}53$ à $\eta = 0{,}1$). RMSprop et Adam, qui
#    l'atteignaient à $\eta = 0{,}1$, le manquent : leurs déplacements, de l'ordre de
#    $lr = 1$ par coordonnée, les emportent au-delà, jusqu'au fond de la vallée de droite, hors
#    de la figure ($\mathbf{z}_T \approx (7{,}88\,;\,-1{,}06)$ pour RMSprop, $(10{,}05\,;\,-1{,}41)$
#    pour Adam ; $F(\mathbf{z}_T) = 4{,}423$ et $4{,}33$).
#
#    </details>
#
# 2. Revenez à η = 0,1 et placez le départ en $(3\,;\,2)$ avec les curseurs « départ w₁ » et
#    « départ w₂ ». Quelle méthode atteint le minimum en 150 étapes ? Lesquelles sont encore
#    dans la vallée de droite ?
#
#    <details><summary>Réponse</summary>
#
#    RMSprop seul atteint le minimum ($F(\mathbf{z}_T) = 2{,}963$). La descente de gradient
#    ($4{,}319$) et Adam ($4{,}325$) sont dans la vallée de droite.
#
#    </details>
#
# 3. Toujours en $(3\,;\,2)$, montez « itérations T » de 150 à 300. Qu'arrive-t-il à Adam ?
#    Pourquoi faut-il se méfier d'une courbe d'apprentissage plate ?
#
#    <details><summary>Réponse</summary>
#
#    Adam sort de la vallée de droite vers l'étape 162 et rejoint le minimum
#    ($F(\mathbf{z}_T) = 2{,}966$ à $T = 300$). Pourtant, de l'étape 100 à l'étape 150, sa
#    courbe d'apprentissage était presque plate (entre $4{,}325$ et $4{,}330$) : on aurait pu
#    croire qu'il avait fini. Une courbe plate dit seulement que $F$ ne baisse plus pour
#    l'instant : sur un paysage non convexe, ce peut être un plateau ou une vallée qui
#    s'étire, pas un minimum.
#
#    </details>
#
# 4. Dans la cellule de l'explorateur, remplacez le code par `Explorer(F_ls, method="adam",
#    compare=["gd", "adam"], eta=0.1, T=150)` et relancez-la (moindres carrés). Montez
#    « pas η » vers 0,3 (le cran 0,302), puis vers 0,5 (le cran 0,5012) : Adam accélère-t-il ?
#    Et la descente de gradient ? Pourquoi le même curseur n'a-t-il pas le même effet sur les
#    deux ?
#
#    <details><summary>Réponse</summary>
#
#    Adam accélère : à $\eta = 0{,}1$, il est encore à $0{,}55$ de $\mathbf{w}^*$ après 150
#    étapes ; il arrive à moins de $0{,}01$ de $\mathbf{w}^*$ à l'étape 81 avec $0{,}302$, à
#    l'étape 76 avec $0{,}5012$. La descente de gradient converge à $0{,}302$ (à moins de
#    $0{,}01$ de $\mathbf{w}^*$ dès l'étape 26), mais diverge à $0{,}5012$, au-delà du seuil
#    $2/L = 0{,}4957$ : la ligne d'état l'écrit en rouge, « F a augmenté »
#    ($F(\mathbf{z}_T) = 1{,}424 \times 10^4$). Le déplacement de la descente de gradient est
#    $\eta\,\nabla F$ : trop grand là où la courbure est forte, il diverge. Celui d'Adam est
#    d'environ $\eta$ par coordonnée, quelle que soit la pente : un $\eta$ plus grand allonge
#    ses enjambées, sans le faire diverger.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - Une boucle PyTorch : `zero_grad()`, calcul de la perte `loss` (notre fonction objectif
#   $F$), `backward()` (autograd remplit `p.grad`), `step()`.
# - Le momentum de `torch.optim.SGD` accumule des gradients ($\mathbf{b} \leftarrow \rho
#   \mathbf{b} + \mathbf{g}$, $\mathbf{p} \leftarrow \mathbf{p} - lr\,\mathbf{b}$) : identique
#   à celui du cours à pas constant, différent dès que le pas varie.
# - Nesterov prend le gradient là où l'élan mène, $\mathbf{z}_{t-1} + \alpha\,\mathbf{v}_{t-1}$
#   (dans PyTorch : `nesterov=True`, déplacement $lr\,(\mathbf{g}_t + \rho\,\mathbf{b}_t)$) :
#   il freine avant de dépasser le fond, mais supporte un pas plus petit.
# - AdaGrad divise le pas par la racine de la **somme** des gradients au carré : un pas par
#   coordonnée, qui s'essouffle. RMSprop prend une **moyenne mobile** à la place, Adam y ajoute
#   un momentum et corrige les moyennes qui partent de zéro, AdamW sort la décroissance des
#   poids du pas adaptatif.
# - Ces méthodes adaptatives ont un déplacement qui dépend peu de la pente : un frein sur les
#   pentes fortes, un atout sur les plateaux. Celui d'Adam reste de l'ordre de $lr$ dès le
#   départ ; celui de RMSprop vaut $10\,lr$ à la première étape (avec $\beta = 0{,}99$) avant
#   de redescendre vers $lr$.
# - Chaque optimiseur a son pas : $lr$ multiplie le gradient pour SGD, momentum et Nesterov,
#   c'est un déplacement pour AdaGrad, RMSprop et Adam. Aucun ne gagne sur tous les paysages.
# - Adam par défaut : `lr=0.001`, `betas=(0.9, 0.999)`, `eps=1e-08` ; $\beta_2$ vaut 0,999,
#   et non 0,99 comme l'annonçait la documentation recopiée en 2019.
# - Les jumeaux numpy de `course_utils` reproduisent `torch.optim` aux arrondis près.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - La documentation de chaque optimiseur : `torch.optim.SGD?`, `torch.optim.Adagrad?`,
#   `torch.optim.RMSprop?`, `torch.optim.Adam?`, `torch.optim.AdamW?` dans une cellule (les
#   articles ci-dessous y sont cités).
# - Yurii Nesterov, « A method of solving a convex programming problem with convergence rate
#   $O(1/k^2)$ », *Soviet Mathematics Doklady*, vol. 27, p. 372-376, 1983 : le momentum de
#   Nesterov.
# - Ilya Sutskever, James Martens, George Dahl et Geoffrey Hinton, « On the importance of
#   initialization and momentum in deep learning », *ICML*, 2013,
#   <http://www.cs.toronto.edu/~hinton/absps/momentum.pdf> : le momentum sous la forme du
#   cours, et celui de Nesterov écrit de la même façon.
# - John Duchi, Elad Hazan et Yoram Singer, « Adaptive Subgradient Methods for Online Learning
#   and Stochastic Optimization », *Journal of Machine Learning Research*, vol. 12,
#   p. 2121-2159, 2011, <https://jmlr.org/papers/v12/duchi11a.html> : AdaGrad.
# - Tijmen Tieleman et Geoffrey Hinton, « rmsprop: Divide the gradient by a running average of
#   its recent magnitude », leçon 6 (section 6e) du cours « Neural Networks for Machine
#   Learning » (avec Nitish Srivastava et Kevin Swersky), 2012,
#   <http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lecture6.pdf> : RMSprop,
#   présenté dans ce cours et jamais publié en article.
# - Diederik P. Kingma et Jimmy Ba, « Adam: A Method for Stochastic Optimization », *ICLR*,
#   2015, <https://arxiv.org/abs/1412.6980>.
# - Sashank J. Reddi, Satyen Kale et Sanjiv Kumar, « On the Convergence of Adam and Beyond »,
#   *ICLR*, 2018, <https://openreview.net/forum?id=ryQu7f-RZ> : AMSGrad (`amsgrad=True`).
# - Ilya Loshchilov et Frank Hutter, « Decoupled Weight Decay Regularization », *ICLR*, 2019,
#   <https://arxiv.org/abs/1711.05101> : AdamW.
# - Gabriel Goh, « Why Momentum Really Works », *Distill*, 2017,
#   <https://distill.pub/2017/momentum/> : le momentum expliqué avec des figures interactives.
