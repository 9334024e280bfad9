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
from course_utils.plotting import COLORS, plot_contour, plot_learning_curve, plot_trajectories
from course_utils.torch_bridge import torch_loss, torch_trajectory
from course_utils.widgets import Explorer

X, y = linear_example()
F_ls = LeastSquares(X, y)
F_tanh = TanhNetwork(X, y)

# %% slideshow={"slide_type": "skip"} tags=["torch"]
import torch

# %% [markdown] slideshow={"slide_type": "slide"}
# # 6. Les optimiseurs de PyTorch : SGD avec momentum, RMSprop, Adam
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
# - énoncer les mises à jour de RMSprop et d'Adam, et leurs vraies valeurs par défaut ;
# - comparer quatre optimiseurs sur un paysage convexe et sur un paysage non convexe.

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
    for t in range(T):
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
print(f"F(z_T) avec η/√t : cours {number(F_ls.value(Z_cours_dec[-1]), fixed=3)}, "
      f"PyTorch {number(F_ls.value(Z_torch_dec[-1]), fixed=3)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_ls, title="Pas $\\eta/\\sqrt{t}$ : mêmes tirages, deux momentums")
plot_trajectories(ax, {"momentum du cours": Z_cours_dec, "momentum de PyTorch": Z_torch_dec})
plot_learning_curve(axc, F_ls, Z_cours_dec, label="momentum du cours", color=COLORS[0])
plot_learning_curve(axc, F_ls, Z_torch_dec, label="momentum de PyTorch", color=COLORS[1])
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Les deux trajectoires se séparent dès les premières étapes. À chaque étape, le momentum du
# cours garde la fraction $\alpha = 0{,}8$ de sa vitesse acquise et, ici, descend plus vite ;
# celui de PyTorch n'en garde que $\rho\sqrt{(t-1)/t}$ (par exemple $0{,}57$ à $t = 2$,
# $0{,}76$ à $t = 10$) et avance plus lentement. Aucun des deux n'est « faux » : ce sont deux
# algorithmes différents, qui coïncident à pas constant.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les vraies valeurs par défaut
#
# Sans réglage explicite, chaque optimiseur prend des valeurs par défaut. Attention : la
# documentation d'Adam recopiée dans le cours de 2019 annonçait `betas=(0.9, 0.99)` ; la
# valeur réelle de $\beta_2$ est **0,999**. Demandons-les à PyTorch lui-même : ce qu'il
# affiche est le code qu'on écrirait pour donner ces valeurs, avec le point décimal.
#
# Prenez l'habitude de lire la documentation, comme le faisait le cours de 2019 : dans une
# cellule, `torch.optim.SGD?` l'affiche (de même `torch.optim.RMSprop?` et
# `torch.optim.Adam?`).

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
shown = {"SGD": ("lr", "momentum"), "RMSprop": ("lr", "alpha", "eps"),
         "Adam": ("lr", "betas", "eps", "amsgrad")}
for name, keys in shown.items():
    defaults = getattr(torch.optim, name)([torch.zeros(1)]).defaults
    arguments = ", ".join(f"{key}={defaults[key]}" for key in keys)
    print(f"{name}(params) revient à {name}(params, {arguments})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## RMSprop et Adam : des pas à la taille du terrain
#
# **RMSprop** tient une moyenne mobile $\mathbf{s}$ des carrés des gradients (composante par
# composante) et divise chaque pas par sa racine :
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
# chaque coordonnée. Mais au début, il est bien plus grand : $\mathbf{s}$ part de zéro, si bien
# que le premier déplacement vaut $lr/\sqrt{1-\beta} = 10\,lr$ sur chaque coordonnée (avec
# $\beta = 0{,}99$), et il faut une trentaine d'étapes pour revenir vers $lr$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Adam : momentum et RMSprop réunis
#
# **Adam** ajoute une moyenne mobile $\mathbf{m}$ des gradients eux-mêmes (un momentum), et
# corrige les deux moyennes, qui partent de zéro :
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
# l'ordre de $lr$.
#
# `torch.optim.Adam` a aussi un argument `amsgrad` (faux par défaut) : la variante AMSGrad de
# Reddi, Kale et Kumar (2018), qui corrige un cas où Adam ne converge pas.

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


check("6.2", pas_adam)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)  # la correction de biais
    v_hat = v / (1 - beta2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


check("6.2", pas_adam)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quatre optimiseurs, deux paysages
#
# Faisons tourner les vrais optimiseurs de PyTorch pendant $T = 150$ étapes, avec le **même**
# `lr=0.1` pour tous et le gradient complet $\nabla F$. Deux paysages : les moindres carrés
# depuis $(-7\,;\,7)$, et le réseau tanh du chapitre 5 depuis $(3\,;\,4)$, sur le plateau.

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
drawn = plot_trajectories(ax, paths["moindres carrés"])
# RMSprop suit la même diagonale qu'Adam : sa ligne, plus fine, passe par-dessus
plt.setp(drawn["RMSprop"]["lines"], zorder=4, markersize=2.5, linewidth=1.0)
for k, (label, Z) in enumerate(paths["moindres carrés"].items()):
    plot_learning_curve(axc, F_ls, Z, label=label, color=COLORS[k])
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Sur la cuvette des moindres carrés, la pente est forte : SGD fait d'abord de grands
# déplacements et converge vite ; le momentum va plus vite encore, en oscillant. Adam, lui,
# avance d'environ $lr = 0{,}1$ par étape **sur chaque coordonnée**, quelle que soit la pente :
# d'où sa trajectoire en diagonale, et les nombreuses étapes qu'il lui faut pour parcourir la
# dizaine d'unités qui le sépare de $\mathbf{w}^*$. RMSprop part sur la même diagonale, mais à
# grandes enjambées (dix fois $lr$ à la première étape), puis ralentit.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_tanh, title="Réseau tanh : quatre optimiseurs ($lr = 0{,}1$)")
plot_trajectories(ax, paths["réseau tanh"])
ax.get_legend().set_loc("upper left")  # le coin du plateau, loin des trajectoires
for k, (label, Z) in enumerate(paths["réseau tanh"].items()):
    plot_learning_curve(axc, F_tanh, Z, label=label, color=COLORS[k])
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Sur le plateau, c'est l'inverse : le gradient est minuscule, et SGD (avec ou sans momentum)
# reste presque sur place (leurs deux courbes se confondent). RMSprop et Adam divisent par
# $\sqrt{\mathbf{s}}$ et avancent d'emblée : ils quittent le plateau. Leurs chemins diffèrent
# pourtant : RMSprop trouve le minimum, tandis qu'Adam, emporté par son momentum, descend dans
# la vallée de droite, où il est encore après 150 étapes (il n'en sort que vers l'étape 210).

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
for key, (F, _) in landscapes.items():
    finals = ",  ".join(f"{label} {number(F.value(Z[-1]), fixed=4)}"
                        for label, Z in paths[key].items())
    print(f"{key:16s} F(z_T) : {finals}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les jumeaux numpy de `course_utils`
#
# L'explorateur interactif n'utilise pas PyTorch : il recalcule les trajectoires à chaque
# mouvement de curseur avec `SGD`, `RMSprop` et `Adam` de `course_utils`, des **jumeaux** en
# numpy qui reproduisent les calculs de `torch.optim`, et avec `run(optimiseur, F, w0, T)`.
# Vérifions qu'ils donnent les mêmes huit trajectoires que PyTorch.

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
# 2. Revenez à η = 0,1 et placez le départ en $(3\,;\,2)$ avec les curseurs « départ w₁ » et
#    « départ w₂ ». Quelle méthode atteint le minimum en 150 étapes ? Lesquelles sont encore
#    dans la vallée de droite ?
# 3. Toujours en $(3\,;\,2)$, montez « itérations T » de 150 à 300. Qu'arrive-t-il à Adam ?
#    Pourquoi faut-il se méfier d'une courbe d'apprentissage plate ?
# 4. Dans la cellule de l'explorateur, remplacez le code par `Explorer(F_ls, method="adam",
#    compare=["gd", "adam"], eta=0.1, T=150)` et relancez-la (moindres carrés). Montez
#    « pas η » vers 0,3 (le cran 0,302), puis vers 0,5 (le cran 0,5012) : Adam accélère-t-il ?
#    Et la descente de gradient ? Pourquoi le même curseur n'a-t-il pas le même effet sur les
#    deux ?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - Une boucle PyTorch : `zero_grad()`, calcul de la perte `loss` (notre fonction objectif
#   $F$), `backward()` (autograd remplit `p.grad`), `step()`.
# - Le momentum de `torch.optim.SGD` accumule des gradients ($\mathbf{b} \leftarrow \rho
#   \mathbf{b} + \mathbf{g}$, $\mathbf{p} \leftarrow \mathbf{p} - lr\,\mathbf{b}$) : identique
#   à celui du cours à pas constant, différent dès que le pas varie.
# - RMSprop et Adam divisent le pas par la racine d'une moyenne des gradients au carré : leur
#   déplacement dépend peu de la pente, un frein sur les pentes fortes, un atout sur les
#   plateaux. Celui d'Adam reste de l'ordre de $lr$ dès le départ ; celui de RMSprop vaut
#   $10\,lr$ à la première étape (avec $\beta = 0{,}99$) avant de redescendre vers $lr$.
# - Adam par défaut : `lr=0.001`, `betas=(0.9, 0.999)`, `eps=1e-08` ; $\beta_2$ vaut 0,999,
#   et non 0,99 comme l'annonçait la documentation recopiée en 2019.
# - Les jumeaux numpy de `course_utils` reproduisent `torch.optim` aux arrondis près.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - La documentation de chaque optimiseur : `torch.optim.SGD?`, `torch.optim.RMSprop?`,
#   `torch.optim.Adam?` dans une cellule (les articles ci-dessous y sont cités).
# - Ilya Sutskever, James Martens, George Dahl et Geoffrey Hinton, « On the importance of
#   initialization and momentum in deep learning », *ICML*, 2013,
#   <http://www.cs.toronto.edu/~hinton/absps/momentum.pdf> : le momentum sous la forme du
#   cours (et celui de Nesterov).
# - Geoffrey Hinton, avec Nitish Srivastava et Kevin Swersky, « Neural Networks for Machine
#   Learning », leçon 6 (section 6e, *rmsprop*), 2012,
#   <http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lecture6.pdf> : RMSprop,
#   présenté dans ce cours et jamais publié en article.
# - Diederik P. Kingma et Jimmy Ba, « Adam: A Method for Stochastic Optimization », *ICLR*,
#   2015, <https://arxiv.org/abs/1412.6980>.
# - Sashank J. Reddi, Satyen Kale et Sanjiv Kumar, « On the Convergence of Adam and Beyond »,
#   *ICLR*, 2018, <https://openreview.net/forum?id=ryQu7f-RZ> : AMSGrad (`amsgrad=True`).
