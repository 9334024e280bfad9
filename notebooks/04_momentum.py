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
from IPython.display import display
from course_utils import (
    LeastSquares,
    gradient_descent,
    heavy_ball,
    linear_example,
    sgd,
    sgd_momentum,
)
from course_utils.analysis import contraction_factor, heavy_ball_optimum, iterations_to_divide
from course_utils.french import french_axes, number, point
from course_utils.plotting import (
    COLORS,
    plot_contour,
    plot_learning_curve,
    plot_run,
    plot_trajectory,
)
from course_utils.widgets import ConvergenceMap, Explorer

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
# - reconnaître les excès d'un momentum trop fort (dépassements, boucles) ;
# - expliquer, avec la boule pesante (gradient complet, pas constant) et sa carte de
#   convergence, pourquoi le momentum accélère surtout les problèmes mal conditionnés.

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
fig, _ = plot_run(F, runs, colors=[COLORS[1], COLORS[0]], log=True, region=(-9, 9, -9, 9),
                  title="Même départ, mêmes tirages, $\\eta = 0{,}1$, $T = 50$", markers=True,
                  curve_legend_loc=None, curve_title="Courbes d'apprentissage")
fig
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
#
# <details><summary>Réponse</summary>
#
# Oui : avec α = 0 et la graine 0, c'est exactement la trajectoire de la SGD de la figure. Pour
# les trois graines, $F(\mathbf{z}_{50})$ baisse à chaque cran jusqu'à α = 0,6. Le meilleur α
# dépend ensuite de la graine : 0,6 pour la graine 0 ($F(\mathbf{z}_{50}) \approx 0{,}016$),
# 0,7 pour les graines 1 et 2 ($\approx 0{,}012$ et $0{,}037$). À 0,9, la bille est trop
# lourde : elle dépasse le minimum et tourne autour, et $F(\mathbf{z}_{50})$ remonte à
# $12{,}5$, $1{,}34$ et $9{,}0$, bien pire qu'à α = 0,5.
#
# </details>
#
# 2. Poussez « momentum α » à 0,95 : que devient la trajectoire ? Et la courbe
#    d'apprentissage ? Augmentez « itérations T » jusqu'à 200 : la bille finit-elle par se poser ?
#
# <details><summary>Réponse</summary>
#
# La trajectoire fait de grandes boucles autour du minimum, jusqu'à près de 30 de distance de
# $\mathbf{w}^*$ ; la courbe d'apprentissage est une suite de bosses, et à $T = 50$,
# $F(\mathbf{z}_T) \approx 131$ est plus grand qu'au départ ($85{,}75$). À $T = 200$, la bille
# tourne encore : elle est à $1{,}23$ de $\mathbf{w}^*$ (contre $0{,}02$ avec α = 0,7) et la
# courbe a encore des bosses. Les frottements ne lui retirent que 5 % de sa vitesse à chaque
# itération ($1 - \alpha = 0{,}05$) : trop peu pour l'arrêter.
#
# </details>
#
# 3. Revenez à α = 0,7 et $T = 50$, puis changez la « graine » plusieurs fois en notant la
#    distance à $\mathbf{w}^*$ (sous la figure). Refaites-le avec α = 0 : le momentum finit-il
#    toujours plus près de $\mathbf{w}^*$ que la SGD ? Un meilleur réglage pour une graine
#    l'est-il pour toutes ?
#
# <details><summary>Réponse</summary>
#
# Oui, pour chacune des 100 graines du curseur, le momentum (α = 0,7) finit plus près de
# $\mathbf{w}^*$ que la SGD (α = 0). Mais le meilleur réglage, lui, change d'une graine à
# l'autre (question 1) : avec une seule graine, on règle α sur un hasard. Il faut comparer les
# réglages sur plusieurs graines.
#
# </details>

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
#
# <details><summary>Réponse</summary>
#
# La descente de gradient arrive en tête ($F(\mathbf{z}_{50}) \approx 0{,}0275$), puis le
# momentum ($\approx 0{,}116$), loin devant la SGD ($\approx 7{,}48$). Mais la descente de
# gradient a calculé 150 gradients partiels (trois par itération), contre 50 pour chacune des
# deux méthodes stochastiques : à calcul égal, la comparaison serait plus serrée.
#
# </details>
#
# 2. Montez « pas η » au plus près de 0,4 (le cran 0,3981) et classez-les de nouveau. Laquelle
#    a le plus progressé ? Regardez ensuite le haut des courbes d'apprentissage : que font les
#    deux méthodes stochastiques dans les premières itérations ? Et la descente de gradient ?
#
# <details><summary>Réponse</summary>
#
# La descente de gradient touche le minimum ($F(\mathbf{z}_{50}) \approx 0{,}01149$, la valeur
# de $F(\mathbf{w}^*)$), puis viennent la SGD ($\approx 0{,}074$) et le momentum
# ($\approx 0{,}098$). C'est la SGD qui a le plus progressé : son $F(\mathbf{z}_{50})$ est
# divisé par environ 100. Au début, les deux méthodes stochastiques bondissent : $F$ monte à
# $\approx 594$ dès la première itération (le premier déplacement suit un seul exemple, avec
# le pas $\eta$ entier), et même à $\approx 2111$ à l'itération 3 pour le momentum, qui garde
# cet élan. La
# descente de gradient, elle, descend à chaque itération.
#
# </details>
#
# 3. Revenez à η = 0,1 et montez « itérations T » à 200 : quelle méthode finit le plus près de
#    $\mathbf{w}^*$ ? La SGD en reste loin (à 1,35), le momentum est à 0,02 : est-ce le hasard
#    des tirages qui la ballotte, ou autre chose ? (Indice : que vaut son pas $\eta/\sqrt{t}$ à
#    $t = 200$ ?) Pourquoi la descente de gradient, elle, peut-elle s'approcher de
#    $\mathbf{w}^*$ autant qu'on veut ? (Indice : en $\mathbf{w}^*$, $\nabla F$ est nul, mais
#    pas les $\nabla F_i$.)
#
# <details><summary>Réponse</summary>
#
# La descente de gradient finit le plus près (à moins de $10^{-5}$). La SGD n'est pas ballottée,
# elle est **lente** : à $t = 200$, son pas vaut $0{,}1/\sqrt{200} \approx 0{,}007$, et une
# descente à gradient complet avec le même pas décroissant ne ferait pas mieux. Le momentum
# compense en accumulant les déplacements. La descente de gradient peut s'approcher autant
# qu'on veut de $\mathbf{w}^*$ avec un pas constant, parce que $\nabla F(\mathbf{w}^*) =
# \mathbf{0}$ : près du minimum, ses déplacements s'éteignent d'eux-mêmes. Les gradients
# partiels $\nabla F_i(\mathbf{w}^*)$, eux, ne sont pas nuls : à pas constant, la SGD
# continuerait de sautiller autour de $\mathbf{w}^*$, d'où son pas décroissant.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi le momentum accélère : la boule pesante
#
# Pour comprendre ce que l'élan change, retirons le hasard. La **boule pesante** (*heavy ball*,
# Boris Polyak, 1964) est le momentum avec le gradient **complet** et un pas **constant** :
#
# > - Poser $\mathbf{v}_0 = \mathbf{0}$.
# > - Pour $t = 1, 2, \dots, T$ : $\mathbf{v}_t = \alpha\, \mathbf{v}_{t-1} - \eta\, \nabla
# >   F(\mathbf{z}_{t-1})$, puis $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$.
#
# C'est l'algorithme du début du chapitre avec $\nabla F$ au lieu de $\nabla F_i$ et $\eta$ au
# lieu de $\eta/\sqrt{t}$. Avec $\alpha = 0$, on retrouve la descente de gradient du
# chapitre 2. Elle ne tire aucun exemple : sa trajectoire ne dépend d'aucune graine. Dans
# `course_utils`, c'est `heavy_ball(F, w0, eta, alpha, T)`, et la méthode « heavy_ball » de
# l'explorateur.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : la boule pesante
#
# Écrivez `boule_pesante(grad, w0, eta, alpha, T)`, qui renvoie la trajectoire
# $\mathbf{z}_0, \dots, \mathbf{z}_T$ (forme $(T + 1, d)$) de la boule pesante :
# $\mathbf{v}_0 = \mathbf{0}$, puis à chaque itération
# $\mathbf{v}_t = \alpha\,\mathbf{v}_{t-1} - \eta\,\nabla F(\mathbf{z}_{t-1})$ et
# $\mathbf{z}_t = \mathbf{z}_{t-1} + \mathbf{v}_t$. Comme au chapitre 2, `grad(z)` renvoie
# $\nabla F(\mathbf{z})$, et `w0` ne doit pas être modifié.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def boule_pesante(grad, w0, eta, alpha, T):
    # VOTRE CODE ICI : renvoyer z_0, ..., z_T, de forme (T + 1, d)
    ...


check("4.2", boule_pesante)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def boule_pesante(grad, w0, eta, alpha, T):
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)  # v_0 = 0
    trajectoire = [z]
    for _ in range(T):
        v = alpha * v - eta * grad(z)  # d'abord la vitesse…
        z = z + v  # … puis le déplacement
        trajectoire.append(z)
    return np.array(trajectoire)


check("4.2", boule_pesante)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Direction par direction
#
# Comme au chapitre 2, plaçons-nous le long d'une direction propre de la hessienne, de valeur
# propre $\lambda$, et notons $\delta_t$ l'écart au minimum dans cette direction. Le gradient y
# vaut $\lambda\,\delta_{t-1}$, et la vitesse est le dernier déplacement :
# $v_{t-1} = \delta_{t-1} - \delta_{t-2}$. Une itération donne donc
#
# $$\delta_t = \delta_{t-1} + \alpha\,(\delta_{t-1} - \delta_{t-2}) - \eta\lambda\,\delta_{t-1}
# = (1 + \alpha - \eta\lambda)\,\delta_{t-1} - \alpha\,\delta_{t-2} .$$
#
# Chaque écart dépend maintenant des **deux** précédents. Cherchons, comme au chapitre 2, des
# écarts multipliés par un même facteur $r$ à chaque itération, $\delta_t = r^t$ : il faut
#
# $$r^2 = (1 + \alpha - \eta\lambda)\, r - \alpha .$$
#
# Cette équation du second degré a deux racines $r_1$ et $r_2$, et l'écart est un mélange de
# $r_1^t$ et $r_2^t$. À la longue, la racine de plus grand module l'emporte : le **facteur de
# convergence** de la méthode est $\rho = \max(|r_1|, |r_2|)$, prise sur la direction la plus lente
# ($\lambda = \mu$ ou $\lambda = L$). Avec $\alpha = 0$, on retrouve $r = 1 - \eta\lambda$ ;
# quand les racines sont complexes, leur module vaut $\sqrt{\alpha}$ et la trajectoire tourne
# en spirale autour du minimum.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Ce que dit l'analyse
#
# - **Frontière.** $r = -1$ est racine quand $\eta\lambda = 2 + 2\alpha$ : la boule pesante
#   converge tant que $\eta L < 2 + 2\alpha$ (avec $0 \le \alpha < 1$). L'élan permet des pas plus grands que la descente
#   de gradient, jusqu'à presque $4/L \approx 0{,}99$ quand $\alpha$ s'approche de 1 (au lieu de
#   $2/L \approx 0{,}496$).
# - **Meilleur réglage.** Le facteur $\rho$ est le plus petit pour
#
#   $$\eta^* = \frac{4}{(\sqrt{L} + \sqrt{\mu})^2}, \qquad
#   \alpha^* = \left(\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1}\right)^2, \qquad
#   \rho^* = \frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1},$$
#
#   où $\kappa = L/\mu$ est le conditionnement du chapitre 2. Pour nos données :
#   $\eta^* \approx 0{,}475$, $\alpha^* \approx 0{,}148$ et $\rho^* \approx 0{,}384$, contre
#   un facteur $0{,}6695$ pour la descente de gradient au meilleur pas.
#
# Attention : cette analyse vaut pour un pas **constant** et le gradient **complet**. La SGD
# avec momentum du début du chapitre utilise un pas $\eta/\sqrt{t}$ qui rétrécit et un seul
# exemple par itération : ses réglages ne se lisent pas sur la carte ci-dessous. Le mécanisme,
# lui, est le même.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## La carte de convergence
#
# La carte colore chaque réglage $(\eta, \alpha)$ selon le facteur $\rho$ de la boule pesante
# sur nos données (sombre : rapide ; gris : ne converge pas). La ligne rouge est la frontière
# $\eta L = 2 + 2\alpha$, l'étoile le meilleur réglage, le losange le meilleur pas constant
# sans momentum. Le cercle marque le réglage de l'explorateur affiché dessous : **cliquer sur la
# carte** règle ses curseurs « pas η » et « momentum α » (au cran le plus proche), et bouger
# ces curseurs déplace le cercle.

# %% slideshow={"slide_type": "slide"}
explorateur = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30, region=(-9, 9, -9, 9))
carte = ConvergenceMap(F, explorer=explorateur)
display(carte, explorateur)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Cliquez sur l'étoile : les curseurs de l'explorateur vont au cran le plus proche de
#    $(\eta^*, \alpha^*)$. Réglez « itérations T » sur 10 et lisez la distance à
#    $\mathbf{w}^*$ sous l'explorateur. Cliquez ensuite sur le losange (la descente de gradient
#    à son meilleur pas) et relisez-la.
#
# <details><summary>Réponse</summary>
#
# L'étoile donne $\eta = 0{,}4786$ et $\alpha = 0{,}15$ ; la ligne sous la carte indique
# $\rho \approx 0{,}441$, un peu plus que $\rho^* \approx 0{,}384$ : près de l'optimum, le
# facteur change vite (la carte y forme une pointe). Après 10 itérations, la boule pesante est
# à $0{,}0066$ de $\mathbf{w}^*$. Le losange donne $\eta = 0{,}4169$ et $\alpha = 0$ : la
# descente de gradient n'est qu'à $0{,}23$, 35 fois plus loin.
#
# </details>
#
# 2. Depuis l'étoile, montez « momentum α » jusqu'à 0,8 sans toucher à η. Où va le cercle ? Que
#    devient $\rho$ ? Et la trajectoire ?
#
# <details><summary>Réponse</summary>
#
# Le cercle monte vers les couleurs claires : $\rho \approx 0{,}894$, c'est-à-dire
# $\sqrt{0{,}8}$ (les racines sont complexes, de module $\sqrt{\alpha}$). La trajectoire tourne
# en spirale autour de $\mathbf{w}^*$ et la courbe d'apprentissage ondule : trop d'élan, pas
# assez de frottements.
#
# </details>
#
# 3. Mettez α à 0 et « pas η » au cran 0,7079 : la méthode est alors la descente de gradient,
#    au-delà de $2/L$. Que se passe-t-il ? Montez ensuite α cran par cran : à partir de quelle
#    valeur la boule pesante converge-t-elle ?
#
# <details><summary>Réponse</summary>
#
# Avec $\alpha = 0$, elle diverge (le cercle est dans la zone grise, $\rho > 1$). Elle converge
# de nouveau dès que le cercle franchit la ligne rouge, c'est-à-dire dès que
# $\alpha > \eta L/2 - 1 \approx 0{,}428$ : au cran $\alpha = 0{,}43$ ($\rho \approx 0{,}994$,
# très lent), et mieux en montant encore. L'élan permet des pas que la descente de gradient ne
# supporte pas.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le gain : $\sqrt{\kappa}$ au lieu de $\kappa$
#
# Au meilleur réglage, la descente de gradient multiplie l'écart par $(\kappa - 1)/(\kappa + 1)$
# à chaque itération, la boule pesante par $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ : la
# racine carrée de $\kappa$ remplace $\kappa$. Le nombre d'itérations pour diviser l'écart par 10
# est à peu près proportionnel à $\kappa$ pour l'une, à $\sqrt{\kappa}$ pour l'autre : le
# momentum aide d'autant plus que le problème est **mal conditionné**.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
kappas = np.geomspace(1, 1000, 300)
rates = {"descente de gradient, $(\\kappa - 1)/(\\kappa + 1)$": contraction_factor(kappas),
         "boule pesante, $(\\sqrt{\\kappa} - 1)/(\\sqrt{\\kappa} + 1)$":
             contraction_factor(np.sqrt(kappas))}
fig, (ax, axn) = plt.subplots(1, 2, figsize=(10, 4.0), layout="constrained")
for k, (name, rate) in enumerate(rates.items()):
    ax.plot(kappas, rate, color=COLORS[k], lw=2, label=name)
    axn.plot(kappas[1:], iterations_to_divide(rate[1:], 10), color=COLORS[k], lw=2, label=name)
for a in (ax, axn):
    a.axvline(F.condition_number, color="gray", ls="--", lw=1)
    a.set_xscale("log")
    a.set_xlabel("conditionnement $\\kappa$")
    a.grid(True, which="major", alpha=0.3)
ax.text(F.condition_number / 1.15, 0.9, f"nos données,\n$\\kappa \\approx "
        f"{number(F.condition_number, 3, tex=True)}$", color="gray", fontsize=9, ha="right")
ax.set_ylabel("facteur par itération (meilleur réglage)")
ax.set_title("Facteur au meilleur réglage")
ax.legend(loc="lower right", fontsize=9)
axn.set_yscale("log")
axn.set_ylabel("itérations pour diviser l'écart par 10")
axn.set_title("Ce que cela coûte")
axn.legend(loc="upper left", fontsize=9)
french_axes(ax)
french_axes(axn)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Sur nos données
#
# L'analyse promet, « à la longue », un facteur par itération. Comparons-la avec ce que font
# vraiment les deux méthodes depuis $(-7\,;\,7)$ : le nombre d'itérations pour diviser la
# distance à $\mathbf{w}^*$ par 10, puis par 1000.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
eta_star, alpha_star, rate_star = heavy_ball_optimum(F.L, F.mu)
gd_rate = contraction_factor(F.condition_number)
print(f"η* = {number(eta_star, fixed=4)},  α* = {number(alpha_star, fixed=4)},  "
      f"ρ* = {number(rate_star, fixed=4)}")
start_distance = np.linalg.norm(w0 - w_star)
compared = {
    "descente de gradient, η = 2/(L + μ)": (gradient_descent(F, w0, F.optimal_step, 40), gd_rate),
    "boule pesante, (η*, α*)": (heavy_ball(F, w0, eta_star, alpha_star, 40), rate_star),
}
for name, (Z, rate) in compared.items():
    distance = np.linalg.norm(Z - w_star, axis=-1)
    for k in (10, 1000):
        measured = int(np.argmax(distance < start_distance / k))
        print(f"{name} : ÷{k} promis en {iterations_to_divide(rate, k)} itérations, "
              f"mesuré en {measured}")

# %% [markdown] slideshow={"slide_type": "-"}
# Pour la descente de gradient, la promesse est tenue : 6 et 18 itérations. La boule pesante
# fait bien mieux, mais pas tout à fait ce que promet $\rho^* \approx 0{,}384$ : 4 et 10
# itérations au lieu de 3 et 8. Au meilleur réglage, les deux racines $r_1$ et $r_2$ sont
# **égales** (une racine double) ; l'écart se comporte alors comme $t\,(\rho^*)^t$ plutôt que
# $(\rho^*)^t$, et ce facteur $t$ ralentit les premières itérations. Le facteur $\rho$ décrit
# ce qui se passe à la longue, pas dès le départ.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Lisez sur la figure (ou calculez) le nombre d'itérations pour diviser l'écart par 10 quand
#    $\kappa = 100$, pour chacune des deux méthodes à son meilleur réglage. Et pour nos données,
#    $\kappa \approx 5{,}05$ ? Où le momentum rapporte-t-il le plus ?
#
# <details><summary>Réponse</summary>
#
# Pour $\kappa = 100$ : 116 itérations pour la descente de gradient (facteur $0{,}980$), 12 pour
# la boule pesante (facteur $0{,}818$), près de dix fois moins. Pour nos données : 6 contre 3
# (promis), deux fois moins. Le gain grandit comme $\sqrt{\kappa}$ : le momentum rapporte le
# plus sur les problèmes mal conditionnés, les longues vallées étroites.
#
# </details>
#
# 2. Sur la carte, suivez la ligne du bas ($\alpha = 0$, la descente de gradient) : quel est le
#    meilleur facteur qu'on y trouve ? Pourquoi faut-il quitter cette ligne pour faire mieux ?
#
# <details><summary>Réponse</summary>
#
# Le long de $\alpha = 0$, le meilleur facteur est $0{,}6695$, au losange $\eta = 2/(L+\mu)
# \approx 0{,}414$ : c'est le meilleur pas constant du chapitre 2. Aucun pas ne fait mieux sans
# momentum ; seul un $\alpha > 0$ mène vers l'étoile ($\rho^* \approx 0{,}384$).
#
# </details>

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
# - Avec le gradient complet et un pas constant (la boule pesante), chaque direction propre suit
#   $\delta_t = (1 + \alpha - \eta\lambda)\,\delta_{t-1} - \alpha\,\delta_{t-2}$ : la
#   facteur de convergence $\rho(\eta, \alpha)$ se lit sur une carte. L'élan permet des pas jusqu'à
#   $(2 + 2\alpha)/L$, et au meilleur réglage le facteur devient
#   $(\sqrt{\kappa} - 1)/(\sqrt{\kappa} + 1)$ au lieu de $(\kappa - 1)/(\kappa + 1)$ : le
#   momentum aide surtout les problèmes mal conditionnés.

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
# - Boris Polyak, « Some methods of speeding up the convergence of iteration methods »,
#   *USSR Computational Mathematics and Mathematical Physics*, 1964 : la boule pesante et son
#   meilleur réglage.
