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
from course_utils import LeastSquares, linear_example, sgd, sgd_momentum
from course_utils.french import number, point
from course_utils.plotting import (
    COLORS,
    plot_contour,
    plot_learning_curve,
    plot_trajectories,
    plot_trajectory,
)
from course_utils.widgets import Explorer

X, y = linear_example()
F = LeastSquares(X, y)
w_star = F.minimizer()

# %% [markdown] slideshow={"slide_type": "slide"}
# # 4. La descente stochastique avec momentum
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - énoncer l'algorithme de SGD avec momentum et le rôle du coefficient $\alpha$ ;
# - expliquer le momentum comme une **somme pondérée** des gradients passés (l'image de la bille
#   lourde) ;
# - comparer, à tirages égaux, une SGD avec et sans momentum ;
# - reconnaître les excès d'un momentum trop fort (dépassements, boucles).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Ce qui freine la SGD
#
# Au chapitre 3, chaque itération de la SGD suivait un seul gradient partiel
# $\nabla F_i(\mathbf{z}_{t-1})$ :
#
# - ces directions **changent d'un tirage à l'autre** : la trajectoire zigzague, et une partie
#   de chaque déplacement est perdue à corriger le précédent ;
# - le pas $\eta/\sqrt{t}$ rétrécit : si $\eta$ est petit, on finit par avancer très lentement
#   dans le fond de la vallée, même quand tous les gradients indiquent la même direction.
#
# L'idée du **momentum** (en français, l'*inertie*) : ne pas oublier les déplacements précédents,
# et **garder de l'élan**.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L'algorithme
#
# > **SGD avec momentum** (pas d'apprentissage $\eta > 0$, momentum $\alpha \in [0, 1[$, nombre
# > d'itérations $T$)
# >
# > - Choisir un point de départ $\mathbf{z}_0 \in \mathbb{R}^d$ (par exemple au hasard) et
# >   poser $\mathbf{v}_0 = \mathbf{0}$.
# > - Pour $t = 1, 2, \dots, T$ :
# >   - tirer un indice $i$ au hasard, uniformément dans $\{1, \dots, n\}$ ;
# >   - calculer $\mathbf{g}_t = \nabla F_i(\mathbf{z}_{t-1})$ ;
# >   - mettre à jour la vitesse : $\mathbf{v}_t = \alpha\, \mathbf{v}_{t-1} -
# >     \dfrac{\eta}{\sqrt{t}}\, \mathbf{g}_t$ ;
# >   - se déplacer : $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$.
# > - Renvoyer $\mathbf{z}_T$.
#
# Avec $\alpha = 0$, on retrouve exactement la SGD du chapitre 3.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### L'intuition : une bille lourde
#
# Imaginez une bille lourde qui roule dans la vallée de $F$. Le gradient ne la déplace pas
# directement : il la **pousse**, c'est-à-dire qu'il modifie sa vitesse $\mathbf{v}_t$. D'une
# étape à l'autre, la bille garde une fraction $\alpha$ de sa vitesse (le reste est perdu en
# frottements).
#
# - Si les poussées vont souvent dans le même sens, la vitesse s'accumule : la bille accélère.
# - Si elles changent de sens à chaque tirage, elles se compensent en partie : la bille est
#   moins ballottée.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Une somme pondérée des gradients passés
#
# En déroulant la récurrence depuis $\mathbf{v}_0 = \mathbf{0}$, la vitesse est une somme
# pondérée de **tous** les gradients déjà tirés :
#
# $$\mathbf{v}_t = -\sum_{\tau=1}^{t} \alpha^{\,t-\tau}\, \frac{\eta}{\sqrt{\tau}}\,
# \mathbf{g}_\tau .$$
#
# Le gradient le plus récent compte pleinement, celui d'avant est multiplié par $\alpha$, le
# précédent par $\alpha^2$, etc. : une mémoire qui oublie peu à peu le passé. Comme
# $1 + \alpha + \alpha^2 + \dots = \frac{1}{1 - \alpha}$, des gradients tous égaux donnent des
# déplacements environ $\frac{1}{1-\alpha}$ fois plus longs : environ $3{,}3$ fois pour
# $\alpha = 0{,}7$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### En code
#
# `sgd_momentum(F, w0, eta, alpha, T, seed=...)` renvoie toute la trajectoire
# $\mathbf{z}_0, \dots, \mathbf{z}_T$, soit $T + 1$ points ; la graine `seed` fixe la suite des
# exemples tirés, exactement comme pour `sgd`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : la SGD avec momentum
#
# Écrivez `descente_momentum(X, y, w0, eta, alpha, T, indices)`, qui renvoie la trajectoire
# $\mathbf{z}_0, \dots, \mathbf{z}_T$ (forme $(T + 1, d)$) de l'algorithme ci-dessus :
# $\mathbf{v}_0 = \mathbf{0}$, puis à l'étape $t$,
# $\mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \frac{\eta}{\sqrt{t}}\,\nabla F_i(\mathbf{z}_{t-1})$
# et $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$, avec l'exemple `i = indices[t - 1]`
# (comme au chapitre 3).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def descente_momentum(X, y, w0, eta, alpha, T, indices):
    # VOTRE CODE ICI : renvoyer z_0, ..., z_T, de forme (T + 1, d)
    ...


check("4.1", descente_momentum)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def descente_momentum(X, y, w0, eta, alpha, T, indices):
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)  # v_0 = 0
    trajectoire = [z]
    for t in range(1, T + 1):
        i = indices[t - 1]
        g = 2 * (z @ X[i] - y[i]) * X[i]  # ∇F_i(z)
        v = alpha * v - eta / np.sqrt(t) * g
        z = z + v
        trajectoire.append(z)
    return np.array(trajectoire)


check("4.1", descente_momentum)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Avec et sans momentum, à tirages égaux
#
# Comparons la SGD ($\alpha = 0$) et la SGD avec momentum ($\alpha = 0{,}7$) depuis
# $\mathbf{z}_0 = (-7\,;\,7)$, avec $\eta = 0{,}1$, $T = 50$ et la **même graine** : les deux
# méthodes tirent exactement les mêmes exemples, dans le même ordre. Seul le momentum change.

# %% slideshow={"slide_type": "-"}
w0 = np.array([-7.0, 7.0])
eta, alpha, T, seed = 0.1, 0.7, 50, 0
Z_sgd = sgd(F, w0, eta, T, seed=seed)
Z_mom = sgd_momentum(F, w0, eta, alpha, T, seed=seed)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
runs = {"SGD ($\\alpha = 0$)": Z_sgd, "momentum ($\\alpha = 0{,}7$)": Z_mom}
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, region=(-9, 9, -9, 9),
             title="Même départ, mêmes tirages, $\\eta = 0{,}1$, $T = 50$")
plot_trajectories(ax, runs, colors=[COLORS[1], COLORS[0]])
ax.get_legend().set_loc("lower left")
for k, (name, Z) in enumerate(runs.items()):
    plot_learning_curve(axc, F, Z, color=[COLORS[1], COLORS[0]][k], label=name, log=True)
axc.set_title("Courbes d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Sans momentum, la SGD avance lentement et reste loin du minimum après 50 itérations. Avec
# momentum, les mêmes gradients s'accumulent : la bille prend de la vitesse et traverse le
# fond de la vallée (la courbe d'apprentissage remonte jusqu'à $t = 3$, puis, moins haut,
# jusqu'à $t = 11$), revient, puis se stabilise près de $\mathbf{w}^*$.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
print(f"w* = {point(w_star, fixed=4)},  F(w*) = {number(F.value(w_star), fixed=4)}")
for name, Z in (("SGD", Z_sgd), ("momentum", Z_mom)):
    print(f"{name:8s} : z_T = {point(Z[-1], fixed=4)},  F(z_T) = {number(F.value(Z[-1]), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Juste un pas plus grand ?
#
# Avec $\alpha = 0{,}7$, les déplacements peuvent devenir environ $3{,}3$ fois plus longs. Le
# momentum n'est-il qu'une SGD avec un pas $\eta$ trois fois plus grand ? Comparons la valeur de
# $F(\mathbf{z}_{50})$, en moyenne sur 200 descentes aux tirages indépendants (un appel par
# méthode, avec un lot de 200 départs identiques).

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
starts = np.full((200, 2), w0)  # 200 fois le même départ : 200 suites de tirages
finals = {
    "SGD, η = 0,1": sgd(F, starts, 0.1, T, seed=1)[-1],
    "SGD, η = 1/3": sgd(F, starts, 1 / 3, T, seed=1)[-1],
    "momentum α = 0,7, η = 0,1": sgd_momentum(F, starts, 0.1, alpha, T, seed=1)[-1],
}
for name, z_T in finals.items():
    print(f"{name:26s} : moyenne de F(z_50) = {number(F.value(z_T).mean(), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Le momentum fait mieux que la SGD au pas $\eta = 1/3$ : en plus d'allonger les déplacements, il fait
# la **moyenne** de plusieurs gradients partiels, ce qui atténue le hasard des tirages.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quatre départs au hasard
#
# Reprenons les quatre départs tirés au chapitre 2 (même graine) et lançons la SGD avec
# momentum depuis chacun, en un seul appel : `sgd_momentum` accepte un lot de départs de forme
# `(4, 2)`, et chaque départ tire ses propres exemples.

# %% slideshow={"slide_type": "-"}
rng = np.random.default_rng(60)
W0 = rng.uniform(-7.5, 7.5, size=(4, 2))  # les quatre départs du chapitre 2
Z_batch = sgd_momentum(F, W0, eta, alpha, T, seed=2)
Z_batch.shape

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, title="Momentum depuis quatre départs, $\\alpha = 0{,}7$, $\\eta = 0{,}1$")
for b in range(W0.shape[0]):
    plot_trajectory(ax, Z_batch[:, b], color=COLORS[b], markersize=3)
    plot_learning_curve(axc, F, Z_batch[:, b], color=COLORS[b], label=f"départ {b + 1}",
                        log=True)
axc.set_title("Courbes d'apprentissage (mêmes couleurs)")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Chaque bille part dans la direction du premier gradient partiel tiré, prend de l'élan, dépasse
# le fond de la vallée puis y revient en s'amortissant. Ces allers-retours se lisent aussi sur
# les courbes d'apprentissage : des bosses de plus en plus petites. Toutes les billes finissent
# près de $\mathbf{w}^*$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### $\alpha = 0$ : retour à la SGD
#
# Vérifions que, pour la même graine, le momentum avec $\alpha = 0$ redonne **exactement** la
# trajectoire de la SGD (mêmes tirages, mêmes pas), pour un départ comme pour un lot.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
same_one = np.array_equal(sgd_momentum(F, w0, eta, 0.0, T, seed=seed), Z_sgd)
same_batch = np.array_equal(sgd_momentum(F, W0, eta, 0.0, T, seed=2), sgd(F, W0, eta, T, seed=2))
print("α = 0 redonne la SGD (un départ) :", "oui" if same_one else "non")
print("α = 0 redonne la SGD (quatre départs) :", "oui" if same_batch else "non")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À vous de faire rouler la bille
#
# L'explorateur relance la SGD avec momentum à chaque mouvement d'un curseur : « pas η »,
# « itérations T », « départ w₁ », « départ w₂ », « momentum α » et « graine ». Un clic sur les
# courbes de niveau déplace aussi le départ. Le curseur « étape t » et son bouton de lecture
# rejouent la descente, une itération après l'autre.

# %% slideshow={"slide_type": "slide"}
Explorer(F, method="momentum", eta=0.1, alpha=0.7, T=50, region=(-9, 9, -9, 9))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Mettez « momentum α » à 0 : retrouvez-vous la trajectoire de la SGD de la figure « avec
#    et sans momentum » ? Puis, pour chacune des graines 0, 1 et 2, remontez α de 0 à 0,9 par
#    crans de 0,1 en notant $F(\mathbf{z}_T)$ sous la figure. Jusqu'à quelle valeur de α
#    $F(\mathbf{z}_T)$ baisse-t-il à chaque cran, pour les trois graines ? Le meilleur α est-il
#    le même pour chaque graine ? Que se passe-t-il à 0,9 ?
# 2. Poussez « momentum α » à 0,95 : que devient la trajectoire ? Et la courbe
#    d'apprentissage ? Augmentez « itérations T » jusqu'à 200 : la bille finit-elle par se poser ?
# 3. Revenez à α = 0,7 et $T = 50$, puis changez la « graine » plusieurs fois en notant la
#    distance à $\mathbf{w}^*$ (sous la figure). Refaites-le avec α = 0 : le momentum finit-il
#    toujours plus près de $\mathbf{w}^*$ que la SGD ? Un meilleur réglage pour une graine
#    l'est-il pour toutes ?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Trois méthodes côte à côte
#
# Ici, la descente de gradient (gradient complet, pas constant $\eta$), la SGD (pas
# $\eta/\sqrt{t}$) et la SGD avec momentum partent du même point, avec les mêmes $\eta$ et $T$ et
# la même graine pour les deux méthodes stochastiques.

# %% slideshow={"slide_type": "slide"}
Explorer(F, method="momentum", compare=["gd", "sgd", "momentum"], eta=0.1, alpha=0.7, T=50,
         region=(-9, 9, -9, 9))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Avec $\eta = 0{,}1$ et $T = 50$, classez les trois méthodes selon $F(\mathbf{z}_T)$ (lisez
#    les lignes sous la figure). Combien de gradients partiels $\nabla F_i$ chacune a-t-elle
#    calculés en tout ? (La descente de gradient en utilise trois par itération.)
# 2. Montez « pas η » au plus près de 0,4 (le cran 0,3981) et classez-les de nouveau. Laquelle
#    a le plus progressé ? Regardez ensuite le haut des courbes d'apprentissage : que font les
#    deux méthodes stochastiques dans les premières itérations ? Et la descente de gradient ?
# 3. Revenez à η = 0,1 et montez « itérations T » à 200 : quelle méthode finit le plus près de
#    $\mathbf{w}^*$ ? La SGD en reste loin (à 1,35), le momentum est à 0,02 : est-ce le hasard
#    des tirages qui la ballotte, ou autre chose ? (Indice : que vaut son pas $\eta/\sqrt{t}$ à
#    $t = 200$ ?) Pourquoi la descente de gradient, elle, peut-elle s'approcher de
#    $\mathbf{w}^*$ autant qu'on veut ? (Indice : en $\mathbf{w}^*$, $\nabla F$ est nul, mais
#    pas les $\nabla F_i$.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - La SGD avec momentum garde une vitesse :
#   $\mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \frac{\eta}{\sqrt{t}}\nabla F_i(\mathbf{z}_{t-1})$,
#   puis $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$, avec $\mathbf{v}_0 = \mathbf{0}$.
# - La vitesse est une somme pondérée des gradients passés (poids $\alpha^{t-\tau}$) : les
#   directions constantes s'additionnent, les directions au hasard se compensent.
# - Avec $\alpha = 0$, on retrouve exactement la SGD ; plus $\alpha$ est proche de 1, plus la
#   bille est lourde et plus les déplacements s'allongent (jusqu'à environ $\frac{1}{1-\alpha}$
#   fois).
# - Un momentum trop fort fait dépasser le minimum et tourner en boucles : $\alpha$ se règle,
#   comme $\eta$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - Ilya Sutskever, James Martens, George Dahl et Geoffrey Hinton, « On the importance of
#   initialization and momentum in deep learning », *ICML*, 2013 : le momentum (et sa variante
#   de Nesterov) pour entraîner des réseaux profonds. C'est l'article que cite la documentation
#   de `torch.optim.SGD` (chapitre 6).
# - Gabriel Goh, « Why Momentum Really Works », *Distill*, 2017,
#   <https://distill.pub/2017/momentum/> (en anglais) : pourquoi et quand le momentum accélère,
#   direction propre par direction propre, avec des figures interactives.
