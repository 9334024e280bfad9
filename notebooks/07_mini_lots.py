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
import math

import numpy as np
import matplotlib.pyplot as plt
from course_utils import LeastSquares
from course_utils.datasets import (
    DIABETES_COLUMNS,
    diabetes,
    standardize,
    train_validation_split,
    with_bias_column,
)
from course_utils.french import number
from course_utils.minibatch import (
    batch_gradient_noise,
    batch_order,
    lr_range_test,
    minibatch_sgd,
    suggested_eta,
)
from course_utils.plotting import COLORS, plot_learning_curve, plot_lr_range, plot_schedules
from course_utils.schedules import SCHEDULES
from course_utils.widgets import MiniBatchExplorer

# %% [markdown] slideshow={"slide_type": "slide"}
# # 7. Mini-lots, époques et règles de pas, sur de vraies données
#
# *Ce chapitre prolonge le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; la
# source s'arrête au chapitre 6, ce texte est nouveau. Texte sous licence CC BY 4.0, code sous
# licence MIT. Les données viennent d'Efron, Hastie, Johnstone et Tibshirani (2004).*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# Jusqu'ici, nos descentes tournaient sur trois exemples en dimension 2. Ce chapitre entraîne
# un modèle sur de vraies données, comme on le fait en pratique. À la fin, vous saurez :
#
# - séparer les données en une partie d'**entraînement** et une partie de **validation**, et
#   mettre les variables à la même échelle ;
# - définir un **mini-lot** et une **époque**, et écrire vous-même une époque de descente par
#   mini-lots ;
# - expliquer ce que change la taille des lots : le coût d'une itération contre le bruit du
#   gradient ;
# - comparer des courbes d'apprentissage avec une horloge équitable ;
# - choisir une **règle de pas** (pas constant, décroissant, cosinus…) et un pas de départ η
#   avec le test de l'intervalle de pas ;
# - faire le même entraînement avec `DataLoader` et `torch.optim`.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## De vraies données : la progression du diabète
#
# Le jeu de données « diabète » réunit **442 patients**. Pour chacun, on a mesuré dix variables
# au début de l'étude, puis, un an plus tard, un indice de **progression de la maladie** : c'est
# la cible $y$ que l'on veut prédire. Ce sont de vraies mesures, publiées avec l'article
# *Least Angle Regression* (Efron et al., 2004) ; elles sont livrées avec `course_utils`
# (licence BSD, par scikit-learn) et se chargent sans connexion.
#
# | colonne | signification | colonne | signification |
# | --- | --- | --- | --- |
# | `age` | âge (années) | `s2` | lipoprotéines de basse densité (ldl) |
# | `sex` | sexe (codé 1 ou 2) | `s3` | lipoprotéines de haute densité (hdl) |
# | `bmi` | indice de masse corporelle (kg/m²) | `s4` | rapport cholestérol total / hdl (tch) |
# | `bp` | pression artérielle moyenne (mm Hg) | `s5` | triglycérides, en logarithme (ltg) |
# | `s1` | cholestérol total (tc) | `s6` | glycémie (glu) |

# %% slideshow={"slide_type": "subslide"}
X, y = diabetes()
print(f"{X.shape[0]} patients, {X.shape[1]} variables chacun")
print("le premier :", ", ".join(f"{name} = {number(value)}"
                                for name, value in zip(DIABETES_COLUMNS, X[0])))
print("sa progression un an plus tard :", number(y[0]))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Entraînement et validation
#
# Un modèle sert à prédire **de nouveaux patients**. Pour estimer comment il s'en sortira, on
# met de côté une partie des données, la **validation**, que la descente ne voit jamais ; on
# entraîne sur le reste. Ici, 20 % des patients, tirés au hasard avec une graine fixe.
#
# Le modèle reste celui du cours, linéaire, avec un **biais** $w_0$ en plus :
# $\hat y = w_0 + w_1 x_1 + \dots + w_{10} x_{10}$ ($w_0$ est la prédiction quand toutes les
# variables valent 0). Ajouter à chaque $\mathbf{x}$ une coordonnée $x_0 = 1$ fait du biais un
# poids comme les autres : $\mathbf{w} = (w_0, w_1, \dots, w_{10})$, $d = 11$. La fonction
# objectif est toujours celle du chapitre 1, la moyenne des pertes quadratiques des exemples
# d'entraînement, $F(\mathbf{w}) = \frac{1}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$.
# Dans ce chapitre, on l'appelle aussi **perte d'entraînement** ; la même moyenne, calculée sur
# les patients de validation, est la **perte de validation**.

# %% slideshow={"slide_type": "subslide"}
X_train, X_val, y_train, y_val = train_validation_split(X, y, validation=0.2, seed=0)
print("entraînement :", X_train.shape[0], "patients ; validation :", X_val.shape[0], "patients")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mettre les variables à la même échelle
#
# L'âge se compte en dizaines d'années, le cholestérol total en centaines, le sexe vaut 1 ou 2 :
# la fonction objectif est une vallée très étirée. Au chapitre 2, le **conditionnement**
# $\kappa = L/\mu$ (le rapport de la plus grande à la plus petite valeur propre de la
# hessienne) mesurait cet étirement, et le pas devait rester sous $2/L$.
#
# **Standardiser** une variable, c'est lui retrancher sa moyenne et la diviser par son
# écart-type : elle devient « sans unité », de moyenne 0 et d'écart-type 1. Deux règles :
#
# - moyennes et écarts-types se calculent sur l'**entraînement** seulement, puis on applique la
#   même transformation à la validation (comme on le ferait pour un nouveau patient) ;
# - après standardisation, « toutes les variables à 0 » décrit le patient moyen : sans biais,
#   le modèle devrait lui prédire 0. La colonne de 1, ajoutée après la standardisation, garde
#   au modèle son biais $w_0$.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
S_train, shift, scale = standardize(X_train)
F_raw = LeastSquares(with_bias_column(X_train), y_train)  # sans standardiser
F = LeastSquares(with_bias_column(S_train), y_train)  # la perte d'entraînement
F_val = LeastSquares(with_bias_column((X_val - shift) / scale), y_val)  # celle de validation
print(f"données brutes : κ = {number(F_raw.condition_number, 3)}, "
      f"seuil 2/L = {number(F_raw.stability_threshold, 3)}")
print(f"standardisées  : κ = {number(F.condition_number, 3)}, "
      f"seuil 2/L = {number(F.stability_threshold, 3)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Standardiser divise le conditionnement par plus de cent mille. Il reste grand (environ 437),
# pour une raison médicale : le cholestérol total (`s1`) est, à peu près, la somme du
# « mauvais » cholestérol (`s2`), du « bon » (`s3`) et d'une part des triglycérides (`s5`). Ces
# quatre colonnes sont presque liées : la direction qui les combine est une direction très plate
# de la vallée (celle de la plus petite valeur propre de la hessienne). Toute la suite
# travaille sur les données standardisées.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mini-lots et époques
#
# Au chapitre 3, chaque itération de la SGD utilisait **un** exemple ; la descente de gradient
# les utilisait **tous**. Entre les deux, un **mini-lot** est un petit groupe de $b$ exemples,
# et l'on descend selon la moyenne de leurs gradients :
#
# $$\mathbf{z}_t = \mathbf{z}_{t-1} - \eta_t\,\frac{1}{b}\sum_{i \in \text{lot}_t}
# \nabla F_i(\mathbf{z}_{t-1}), \qquad
# \nabla F_i(\mathbf{z}) = 2\,(\mathbf{z}\cdot\mathbf{x}_i - y_i)\,\mathbf{x}_i ,$$
#
# où $\eta_t$ est le pas de l'itération $t$ et $b$ le nombre d'exemples du lot (le dernier lot
# d'une époque peut en avoir moins).
#
# Une **époque** est un passage sur tous les exemples d'entraînement :
#
# > Pour chaque époque : **mélanger** les $n$ exemples, les **découper** en lots de $b$
# > (le dernier peut être plus petit), et faire **une itération par lot**.
#
# Une époque compte donc $\lceil n/b \rceil$ itérations ($n/b$ arrondi à l'entier supérieur).
# Avec $b = n$, le lot est tout le jeu : c'est la descente de gradient. Avec $b = 1$, c'est la
# SGD du chapitre 3, à deux différences près : les exemples sont tirés sans remise (chaque
# époque voit chaque exemple une fois), et le pas $\eta_t$ suit la règle que l'on choisit (voir
# « Les règles de pas » plus bas).

# %% slideshow={"slide_type": "subslide"}
lots = batch_order(n=10, epochs=2, batch_size=4, seed=0)
for t, lot in enumerate(lots, start=1):
    print(f"itération {t} : exemples {lot.tolist()}")

# %% [markdown] slideshow={"slide_type": "-"}
# Dix exemples, des lots de 4 : trois itérations par époque (4 + 4 + 2 exemples), et un
# nouvel ordre à chaque époque.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : une époque
#
# Écrivez `epoque_mini_lots(X, y, w, eta, taille_lot, ordre)`, qui fait **une époque** de
# descente par mini-lots à partir du point `w`, avec le pas constant `eta` :
#
# - `ordre` est une permutation des numéros d'exemples $0, \dots, n - 1$ (le mélange est déjà
#   fait) : le premier lot est fait des exemples `ordre[0:taille_lot]`, le deuxième de
#   `ordre[taille_lot:2 * taille_lot]`, et ainsi de suite ; le dernier peut être plus petit.
#   `X[lot]` et `y[lot]` donnent les lignes et les cibles d'un lot ;
# - le gradient d'un lot est la moyenne des gradients de ses exemples,
#   $\mathbf{g} = \frac{2}{b}\sum_{i \in \text{lot}} (\mathbf{z}\cdot\mathbf{x}_i - y_i)\,
#   \mathbf{x}_i$, où $b$ est le nombre d'exemples **de ce lot** ;
# - la fonction renvoie le départ $\mathbf{z}_0 = $ `w`, puis le point après chaque lot : un
#   tableau de forme $(\lceil n/b \rceil + 1, d)$.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):
    # VOTRE CODE ICI : renvoyer le départ puis le point après chaque lot,
    # de forme (⌈n/b⌉ + 1, d)
    ...


check("7.1", epoque_mini_lots)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):
    z = np.array(w, dtype=float)
    points = [z]
    for debut in range(0, len(y), taille_lot):
        lot = ordre[debut:debut + taille_lot]  # le dernier lot peut être plus petit
        ecarts = X[lot] @ z - y[lot]
        g = (2 / len(lot)) * X[lot].T @ ecarts  # la moyenne des gradients du lot
        z = z - eta * g
        points.append(z)
    return np.array(points)


check("7.1", epoque_mini_lots)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le prix d'un lot : le coût contre le bruit
#
# Une itération avec un lot de $b$ exemples coûte $b$ gradients d'exemples. Une époque en
# coûte donc toujours $n$, quelle que soit $b$ : ce qui change, c'est le **nombre
# d'itérations** qu'elle permet, $\lceil n/b \rceil$, et la **qualité** de chacune.
#
# Notons $\mathbf{g}_b$ le gradient moyen d'un lot de $b$ exemples tirés au hasard (sans
# remise). C'est une estimation de $\nabla F$ : juste en moyenne, mais bruitée. Son écart
# typique au vrai gradient vaut
#
# $$\sqrt{\mathbb{E}\,\big\|\mathbf{g}_b - \nabla F(\mathbf{w})\big\|^2}
# = \sigma(\mathbf{w})\,\sqrt{\frac{1}{b}\,\frac{n-b}{n-1}} , \qquad
# \sigma(\mathbf{w})^2 = \frac{1}{n}\sum_{i=1}^{n}
# \big\|\nabla F_i(\mathbf{w}) - \nabla F(\mathbf{w})\big\|^2 ,$$
#
# où $\sigma(\mathbf{w})^2$ mesure la dispersion des gradients d'exemples autour de leur
# moyenne. Tant que $b$ est petit devant $n$, quatre fois plus d'exemples par lot divisent le
# bruit par deux environ ; avec $b = n$, il disparaît.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
w_star = F.minimizer()
sizes = np.array([1, 4, 16, 64, 256, F.n])
noise = batch_gradient_noise(F, w_star, sizes)
print("taille des lots b | itérations par époque | bruit du gradient en w*")
for b, s in zip(sizes, noise):
    print(f"{b:17d} | {math.ceil(F.n / b):21d} | {number(s, fixed=1):>23}")

# %% [markdown] slideshow={"slide_type": "-"}
# Au minimum $\mathbf{w}^*$, le vrai gradient est nul, mais le gradient d'un lot ne l'est pas :
# la SGD à pas constant ne peut donc pas s'y arrêter. C'est ce « bruit de fond » que les règles
# de pas décroissant éteignent.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Courbes d'apprentissage : quelle horloge ?
#
# Entraînons trois fois pendant 20 époques, depuis $\mathbf{z}_0 = \mathbf{0}$ : avec des lots
# de 1 (la SGD), de 16, et de $n$ (la descente de gradient). Chacun a son pas constant : plus le
# lot est petit, plus son gradient est bruité, et plus le pas doit être petit (0,003, 0,03 et
# 0,2, tous sous le seuil $2/L \approx 0{,}253$).

# %% slideshow={"slide_type": "-"}
z0 = np.zeros(F.d)  # le départ z_0 = 0
settings = {1: 0.003, 16: 0.03, F.n: 0.2}  # taille des lots b : pas η
runs = {b: minibatch_sgd(F, z0, eta, epochs=20, batch_size=b, seed=0)
        for b, eta in settings.items()}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax_t, ax_e) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True, layout="constrained")
for k, (b, Z) in enumerate(runs.items()):
    label = f"$b = {b}$, $\\eta = {number(settings[b], tex=True)}$"
    plot_learning_curve(ax_t, F, Z, label=label, color=COLORS[k], log=True, xscale="log",
                        plain_log=True)
    plot_learning_curve(ax_e, F, Z, label=label, color=COLORS[k], log=True,
                        per_epoch=math.ceil(F.n / b), plain_log=True,
                        xlabel="époque ($n$ gradients d'exemples chacune)")
ax_t.set_title("Horloge trompeuse : les itérations")
ax_e.set_title("Horloge équitable : les époques")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# À gauche, le temps se compte en itérations (échelle logarithmique) : la descente de gradient
# semble de loin la meilleure, car chacune de ses itérations suit le vrai gradient. Mais chacune
# coûte $n = 354$ gradients d'exemples, contre 16 pour un lot de 16 et un seul pour la SGD. À
# droite, le temps se compte en époques, c'est-à-dire en calcul fait : à coût égal, les petits
# lots sont loin devant pendant les premières époques, parce qu'ils ont fait bien plus
# d'itérations. Ensuite, avec un pas constant, ils s'agitent autour du minimum au lieu de s'y
# poser.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
for b, Z in runs.items():
    one_epoch = Z[math.ceil(F.n / b)]  # le point après une époque
    print(f"b = {b:3d} : perte d'entraînement {number(F.value(one_epoch), fixed=0, group=True)} "
          f"après une époque, {number(F.value(Z[-1]), fixed=0)} après 20 ; "
          f"perte de validation {number(F_val.value(Z[-1]), fixed=0)}")
print(f"au minimum w* : perte d'entraînement F(w*) = {number(F.value(w_star), fixed=0)}, "
      f"perte de validation {number(F_val.value(w_star), fixed=0)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Après une époque, la SGD est déjà à 3296, quand la descente de gradient, qui n'a fait qu'une
# itération, en est à 12 171. Après 20 époques, les trois sont près du minimum
# $F(\mathbf{w}^*) = 2868$. Les 88 patients de validation, que la descente n'a jamais vus,
# donnent des pertes du même ordre (2837 en $\mathbf{w}^*$) : avec 11 poids pour 354 patients,
# le modèle n'a pas appris les patients d'entraînement par cœur.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les règles de pas
#
# Une **règle de pas** fixe le pas $\eta_t$ de chaque itération $t = 1, \dots, T$ à partir d'un
# pas de base $\eta$, où $T$ est le nombre total d'itérations prévues (par exemple
# $T = 20 \times 23 = 460$ pour 20 époques de lots de 16). Les plus courantes :
#
# - **constant** : $\eta_t = \eta$ ;
# - $\eta_t = \eta/\sqrt{t}$ (celle du chapitre 3) et $\eta_t = \eta/t$ ;
# - **paliers** : le pas est divisé par 2 à chaque quart de l'entraînement ;
# - **cosinus** : $\eta_t = \frac{\eta}{2}\left(1 + \cos\frac{\pi (t-1)}{T}\right)$, qui
#   descend doucement de $\eta$ (à $t = 1$) vers 0 ;
# - **échauffement puis cosinus** : le pas monte en ligne droite jusqu'à $\eta$ pendant les
#   premiers 5 % des itérations, puis descend en cosinus. L'échauffement évite les grands pas
#   du début, quand les gradients, loin du minimum, sont énormes.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
per_epoch = math.ceil(F.n / 16)  # 23 itérations par époque
fig, ax = plt.subplots(figsize=(9, 4.0), layout="constrained")
plot_schedules(ax, SCHEDULES.values(), total=20 * per_epoch, per_epoch=per_epoch)
ax.set_title("Le facteur $\\eta_t/\\eta$ de chaque règle, 20 époques de lots de 16")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Comparons-les sur un même entraînement : des lots de 8, $\eta = 0{,}05$, 20 époques
# ($T = 900$ itérations), et cinq graines, c'est-à-dire cinq ordres de passage différents. Voici
# la perte de validation à la fin :

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for name, rule in SCHEDULES.items():
    finals = [F_val.value(minibatch_sgd(F, z0, 0.05, epochs=20, batch_size=8, seed=s,
                                        schedule=name)[-1])
              for s in range(5)]  # une perte de validation finale par graine
    print(f"{rule.label:35s} validation : moyenne {number(np.mean(finals), fixed=0)}, "
          f"de {number(min(finals), fixed=0)} à {number(max(finals), fixed=0)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Avec le pas constant, la fin dépend du hasard des dernières itérations : selon la graine, la
# perte de validation finale va de 2818 à 4726. La règle $\eta/t$ décroît trop vite (le pas est
# déjà divisé par 100 à la centième itération) : la descente s'arrête loin du minimum, vers
# 8712 en moyenne. Les quatre autres règles éteignent le bruit à la fin et finissent toutes
# entre 2820 et 2836, quelle que soit la graine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Choisir η : le test de l'intervalle de pas
#
# Un test rapide, proposé par Leslie Smith (2017) : **un seul** entraînement de quelques
# centaines d'itérations, pendant lequel le pas grandit à chaque itération (géométriquement,
# de $10^{-4}$ à 10). On trace la perte d'entraînement en fonction du pas. Tant que le pas est
# trop petit, la perte bouge à peine ; puis elle baisse ; puis elle remonte et explose (on
# arrête alors). Une règle simple prend comme pas de départ **dix fois moins** que le pas où la
# perte était la plus basse, assez loin de l'explosion.

# %% slideshow={"slide_type": "subslide"}
etas, losses = lr_range_test(F, z0, eta_min=1e-4, eta_max=10.0, updates=300, batch_size=32)
eta_good = suggested_eta(etas, losses)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.0), layout="constrained")
plot_lr_range(ax, etas, losses, suggested=eta_good)
ax.set_title("Test de l'intervalle de pas, lots de 32")
plt.show()

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
eta_last = etas[np.isfinite(losses)][-1]  # le dernier pas essayé : la perte y explose
print(f"pas suggéré : η ≈ {number(eta_good, 2)} "
      f"(la perte la plus basse était à η ≈ {number(10 * eta_good, 2)})")
print(f"la perte explose à η ≈ {number(eta_last, 3)} ; "
      f"seuil de stabilité 2/L = {number(F.stability_threshold, 3)}")

# %% [markdown] slideshow={"slide_type": "-"}
# La perte explose vers $\eta \approx 0{,}248$, tout près du seuil $2/L \approx 0{,}253$ du
# chapitre 2, au-delà duquel même la descente de gradient diverge. Le pas suggéré,
# $\eta \approx 0{,}0091$, est un point de départ prudent : l'explorateur plus bas part de
# $\eta = 0{,}01$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le même entraînement avec PyTorch
#
# En pratique, on écrit cette boucle avec PyTorch (chapitre 6) : un `DataLoader` découpe les
# données en lots, `torch.optim.SGD` fait les itérations, et un *scheduler* applique la règle de
# pas. `LambdaLR` multiplie le pas de base par une fonction du nombre d'appels à
# `sched.step()` : exactement nos règles. Pour comparer avec numpy, on donne au `DataLoader` le
# **même ordre** d'exemples (`batch_sampler`) au lieu de le laisser mélanger (`shuffle=True`).

# %% slideshow={"slide_type": "subslide"} tags=["torch"]
import torch
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, TensorDataset

epochs, b, eta, seed = 3, 16, 0.05, 0
lots = batch_order(F.n, epochs, b, seed=seed)  # l'ordre des exemples, lot par lot
rule, T = SCHEDULES["cosine"], len(lots)  # T itérations en tout

data = TensorDataset(torch.tensor(F.X), torch.tensor(F.y))
loader = DataLoader(data, batch_sampler=[lot.tolist() for lot in lots])
w = torch.zeros(F.d, dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([w], lr=eta)
sched = LambdaLR(opt, lambda k: rule(k + 1, T))  # k = 0, 1, … : l'itération t = k + 1
points = [w.detach().numpy().copy()]
for xb, yb in loader:
    opt.zero_grad()
    loss = ((xb @ w - yb) ** 2).mean()  # la perte du lot : la moyenne des carrés
    loss.backward()
    opt.step()
    sched.step()
    points.append(w.detach().numpy().copy())

# %% keep_output=true slideshow={"slide_type": "-"} tags=["torch"]
# NBVAL_CHECK_OUTPUT
Z_numpy = minibatch_sgd(F, z0, eta, epochs, b, seed=seed, schedule="cosine")
gap = np.max(np.abs(np.array(points) - Z_numpy))
print(f"{len(points) - 1} itérations ; même trajectoire que numpy à {number(1e-10)} près :",
      "oui" if gap < 1e-10 else "non")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À vous de régler l'entraînement
#
# L'explorateur relance l'entraînement à chaque mouvement d'un curseur : la taille des lots
# $b$, le pas $\eta$, le nombre d'époques, la règle de pas et la graine (l'ordre de passage). À
# gauche, les pertes d'entraînement (trait plein) et de validation (tirets) après chaque
# itération ; à droite, le pas $\eta_t$ de chaque itération. La ligne du dessous donne les
# pertes finales et la meilleure perte de validation.

# %% slideshow={"slide_type": "slide"}
MiniBatchExplorer(F, F_val, eta=0.01, epochs=20, batch_size=16)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Avec le pas constant $\eta = 0{,}01$ et 20 époques, passez de $b = 16$ à $b = 4$, puis à
#    $b = 1$. Que deviennent les courbes pendant la dernière époque ? Montez ensuite « pas η »
#    à 0,1 et comparez $b = 1$, $b = 4$ et $b = 64$.
#
#    <details><summary>Réponse</summary>
#
#    Plus le lot est petit, plus la perte s'agite : pendant la dernière époque, la perte
#    d'entraînement s'écarte de sa moyenne d'environ 3 avec $b = 16$, 26 avec $b = 4$ et 197
#    avec $b = 1$ (écart-type), et elle finit à 2903, 2904 et 3338. Avec $\eta = 0{,}1$, le
#    bruit l'emporte : $b = 1$ diverge (la perte n'est plus finie à l'itération 6994, pendant
#    la 20ᵉ époque), $b = 4$ reste très agité (perte finale 5806), $b = 64$ converge (2916).
#    Un petit lot demande un petit pas.
#
#    </details>
#
# 2. Avec $b = 1$ et $\eta = 0{,}01$ constant, choisissez la règle « cosinus » : que devient
#    l'agitation des dernières époques, et la perte de validation finale ?
#
#    <details><summary>Réponse</summary>
#
#    Avec le pas constant, la perte d'entraînement varie encore de 1207 pendant la dernière
#    époque et la validation finit à 3306. Avec le cosinus, le pas tend vers 0 : la dernière
#    époque ne varie plus que de 0,1, et la validation finit à 2828,5, même un peu sous la
#    perte de validation du minimum de l'entraînement (2837 en $\mathbf{w}^*$).
#
#    </details>
#
# 3. Avec $b = 354$ (tous les exemples, la descente de gradient), 60 époques et le pas
#    constant, quel est le plus grand cran de « pas η » qui converge encore ? Comparez avec le
#    seuil $2/L$ imprimé plus haut.
#
#    <details><summary>Réponse</summary>
#
#    Le cran 0,2512 converge encore, lentement (perte finale 3149), le cran suivant, 0,257,
#    diverge : la perte remonte (67 846 après 60 époques). Le seuil $2/L \approx 0{,}2532$ est
#    entre les deux, comme au chapitre 2 : avec des lots complets, c'est toujours la
#    descente de gradient.
#
#    </details>
#
# 4. Avec $b = 16$ et $\eta = 0{,}01$, changez la graine (0 à 9) : la perte finale
#    d'entraînement change-t-elle beaucoup avec le pas constant ? Et avec la règle
#    « échauffement puis cosinus » ?
#
#    <details><summary>Réponse</summary>
#
#    Avec le pas constant, la perte d'entraînement finale va de 2896 à 2956 selon la graine :
#    elle dépend de l'ordre des derniers exemples vus. Avec l'échauffement puis le cosinus, elle
#    ne va plus que de 2897 à 2902 : le pas, devenu minuscule à la fin, ne laisse plus le
#    hasard décider.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - On évalue un modèle sur des exemples qu'il n'a pas vus : séparer **entraînement** et
#   **validation**, et standardiser avec les statistiques de l'entraînement seulement.
# - Standardiser les variables améliore énormément le **conditionnement** (ici, de $5 \cdot
#   10^7$ à 437) et donc la vitesse de la descente.
# - Une **époque** est un passage sur les $n$ exemples, découpés en **mini-lots** de $b$
#   exemples, mélangés à chaque époque ; une itération par lot, avec la moyenne des gradients
#   de ses exemples. $b = n$ : descente de gradient ; $b = 1$ : SGD.
# - Un petit lot donne plus d'itérations par époque, mais plus bruitées (bruit en
#   $1/\sqrt{b}$), et demande un pas plus petit. On compare les courbes **à coût égal** : en
#   époques (gradients calculés), pas en itérations.
# - Un pas constant laisse la descente s'agiter autour du minimum ; une **règle de pas**
#   décroissante (paliers, cosinus, échauffement puis cosinus) éteint ce bruit.
# - Le **test de l'intervalle de pas** donne, en un seul entraînement, un bon ordre de
#   grandeur pour η.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004), « Least Angle Regression »,
#   *Annals of Statistics* 32(2) : les données de ce chapitre.
# - L. Bottou, F. E. Curtis, J. Nocedal (2018), « Optimization Methods for Large-Scale Machine
#   Learning », *SIAM Review* 60(2) : mini-lots, bruit et règles de pas, en détail.
# - L. N. Smith (2017), « Cyclical Learning Rates for Training Neural Networks », *WACV* : le
#   test de l'intervalle de pas.
# - I. Loshchilov, F. Hutter (2017), « SGDR: Stochastic Gradient Descent with Warm Restarts »,
#   *ICLR* : la règle du cosinus.
# - P. Goyal et al. (2017), « Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour » :
#   l'échauffement et les grands lots.
# - Dans PyTorch : `torch.utils.data.DataLoader?` et `torch.optim.lr_scheduler?`.
