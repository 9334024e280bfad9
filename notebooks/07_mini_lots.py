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
from course_utils.french import french_axes, number
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
# Jusqu'ici, nos descentes tournaient sur trois exemples en dimension 2. À la fin de ce
# chapitre, vous saurez entraîner un modèle comme on le fait en pratique, et vous saurez :
#
# - séparer les données en une partie d'**entraînement** et une partie de **validation**, et
#   mettre les variables à la même échelle ;
# - définir un **mini-lot** et une **époque**, et écrire la boucle d'entraînement qui les
#   parcourt ;
# - expliquer ce que change la taille des lots : le coût d'une mise à jour contre le bruit du
#   gradient ;
# - comparer des courbes d'apprentissage avec une horloge équitable ;
# - choisir une **règle de pas** (pas constant, décroissant, cosinus…) et un pas de départ η
#   avec un test de l'intervalle de pas ;
# - faire le même entraînement avec `DataLoader` et `torch.optim`.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## De vraies données : la progression du diabète
#
# Le jeu de données « diabète » réunit **442 patients**. Pour chacun, on a mesuré dix variables
# au début de l'étude, et, un an plus tard, un indice de **progression de la maladie** : c'est
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
print("X :", X.shape, " y :", y.shape)
print("premier patient :", dict(zip(DIABETES_COLUMNS, X[0])), " progression :", y[0])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Entraînement et validation
#
# Un modèle sert à prédire **de nouveaux patients**. Pour estimer comment il s'en sortira, on
# met de côté une partie des données, la **validation**, que la descente ne voit jamais ; on
# entraîne sur le reste. Ici, 20 % des patients, tirés au hasard avec une graine fixe.
#
# Le modèle reste celui du cours, linéaire, avec un **biais** $b$ en plus :
# $\hat y = b + w_1 x_1 + \dots + w_{10} x_{10}$. Ajouter à $\mathbf{x}$ une première
# coordonnée toujours égale à 1 en fait un poids comme les autres :
# $\mathbf{w} = (b, w_1, \dots, w_{10})$, $d = 11$, et la perte est toujours
# $F(\mathbf{w}) = \frac{1}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$, la **fonction de
# perte** du chapitre 1, calculée sur les exemples d'entraînement.

# %% slideshow={"slide_type": "subslide"}
X_train, X_val, y_train, y_val = train_validation_split(X, y, validation=0.2, seed=0)
print("entraînement :", X_train.shape[0], "patients ; validation :", X_val.shape[0], "patients")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mettre les variables à la même échelle
#
# L'âge se compte en dizaines d'années, le cholestérol total en centaines, le sexe vaut 1 ou 2 :
# la fonction de perte est une vallée très étirée. Au chapitre 2, le **conditionnement**
# $\kappa = L/\mu$ (le rapport de la plus grande à la plus petite valeur propre de la
# hessienne) mesurait cet étirement, et le pas devait rester sous $2/L$.
#
# **Standardiser** chaque variable, c'est lui retrancher sa moyenne et la diviser par son
# écart-type : elle devient « sans unité », de moyenne 0 et d'écart-type 1. Deux règles :
#
# - moyennes et écarts-types se calculent sur l'**entraînement** seulement, puis on applique la
#   même transformation à la validation (comme on le ferait pour un nouveau patient) ;
# - centrer change les prédictions possibles d'un modèle sans biais ; ici, la colonne de 1
#   (ajoutée après) rend au modèle son biais.

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
# parce que quatre analyses de sang sont presque liées entre elles (le cholestérol total, le
# « bon » et le « mauvais » cholestérol, et leur rapport) : une direction de la vallée reste
# très plate. Toute la suite travaille sur les données standardisées.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mini-lots et époques
#
# Au chapitre 3, chaque pas de la SGD utilisait **un** exemple ; la descente de gradient les
# utilisait **tous**. Entre les deux, un **mini-lot** est un petit groupe de $b$ exemples, et
# l'on prend la moyenne de leurs gradients :
#
# $$\mathbf{z}_t = \mathbf{z}_{t-1} - \eta_t\,\frac{1}{b}\sum_{i \in \text{lot}_t}
# \nabla F_i(\mathbf{z}_{t-1}).$$
#
# Une **époque** est un passage sur tous les exemples d'entraînement :
#
# > Pour chaque époque : **mélanger** les $n$ exemples, les **découper** en lots de $b$
# > (le dernier peut être plus petit), et faire **une mise à jour par lot**.
#
# Une époque compte donc $\lceil n/b \rceil$ mises à jour (des **itérations** $t$, comme
# avant). Avec $b = n$ sans mélange, on retrouve exactement la descente de gradient ; avec
# $b = 1$, la SGD du chapitre 3, à ceci près que chaque époque voit chaque exemple une fois.

# %% slideshow={"slide_type": "subslide"}
lots = batch_order(n=10, epochs=2, batch_size=4, seed=0)
for t, lot in enumerate(lots, start=1):
    print(f"itération {t} : exemples {lot.tolist()}")

# %% [markdown] slideshow={"slide_type": "-"}
# Dix exemples, des lots de 4 : trois mises à jour par époque (4 + 4 + 2 exemples), et un
# nouvel ordre à chaque époque.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le prix d'un lot : le coût contre le bruit
#
# Une mise à jour avec un lot de $b$ exemples coûte $b$ gradients d'exemples. Une époque en
# coûte donc toujours $n$, quelle que soit $b$ : ce qui change, c'est le **nombre de mises à
# jour** qu'elle permet, $\lceil n/b \rceil$, et la **qualité** de chacune.
#
# Le gradient d'un lot est une estimation de $\nabla F$ : juste en moyenne, mais bruitée.
# Pour des lots tirés sans remise, son écart typique au vrai gradient vaut
#
# $$\sqrt{\mathbb{E}\,\big\|\mathbf{g}_b - \nabla F(\mathbf{w})\big\|^2}
# = \sigma(\mathbf{w})\,\sqrt{\frac{1}{b}\,\frac{n-b}{n-1}} ,$$
#
# où $\sigma(\mathbf{w})^2$ est la dispersion des gradients d'exemples autour de leur moyenne.
# Quatre fois plus d'exemples par lot divisent le bruit par deux environ ; avec $b = n$, il
# disparaît.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
w_star = F.minimizer()
sizes = np.array([1, 4, 16, 64, 256, F.n])
noise = batch_gradient_noise(F, w_star, sizes)
for b, s in zip(sizes, noise):
    print(f"b = {b:3d} : {math.ceil(F.n / b):3d} mise(s) à jour par époque, "
          f"bruit du gradient en w* : {number(s, fixed=1)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Au minimum $\mathbf{w}^*$, le vrai gradient est nul, mais le gradient d'un seul exemple ne
# l'est pas : la SGD à pas constant ne peut donc pas s'y arrêter. C'est le « bruit de fond »
# que les règles de pas décroissant éteignent.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Courbes d'apprentissage : quelle horloge ?
#
# Entraînons trois fois pendant 20 époques, depuis $\mathbf{w} = \mathbf{0}$ : des lots de 1,
# de 16, et tous les exemples ($b = n$, la descente de gradient), chacun avec un pas constant
# qui lui convient (plus le lot est petit, plus le pas doit l'être).

# %% slideshow={"slide_type": "-"}
w0 = np.zeros(F.d)
settings = {1: 0.003, 16: 0.03, F.n: 0.2}  # taille des lots b : pas η
runs = {b: minibatch_sgd(F, w0, eta, epochs=20, batch_size=b, seed=0)
        for b, eta in settings.items()}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax_t, ax_e) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for k, (b, Z) in enumerate(runs.items()):
    per_epoch = math.ceil(F.n / b)
    label = f"$b = {b}$, $\\eta = {number(settings[b], tex=True)}$"
    plot_learning_curve(ax_t, F, Z, label=label, color=COLORS[k], log=True,
                        x=np.arange(len(Z)), xlabel="itération $t$ (mises à jour)")
    plot_learning_curve(ax_e, F, Z, label=label, color=COLORS[k], log=True,
                        x=np.arange(len(Z)) / per_epoch,
                        xlabel="époque (= gradients d'exemples calculés / $n$)")
for ax in (ax_t, ax_e):
    ax.set_ylim(2500, 35000)
ax_t.set_xscale("log")
ax_t.set_xlim(1, 8000)
french_axes(ax_t)
ax_t.set_title("Horloge trompeuse : les mises à jour")
ax_e.set_title("Horloge équitable : les époques")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# À gauche, compté en mises à jour, la descente de gradient semble la meilleure : chacune de ses
# mises à jour est la plus sûre. Mais elle coûte $n = 354$ gradients d'exemples, contre 1 pour
# la SGD. À droite, à coût égal (en époques), les petits lots sont loin devant pendant les
# premières époques : ils ont fait bien plus de mises à jour. Ensuite, avec un pas constant, ils
# s'agitent autour du minimum au lieu de s'y poser.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
for b, Z in runs.items():
    per_epoch = math.ceil(F.n / b)
    print(f"b = {b:3d} : perte d'entraînement après 1 époque {number(F.value(Z[per_epoch]), fixed=0)}, "
          f"après 20 époques {number(F.value(Z[-1]), fixed=0)} ; "
          f"validation après 20 époques {number(F_val.value(Z[-1]), fixed=0)}")
print(f"minimum de l'entraînement F(w*) = {number(F.value(w_star), fixed=0)} ; "
      f"perte de validation en w* : {number(F_val.value(w_star), fixed=0)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les règles de pas
#
# Une **règle de pas** fixe le pas de chaque mise à jour : $\eta_t = \eta \times
# \rho(t)$, où $\rho$ dépend du numéro $t$ de la mise à jour et du nombre total $U$ de mises à
# jour prévues. Les plus courantes :
#
# - **constant** : $\rho(t) = 1$ ;
# - $\eta/\sqrt{t}$ (celle du chapitre 3) et $\eta/t$ ;
# - **paliers** : le pas est divisé par 2 à chaque quart de l'entraînement ;
# - **cosinus** : $\rho(t) = \frac{1}{2}\left(1 + \cos\frac{\pi (t-1)}{U}\right)$, une
#   descente douce de $\eta$ à 0 ;
# - **échauffement puis cosinus** : le pas monte en ligne droite pendant les premiers 5 % des
#   mises à jour, puis suit le cosinus (utile quand les premiers gradients, loin du minimum,
#   sont énormes).

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.0), layout="constrained")
plot_schedules(ax, list(SCHEDULES), total=460, x=np.arange(1, 461) / 23, xlabel="époque")
ax.set_title("Le facteur $\\eta_t/\\eta$ de chaque règle, 20 époques de lots de 16")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Comparons-les avec des lots de 8 et $\eta = 0{,}05$, pendant 20 époques, sur cinq graines
# (cinq ordres de passage différents) : la perte de validation à la fin.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for name, rule in SCHEDULES.items():
    finals = [F_val.value(minibatch_sgd(F, w0, 0.05, 20, 8, seed=s, schedule=name)[-1])
              for s in range(5)]
    print(f"{rule.label:35s} validation : moyenne {number(np.mean(finals), fixed=0)}, "
          f"de {number(min(finals), fixed=0)} à {number(max(finals), fixed=0)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Le pas constant finit au hasard de la dernière mise à jour : la perte varie beaucoup d'une
# graine à l'autre. $\eta/t$ décroît trop vite : la descente s'arrête avant d'arriver. Les
# autres règles éteignent le bruit à la fin et tombent toutes au même niveau, quelle que soit
# la graine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Choisir η : le test de l'intervalle de pas
#
# Un test rapide, dû à Leslie Smith (2017) : **une seule** course de quelques centaines de mises
# à jour, pendant laquelle le pas grandit géométriquement, de $10^{-4}$ à 10. On trace la perte
# en fonction du pas. Tant que le pas est trop petit, rien ne bouge ; puis la perte baisse ;
# puis elle remonte et explose (on arrête alors). Un bon pas de départ se trouve en dessous de
# l'explosion : une règle simple prend **dix fois moins** que le pas où la perte était la plus
# basse.

# %% slideshow={"slide_type": "subslide"}
etas, losses = lr_range_test(F, w0, eta_min=1e-4, eta_max=10.0, updates=300, batch_size=32)
eta_good = suggested_eta(etas, losses)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(9, 4.0), layout="constrained")
plot_lr_range(ax, etas, losses, suggested=eta_good)
ax.set_title("Test de l'intervalle de pas, lots de 32")
plt.show()

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
blown = etas[np.argmax(np.isnan(losses)) - 1]  # le premier pas où la perte explose
print(f"pas suggéré : η ≈ {number(eta_good, 2)} (la perte la plus basse était à "
      f"η ≈ {number(10 * eta_good, 2)}) ; la perte explose à η ≈ {number(blown, 2)}, "
      f"et 2/L = {number(F.stability_threshold, 2)}")

# %% [markdown] slideshow={"slide_type": "-"}
# La perte explose dès que le pas dépasse le seuil $2/L$ du chapitre 2 : au-delà, même les
# lots les plus sages divergent. Le pas suggéré est un point de départ ; l'explorateur plus bas
# permet de l'ajuster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le même entraînement avec PyTorch
#
# En pratique, on écrit cette boucle avec PyTorch (chapitre 6) : un `DataLoader` découpe les
# données en lots, `torch.optim.SGD` fait les mises à jour, et un *scheduler* règle le pas.
# `LambdaLR` multiplie le pas de base par une fonction du nombre d'appels à `sched.step()` :
# exactement nos règles. Pour comparer avec numpy, on donne au `DataLoader` le **même ordre**
# d'exemples (`batch_sampler`) au lieu de le laisser mélanger (`shuffle=True`).

# %% slideshow={"slide_type": "subslide"} tags=["torch"]
import torch
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, TensorDataset

epochs, b, eta, seed = 3, 16, 0.05, 0
lots = batch_order(F.n, epochs, b, seed=seed)  # l'ordre des exemples, lot par lot
rule, U = SCHEDULES["cosine"], len(lots)

data = TensorDataset(torch.tensor(F.X), torch.tensor(F.y))
loader = DataLoader(data, batch_sampler=[lot.tolist() for lot in lots])
w = torch.zeros(F.d, dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([w], lr=eta)
sched = LambdaLR(opt, lambda k: rule(k + 1, U))  # k = 0, 1, … : l'itération t = k + 1
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
Z_numpy = minibatch_sgd(F, w0, eta, epochs, b, seed=seed, schedule="cosine")
gap = np.max(np.abs(np.array(points) - Z_numpy))
print(f"{len(points) - 1} mises à jour ; même trajectoire que numpy à 1e-10 près :",
      "oui" if gap < 1e-10 else "non")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À vous de régler l'entraînement
#
# L'explorateur relance l'entraînement à chaque mouvement d'un curseur : la taille des lots
# $b$, le pas $\eta$, le nombre d'époques, la règle de pas et la graine (l'ordre de passage). À
# gauche, les pertes d'entraînement (trait plein) et de validation (tirets), après chaque
# mise à jour ; à droite, le pas $\eta_t$ de chaque mise à jour. La ligne du dessous donne les
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
#    époque ne varie plus que de 0,1, et la validation finit à 2828,5, presque au niveau du
#    meilleur modèle.
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
#   exemples, mélangés à chaque époque ; une mise à jour par lot, avec la moyenne de leurs
#   gradients. $b = n$ : descente de gradient ; $b = 1$ : SGD.
# - Un petit lot donne plus de mises à jour par époque, mais plus bruitées (bruit en
#   $1/\sqrt{b}$) et demande un pas plus petit. On compare les courbes **à coût égal** : en
#   époques (gradients calculés), pas en mises à jour.
# - Un pas constant laisse la descente s'agiter autour du minimum ; une **règle de pas**
#   décroissante (paliers, cosinus, échauffement puis cosinus) éteint ce bruit.
# - Le **test de l'intervalle de pas** donne en une course un bon ordre de grandeur pour η.

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
