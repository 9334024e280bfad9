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
from course_utils import LeastSquares, Quadratic, gradient_descent, linear_example
from course_utils.analysis import (
    contraction_factor,
    gradient_descent_rate,
    iterations_to_divide,
)
from course_utils.datasets import standardize
from course_utils.french import french_axes, number, point
from course_utils.plotting import (
    ALARM,
    COLORS,
    legend_f_star_last,
    plot_contour,
    plot_learning_curve,
    plot_model_outputs,
    plot_run,
    plot_trajectory,
)
from course_utils.widgets import Explorer, Explorer1D, FamilyExplorer

X, y = linear_example()
F = LeastSquares(X, y)
w_star = F.minimizer()

# %% [markdown] slideshow={"slide_type": "slide"}
# # 2. La descente de gradient
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - énoncer l'algorithme de descente de gradient et le rôle du pas d'apprentissage $\eta$ et du
#   nombre d'itérations $T$ ;
# - lire une trajectoire sur les courbes de niveau et sa courbe d'apprentissage ;
# - expliquer, d'abord en une dimension puis direction par direction, pourquoi un pas trop
#   grand fait diverger la méthode ;
# - calculer le seuil de stabilité $2/L$ et le meilleur pas constant $2/(L+\mu)$ à partir des
#   valeurs propres de la hessienne ;
# - définir le conditionnement $\kappa = L/\mu$, dire ce qu'il coûte en itérations, et le
#   réduire en changeant l'unité des variables.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L'idée : suivre la pente
#
# Au chapitre 1, nous avons vu que $-\nabla F(\mathbf{w})$ indique la direction où $F$ descend
# le plus vite. Imaginez-vous dans le brouillard sur une colline : vous ne voyez pas le fond de
# la vallée, mais vous sentez la pente sous vos pieds. Vous faites un pas vers le bas, vous
# regardez à nouveau la pente, et vous recommencez.
#
# Nous reprenons le problème des moindres carrés du chapitre 1 :
# $F(\mathbf{w}) = \frac{1}{n}\sum_{i=1}^n (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$, avec les trois
# exemples du cours.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### L'algorithme
#
# > **Descente de gradient** (pas d'apprentissage $\eta > 0$, nombre d'itérations $T$)
# >
# > - Choisir un point de départ $\mathbf{z}_0 \in \mathbb{R}^d$ (par exemple au hasard).
# > - Pour $t = 1, 2, \dots, T$ :
# >   - calculer le gradient $\mathbf{g}_t = \nabla F(\mathbf{z}_{t-1})$ ;
# >   - se déplacer : $\mathbf{z}_t = \mathbf{z}_{t-1} - \eta\, \mathbf{g}_t$.
# > - Renvoyer $\mathbf{z}_T$.
#
# Le **pas d'apprentissage** $\eta$ (on dit aussi *taux d'apprentissage* ; en anglais *learning
# rate*) règle la longueur de chaque déplacement : à chaque itération, on va d'autant plus loin
# dans la direction de $-\mathbf{g}_t$ que $\eta$ est grand.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Une trajectoire de $T + 1$ points
#
# Pour dessiner le chemin parcouru, `gradient_descent(F, w0, eta, T)` renvoie **toute la
# trajectoire** $\mathbf{z}_0, \mathbf{z}_1, \dots, \mathbf{z}_T$ : $T$ itérations donnent
# $T + 1$ points, départ compris (un tableau de forme `(T + 1, 2)`).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : la descente de gradient
#
# Écrivez `descente_de_gradient(grad, w0, eta, T)`, qui renvoie la trajectoire
# $\mathbf{z}_0, \mathbf{z}_1, \dots, \mathbf{z}_T$ en tableau numpy de forme $(T + 1, d)$.
# `grad` est une fonction : `grad(z)` renvoie $\nabla F(\mathbf{z})$. `w0` est le départ
# $\mathbf{z}_0$ (forme $(d,)$) : votre fonction ne doit pas le modifier.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def descente_de_gradient(grad, w0, eta, T):
    # VOTRE CODE ICI : renvoyer z_0, ..., z_T, de forme (T + 1, d)
    ...


check("2.1", descente_de_gradient)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def descente_de_gradient(grad, w0, eta, T):
    z = np.array(w0, dtype=float)  # une copie : w0 reste intact
    trajectoire = [z]
    for _ in range(T):
        z = z - eta * grad(z)  # un nouveau tableau à chaque itération
        trajectoire.append(z)
    return np.array(trajectoire)


check("2.1", descente_de_gradient)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Trois valeurs de $\eta$, trois comportements
#
# Partons de $\mathbf{z}_0 = (-7\,;\,7)$ et faisons $T = 20$ itérations, avec trois valeurs de
# $\eta$.
# Chaque figure montre, à gauche, la **trajectoire** sur les courbes de niveau et, à droite, la
# **courbe d'apprentissage** : la valeur $F(\mathbf{z}_t)$ à chaque itération $t$ (échelle
# logarithmique).

# %% slideshow={"slide_type": "skip"}
w0 = np.array([-7.0, 7.0])
T = 20
runs = {eta: gradient_descent(F, w0, eta, T) for eta in (0.4, 0.1, 0.5)}

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, _ = plot_run(F, {"$\\eta = 0{,}4$": runs[0.4]}, colors=[COLORS[0]], log=True,
                  title="Trajectoire, $\\eta = 0{,}4$, $T = 20$")
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}4$, la trajectoire zigzague un peu mais atteint le minimum en une quinzaine
# d'itérations : $F(\mathbf{z}_t)$ chute jusqu'à la valeur minimale $F(\mathbf{w}^*)$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, _ = plot_run(F, {"$\\eta = 0{,}1$": runs[0.1]}, colors=[COLORS[1]], log=True,
                  title="Trajectoire, $\\eta = 0{,}1$, $T = 20$")
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}1$, chaque déplacement est prudent : la trajectoire est régulière, mais
# 20 itérations ne suffisent pas pour arriver au fond de la vallée.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, _ = plot_run(F, {"$\\eta = 0{,}5$": runs[0.5]}, colors=[COLORS[2]], log=True,
                  title="Trajectoire, $\\eta = 0{,}5$, $T = 20$", curve_legend_loc="center left")
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}5$, les déplacements sont trop longs : la trajectoire saute d'un bord à l'autre
# de la vallée, toujours un peu plus loin, et $F(\mathbf{z}_t)$ finit par **augmenter**.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Où en est-on après 20 itérations ?

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
print(f"w* = {point(w_star, fixed=4)},  F(w*) = {number(F.value(w_star), fixed=4)}")
for eta, Z in runs.items():
    z_T = Z[-1]
    print(f"η = {number(eta)} : z_T = {point(z_T, fixed=4)},  F(z_T) = {number(F.value(z_T), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Plusieurs départs au hasard
#
# Tirons quatre points de départ au hasard (avec une graine fixe, pour que la figure soit
# reproductible) et lançons la descente avec $\eta = 0{,}4$ et $T = 20$ depuis chacun. Un seul
# appel suffit : `gradient_descent` accepte un lot de départs de forme `(4, 2)` (un départ par
# ligne) et renvoie un tableau de forme `(T + 1, 4, 2)`.

# %% slideshow={"slide_type": "-"}
rng = np.random.default_rng(60)
W0 = rng.uniform(-7.5, 7.5, size=(4, 2))  # quatre départs au hasard
Z_batch = gradient_descent(F, W0, 0.4, T)
Z_batch.shape

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, title="Quatre départs au hasard, $\\eta = 0{,}4$, $T = 20$")
for b in range(W0.shape[0]):
    label = f"départ {b + 1}"
    plot_trajectory(ax, Z_batch[:, b], color=COLORS[b])
    plot_learning_curve(axc, F, Z_batch[:, b], color=COLORS[b], label=label, log=True)
legend_f_star_last(axc, loc="upper right")  # la droite F(w*) en dernier dans la légende
axc.set_title("Courbes d'apprentissage (mêmes couleurs)")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Quel que soit le départ, la trajectoire rejoint le même point $\mathbf{w}^*$. C'est la promesse
# du chapitre 1 : $F$ est même **strictement** convexe (son graphe passe strictement sous chacune
# de ses cordes ; pour une fonction quadratique comme la nôtre, cela revient à $\mu > 0$, une
# condition que nous verrons plus loin), elle n'a donc qu'un seul minimum.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Ce que voit le modèle
#
# Chaque point $\mathbf{z}_t$ de la trajectoire est un prédicteur. Suivons ses trois sorties
# $\mathbf{z}_t\cdot\mathbf{x}_i$ (une par exemple) au fil des itérations, à côté des cibles
# $y_i$ (en pointillés). En haut, les trajectoires ; en bas, les sorties du modèle, pour
# $\eta = 0{,}1$, $0{,}4$ et $0{,}5$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(2, 3, figsize=(11, 4.5), layout="constrained")
for col, eta in enumerate((0.1, 0.4, 0.5)):
    plot_contour(axes[0, col], F, title=f"$\\eta = {number(eta, tex=True)}$")
    plot_trajectory(axes[0, col], runs[eta], color=COLORS[3])
    plot_model_outputs(axes[1, col], F, runs[eta])
    axes[1, col].get_legend().remove()
fig.legend(*axes[1, 0].get_legend_handles_labels(), loc="outside right center")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}4$, les trois sorties se stabilisent vite : elles ne touchent pas exactement
# les cibles (aucun $\mathbf{w}$ ne le peut), mais elles atteignent le meilleur compromis.
# Avec $\eta = 0{,}1$, elles s'en approchent lentement ; avec $\eta = 0{,}5$, elles oscillent de
# plus en plus fort.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi $\eta = 0{,}5$ échoue-t-il ? D'abord en une dimension
#
# Commençons par le cas le plus simple : un seul paramètre $w$ (un nombre) et la parabole
#
# $$F(w) = \frac{a}{2}\, w^2, \qquad a > 0 .$$
#
# Son minimum est en $w = 0$. Le nombre $a$ est sa **courbure** (c'est la dérivée seconde,
# $F''(w) = a$) : plus $a$ est grand, plus la parabole est étroite et ses bords raides. La
# dérivée vaut $F'(w) = a\,w$, donc une itération de la descente de gradient, partie de
# $z_0$, donne
#
# $$z_t = z_{t-1} - \eta\, a\, z_{t-1} = (1 - \eta a)\, z_{t-1},
# \qquad\text{d'où}\qquad z_t = (1 - \eta a)^t\, z_0 .$$
#
# Le minimum étant en $0$, $z_t$ est aussi l'écart au minimum : chaque itération le
# **multiplie** par le même facteur $1 - \eta a$. Tout dépend de lui :

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le facteur $1 - \eta a$
#
# | pas $\eta$ | facteur $1 - \eta a$ | ce que fait $z_t$ |
# |---|---|---|
# | $0 < \eta < 1/a$ | entre $0$ et $1$ | rétrécit sans changer de signe : il glisse vers $0$ |
# | $\eta = 1/a$ | $0$ | $z_1 = 0$ : le minimum en **une** itération |
# | $1/a < \eta < 2/a$ | entre $-1$ et $0$ | change de signe à chaque itération (zigzag) et rétrécit |
# | $\eta = 2/a$ | $-1$ | rebondit entre $z_0$ et $-z_0$ sans fin |
# | $\eta > 2/a$ | moins de $-1$ | change de signe **et grandit** : la descente diverge |
#
# La descente converge donc si et seulement si $0 < \eta < 2/a$, et le pas le plus rapide est
# $\eta = 1/a$. Plus la parabole est courbée, plus le pas doit être petit.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de régler le pas, en une dimension
#
# Le curseur « courbure a » règle la parabole, le curseur « pas η » le pas. À gauche, les
# itérés $z_0, z_1, \dots, z_T$ posés sur la parabole ; à droite, $z_t$ au fil des itérations.
# Un clic sur la parabole déplace le départ $z_0$.

# %% slideshow={"slide_type": "slide"}
Explorer1D(a=1.0, eta=0.3, T=15, w0=2.0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Avec $a = 1$, montez « pas η » de 0,3 à 2,2. Pour quel $\eta$ le premier itéré tombe-t-il
#    exactement sur le minimum ? À partir de quel $\eta$ $z_t$ change-t-il de signe à chaque
#    itération ? Que se passe-t-il à $\eta = 2$, puis au-delà ?
#
# <details><summary>Réponse</summary>
#
# À $\eta = 1$ ($= 1/a$), le facteur vaut $0$ : $z_1 = 0$, le minimum est atteint en une seule
# itération. Au-delà de $1$, le facteur est négatif : $z_t$ saute d'un côté à l'autre du
# minimum (zigzag) tout en s'en approchant. À $\eta = 2$, le facteur vaut $-1$ : $z_t$ rebondit
# entre $2$ et $-2$ sans fin. Au-delà de $2$, $|z_t|$ grandit à chaque itération : à
# $\eta = 2{,}2$, il est multiplié par $1{,}2$, et $z_{15} \approx -30{,}8$.
#
# </details>
#
# 2. Réglez « courbure a » sur 4 : quel est le plus grand pas (au cran de 0,01) pour lequel la
#    descente converge encore ? Et le pas le plus rapide ?
#
# <details><summary>Réponse</summary>
#
# Il faut $\eta < 2/a = 0{,}5$ : le plus grand cran qui converge est $\eta = 0{,}49$ (facteur
# $-0{,}96$, la convergence est lente et zigzague) ; à $0{,}5$, $z_t$ rebondit sans fin ; à
# $0{,}51$, la descente diverge. Le pas le plus rapide est $\eta = 1/a = 0{,}25$. La courbure
# a été multipliée par 4 : le seuil $2/a$ et le pas le plus rapide $1/a$ ont été divisés par 4.
#
# </details>
#
# 3. Revenez à $a = 1$ et comparez $\eta = 0{,}1$ et $\eta = 1{,}9$ (avec « itérations T » à
#    50) : laquelle des deux descentes est la plus rapide ?
#
# <details><summary>Réponse</summary>
#
# Aucune : les facteurs valent $0{,}9$ et $-0{,}9$, donc $|z_t| = 0{,}9^t\,|z_0|$ dans les deux
# cas (22 itérations pour diviser $|z_t|$ par 10). La première glisse d'un seul côté, la seconde
# zigzague. Ce qui compte pour la vitesse est $|1 - \eta a|$, la distance du facteur à $0$.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## En deux dimensions : une parabole par direction
#
# Prenons maintenant deux paramètres et la cuvette
#
# $$F(\mathbf{w}) = \frac{\mu}{2}\, w_1^2 + \frac{L}{2}\, w_2^2, \qquad 0 < \mu \le L,$$
#
# dont le minimum est l'origine. Son gradient est $\nabla F(\mathbf{w}) = (\mu\, w_1\,;\,
# L\, w_2)$ : chaque coordonnée ne voit que sa propre parabole. La descente de gradient fait donc
# **deux descentes en une dimension à la fois**, avec le même pas $\eta$ :
#
# $$z_{t,1} = (1 - \eta\mu)\, z_{t-1,1}, \qquad z_{t,2} = (1 - \eta L)\, z_{t-1,2} .$$
#
# Elle converge si les **deux** facteurs sont entre $-1$ et $1$, c'est-à-dire si $\eta < 2/\mu$
# et $\eta < 2/L$ : c'est la courbure la plus forte, $L$, qui impose $\eta < 2/L$. Ci-dessous,
# $\mu \approx 0{,}80$ et $L \approx 4{,}03$ (nous verrons pourquoi ces nombres dans un instant)
# et $\eta = 0{,}4$ : les facteurs valent environ $0{,}68$ le long de $w_1$ ($1 - \eta\mu$)
# et $-0{,}61$ le long de $w_2$ ($1 - \eta L$).

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
bowl = Quadratic.from_condition_number(F.condition_number, L=F.L)  # H = diag(μ, L)
Z_bowl = gradient_descent(bowl, (-2.5, 2.0), 0.4, 12)
fig, (ax, axz) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, bowl, title="La cuvette $\\mu w_1^2/2 + L w_2^2/2$, $\\eta = 0{,}4$")
plot_trajectory(ax, Z_bowl, color=COLORS[0], label="descente de gradient")
ax.legend(loc="lower left")
t = np.arange(Z_bowl.shape[0])
for k, (lam, name) in enumerate(((F.mu, "\\mu"), (F.L, "L"))):
    factor = number(1 - 0.4 * lam, 2, tex=True)
    axz.plot(t, Z_bowl[:, k], "-o", color=COLORS[1 + k], ms=4,
             label=f"$z_{{t,{k + 1}}}$ : facteur $1 - \\eta {name} \\approx {factor}$")
axz.axhline(0, color="gray", lw=1, ls="--")
axz.set_xlabel("itération $t$")
axz.set_ylabel("coordonnée de $\\mathbf{z}_t$")
axz.set_title("Les deux coordonnées au fil des itérations")
axz.grid(True, alpha=0.3)
axz.legend(loc="upper right")
french_axes(axz)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Le long de $w_1$ (faible courbure $\mu$), la trajectoire glisse lentement vers le minimum ; le
# long de $w_2$ (forte courbure $L$), elle saute d'un bord à l'autre : le zigzag du début du
# chapitre vient de là.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Notre fonction : une cuvette inclinée
#
# Pour les moindres carrés, le gradient est une fonction **affine** de $\mathbf{w}$ :
#
# $$\nabla F(\mathbf{w}) = \frac{2}{n}\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})
# = \mathbf{H}\,(\mathbf{w} - \mathbf{w}^*), \qquad
# \mathbf{H} = \frac{2}{n}\mathbf{X}^\top\mathbf{X} ;$$
#
# la seconde égalité vient des équations normales
# $\mathbf{X}^\top\mathbf{X}\,\mathbf{w}^* = \mathbf{X}^\top\mathbf{y}$ du chapitre 1. C'est la
# version à deux dimensions de $F'(w) = a\,w$ : le nombre $a$ devient une matrice $2 \times 2$,
# la **hessienne** $\mathbf{H}$ de $F$ (le tableau de ses dérivées secondes
# $\partial^2 F/\partial w_j \partial w_k$, constant ici). Ses coefficients hors de la diagonale
# mélangent $w_1$ et $w_2$ : la cuvette est **inclinée**, et les coordonnées ne descendent plus
# chacune de leur côté.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Les directions propres
#
# Il existe pourtant deux directions perpendiculaires, les **axes de la cuvette**, où tout
# redevient simple. Si l'on s'écarte de $\mathbf{w}^*$ le long de l'une d'elles, disons d'un
# vecteur $\mathbf{u}$, le gradient en $\mathbf{w}^* + \mathbf{u}$, qui vaut
# $\mathbf{H}\mathbf{u}$, est parallèle à $\mathbf{u}$ : $-\nabla F$ pointe droit vers le
# minimum. Autrement dit, $\mathbf{H}$ agit sur $\mathbf{u}$ comme un simple nombre
# $\lambda$ :
#
# $$\mathbf{H}\,\mathbf{u} = \lambda\, \mathbf{u} .$$
#
# On dit que $\mathbf{u}$ est une **direction propre** (ou vecteur propre) de $\mathbf{H}$ et
# $\lambda$ la **valeur propre** associée : c'est la courbure de $F$ le long de cet axe.
# $\mathbf{H}$ étant symétrique, elle a deux directions propres perpendiculaires ; on note
# $\mu$ la plus petite valeur propre (l'axe de la vallée, en pente douce) et $L$ la plus grande
# (l'axe des bords raides). `np.linalg.eigh(H)` calcule les deux.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
eigenvalues, directions = np.linalg.eigh(F.hessian())  # colonnes : u_μ, puis u_L
fig, ax = plt.subplots(figsize=(6.4, 5.2), layout="constrained")
plot_contour(ax, F, title="Les axes de la cuvette et la trajectoire $\\eta = 0{,}4$")
plot_trajectory(ax, runs[0.4], color=COLORS[0], label="$\\eta = 0{,}4$")
for k, (name, color, side) in enumerate((("\\mu", COLORS[1], -1), ("L", COLORS[2], 1))):
    u = directions[:, k] * side * np.sign(directions[1, k])  # vers le bas, vers le haut
    ax.annotate("", xy=w_star + 4 * u, xytext=w_star,
                arrowprops=dict(arrowstyle="-|>", color=color, lw=2.5))
    lam = number(eigenvalues[k], 3, tex=True)
    ax.text(*(w_star + 4.6 * u), f"$\\lambda = {name} \\approx {lam}$", color=color,
            fontsize=11, ha="center", va="center",
            bbox=dict(boxstyle="round", fc="white", ec=color, alpha=0.9))
ax.legend(loc="lower left")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Vue dans le repère de ces deux axes (centré en $\mathbf{w}^*$), notre cuvette est exactement
# celle de la figure précédente.
# L'écart au minimum $\boldsymbol{\delta}_t = \mathbf{z}_t - \mathbf{w}^*$ suit
#
# $$\boldsymbol{\delta}_t = \boldsymbol{\delta}_{t-1} - \eta\,\mathbf{H}\,\boldsymbol{\delta}_{t-1}
# = (\mathbf{I} - \eta\,\mathbf{H})\,\boldsymbol{\delta}_{t-1},$$
#
# et, le long de la direction propre de valeur propre $\lambda$, il est **multiplié par**
# $1 - \eta\lambda$ à chaque itération, comme en une dimension. La trajectoire ci-dessus
# zigzague le long de l'axe de $L$ et glisse le long de l'axe de $\mu$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le seuil de stabilité et le meilleur pas constant
#
# Il faut $|1 - \eta\lambda| < 1$ pour $\lambda = \mu$ **et** $\lambda = L$, c'est-à-dire
# $\eta < 2/L$ : c'est le **seuil de stabilité**. Au-delà, l'écart grandit le long de l'axe
# de $L$, et la descente diverge depuis presque tous les départs.
#
# La convergence est dictée par la direction la plus lente, celle où
# $\max\left(|1 - \eta\mu|,\ |1 - \eta L|\right)$ est atteint. Augmenter $\eta$ accélère la
# direction de $\mu$ mais agite celle de $L$ ; le meilleur compromis égalise les deux facteurs :
#
# $$1 - \eta\mu = \eta L - 1 \iff \eta = \frac{2}{L + \mu}, \qquad
# \text{facteur } \frac{L - \mu}{L + \mu} \text{ à chaque itération.}$$
#
# Calculons ces nombres pour nos données.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
H = F.hessian()
print("H = (2/n) XᵀX =")
for row in H:
    print("   ", "   ".join(number(h, fixed=4) for h in row))
print(f"L = {number(F.L, fixed=4)},  μ = {number(F.mu, fixed=4)}")
print(f"seuil de stabilité 2/L = {number(F.stability_threshold, fixed=4)}")
print(f"meilleur pas constant 2/(L + μ) = {number(F.optimal_step, fixed=4)}")
print(f"facteur par itération (L − μ)/(L + μ) = {number((F.L - F.mu) / (F.L + F.mu), fixed=4)}")
for eta in (0.1, 0.4, 0.5):
    print(f"η = {number(eta)} : |1 − ημ| = {number(abs(1 - eta * F.mu), fixed=4)},  "
          f"|1 − ηL| = {number(abs(1 - eta * F.L), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}5 > 2/L$, l'écart le long de la direction de $L$ est multiplié par
# $1 - \eta L \approx -1{,}017$ à chaque itération : il change de signe (le zigzag) et grandit
# lentement, de 1,7 % par itération. Avec $\eta = 0{,}1$, la direction de $\mu$ ne rétrécit que
# de 8 % par itération (facteur $0{,}920$) : c'est pourquoi 20 itérations ne suffisent pas. Le
# pas $\eta = 0{,}4$ est tout proche du meilleur pas $2/(L+\mu) \approx 0{,}414$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le seuil de stabilité
#
# Écrivez `seuil_de_stabilite(H)`, qui renvoie le seuil $2/L$ pour une matrice $\mathbf{H}$
# symétrique définie positive, $L$ étant sa plus grande valeur propre. Indice :
# `np.linalg.eigvalsh(H)` renvoie les valeurs propres d'une matrice symétrique, par ordre
# croissant.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def seuil_de_stabilite(H):
    # VOTRE CODE ICI : renvoyer 2/L, un nombre
    ...


check("2.2", seuil_de_stabilite)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def seuil_de_stabilite(H):
    L = np.linalg.eigvalsh(H)[-1]  # la plus grande valeur propre
    return 2 / L


check("2.2", seuil_de_stabilite)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Combien d'itérations pour converger ?
#
# Pour une grille de pas $\eta$ entre $0{,}01$ et $0{,}55$, comptons les itérations nécessaires
# pour que $\|\mathbf{z}_t - \mathbf{w}^*\| < 10^{-3}$, toujours depuis $(-7\,;\,7)$. On boucle
# sur les valeurs de $\eta$ (une descente par valeur). La courbe grise est la prédiction de
# l'analyse : le nombre d'itérations pour que le facteur $\max(|1 - \eta\mu|, |1 - \eta L|)^t$
# ramène l'écart initial sous $10^{-3}$.

# %% slideshow={"slide_type": "subslide"}
etas = np.geomspace(0.01, 0.55, 60)
T_long = 1500
tol = 1e-3
steps_needed = np.full(etas.shape, np.nan)  # NaN : pas de convergence en T_long itérations
for k, eta in enumerate(etas):
    Z = gradient_descent(F, w0, eta, T_long)
    close = np.linalg.norm(Z - w_star, axis=-1) < tol  # vrai aux itérations assez proches
    if close.any():
        steps_needed[k] = np.argmax(close)  # la première d'entre elles

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
best = np.nanargmin(steps_needed)
print(f"le plus rapide sur la grille : η = {number(etas[best], fixed=3)}, "
      f"en {steps_needed[best]:.0f} itérations")
print(f"meilleur pas théorique 2/(L + μ) = {number(F.optimal_step, fixed=3)}")
no_convergence = np.all(np.isnan(steps_needed[etas > F.stability_threshold]))
print("aucune convergence au-delà de 2/L :", "oui" if no_convergence else "non")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
eta_fine = np.geomspace(0.01, F.stability_threshold, 400, endpoint=False)
rate = gradient_descent_rate(eta_fine, [F.mu, F.L])
predicted = np.log(tol / np.linalg.norm(w0 - w_star)) / np.log(rate)

fig, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
failed = np.isnan(steps_needed)
ax.plot(eta_fine, predicted, color="gray", lw=1.5, label="prédiction de l'analyse")
ax.plot(etas, steps_needed, "o", color=COLORS[0], ms=5, label="descente de gradient (mesuré)")
ax.plot(etas[failed], np.full(failed.sum(), 0.8 * T_long), "x", color=ALARM, ms=8, mew=2,
        label=f"pas de convergence en {T_long} itérations")
ax.axvspan(F.stability_threshold, 0.58, color=ALARM, alpha=0.12)
ax.axvline(F.optimal_step, color=COLORS[2], ls="--",
           label=f"meilleur pas $2/(L+\\mu) \\approx {number(F.optimal_step, fixed=3, tex=True)}$")
ax.axvline(F.stability_threshold, color=ALARM, ls="--",
           label=f"seuil de stabilité $2/L \\approx {number(F.stability_threshold, fixed=3, tex=True)}$")
ax.text(0.537, 60, "ne converge pas", color=ALARM, rotation=90, ha="center", va="center",
        fontsize=10)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlim(0.01, 0.58)
ax.set_ylim(10, T_long)
ticks = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5]
ax.set_xticks(ticks, [number(v) for v in ticks])
ax.minorticks_off()
ax.set_xlabel("pas $\\eta$")
ax.set_ylabel("itérations jusqu'à $\\|\\mathbf{z}_t - \\mathbf{w}^*\\| < 10^{-3}$")
ax.set_title(f"Nombre d'itérations nécessaires selon le pas, départ ${point(w0, tex=True)}$")
ax.grid(True, which="major", alpha=0.3)
ax.legend(loc="lower left", fontsize=9)
french_axes(ax)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Trop petit, le pas fait avancer lentement ; trop grand, il fait zigzaguer puis diverger. Le
# minimum de la courbe se trouve près de $2/(L+\mu)$, et le nombre d'itérations explose quand
# $\eta$ s'approche de $2/L$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À vous de régler le pas
#
# L'explorateur relance la descente de gradient à chaque mouvement d'un curseur. La ligne sous
# la figure rappelle $2/L$ et $2/(L+\mu)$, et donne $F(\mathbf{z}_T)$ et la distance à
# $\mathbf{w}^*$. Le curseur « étape t » (ou le bouton ▶) rejoue la trajectoire, une itération
# après l'autre.

# %% slideshow={"slide_type": "slide"}
Explorer(F, method="gd")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Avec le curseur « pas η » et $T = 20$, trouvez le pas qui donne la plus petite distance à
#    $\mathbf{w}^*$. Est-il proche de $2/(L+\mu)$ ?
#
# <details><summary>Réponse</summary>
#
# Le meilleur cran est $\eta \approx 0{,}4189$, à une distance d'environ $0{,}0042$ de
# $\mathbf{w}^*$ (les crans voisins, $0{,}4093$ et $0{,}4286$, donnent $0{,}0047$ et
# $0{,}0064$). C'est tout près de $2/(L+\mu) \approx 0{,}4138$ : le pas qui égalise les deux
# facteurs est aussi, en pratique, le plus rapide.
#
# </details>
#
# 2. Montez « pas η » cran par cran, d'environ 0,45 à environ 0,6, en franchissant
#    $2/L \approx 0{,}4957$ (entre les crans 0,4921 et 0,5036) : que devient la courbe
#    d'apprentissage ? Que dit la ligne sous la figure vers 0,6 ?
#
# <details><summary>Réponse</summary>
#
# Jusqu'à $0{,}4921$, la courbe descend à chaque itération, de plus en plus lentement
# ($F(\mathbf{z}_{20}) \approx 11{,}1$ à ce cran). Dès $0{,}5036$, au-delà de $2/L$, elle
# descend puis **remonte** : $F$ est au plus bas à l'itération 4 ($\approx 26{,}7$) et vaut
# $\approx 69{,}7$ à $t = 20$ : l'écart le long de l'axe de $L$ grandit. Vers 0,6 (cran
# $0{,}6054$), la ligne d'état passe au rouge : $F(\mathbf{z}_T) \approx 4{,}6 \times 10^7$ est
# plus grand que $F(\mathbf{z}_0) = 85{,}75$, la méthode s'éloigne du minimum.
#
# </details>
#
# 3. Réglez « pas η » au plus près de 0,1 (le cran 0,1005) puis augmentez « itérations T » : à
#    partir de combien d'itérations la distance à $\mathbf{w}^*$ (sous la figure) passe-t-elle
#    sous 0,01 ? Combien en faut-il avec $\eta = 0{,}4$ ?
#
# <details><summary>Réponse</summary>
#
# Il faut 86 itérations au cran $0{,}1005$, contre 19 à $\eta = 0{,}4$ : un pas quatre fois plus
# petit coûte ici plus de quatre fois plus d'itérations.
#
# </details>
#
# 4. Cliquez sur les courbes de niveau pour déplacer le départ (ou utilisez « départ w₁ » et
#    « départ w₂ ») : avec $\eta \approx 0{,}45$, trouvez un départ d'où la trajectoire ne zigzague
#    presque pas. Dans quelle direction se trouve-t-il par rapport à $\mathbf{w}^*$ ?
#
# <details><summary>Réponse</summary>
#
# Un départ sur l'axe de la vallée, la direction propre de $\mu$ qui passe par $\mathbf{w}^*$,
# par exemple $(0\,;\,0{,}45)$ : l'écart n'y a presque pas de composante le long de l'axe de
# $L$, la seule qui zigzague ($1 - \eta L < 0$). La trajectoire glisse alors en ligne droite
# vers $\mathbf{w}^*$ (facteur $1 - \eta\mu \approx 0{,}64$ au cran $0{,}4488$).
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le conditionnement
#
# Au meilleur pas constant, les deux directions avancent au même rythme : l'écart est multiplié
# (au plus) par
#
# $$\frac{L - \mu}{L + \mu} = \frac{\kappa - 1}{\kappa + 1}
# \quad\text{à chaque itération, avec}\quad \kappa = \frac{L}{\mu} .$$
#
# Le nombre $\kappa \ge 1$ est le **conditionnement** de $F$ : le rapport entre la courbure la
# plus forte et la plus faible. Il mesure à quel point la cuvette est étirée ; seul lui compte
# pour la vitesse au meilleur pas. $\kappa = 1$ : une cuvette ronde, où le gradient pointe droit
# vers le minimum, atteint en une itération. $\kappa$ grand : une vallée longue et étroite, où
# le facteur est proche de 1.
#
# Pour nos données, $\kappa \approx 5{,}05$ et le facteur vaut $0{,}6695$ : il faut 6
# itérations pour diviser l'écart par 10, et 18 pour le diviser par 1000.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
kappa = F.condition_number
factor = contraction_factor(kappa)
print(f"κ = L/μ = {number(kappa, fixed=4)}")
print(f"facteur (κ − 1)/(κ + 1) = {number(factor, fixed=4)}")
for k in (10, 1000):
    print(f"itérations pour diviser l'écart par {k} : {iterations_to_divide(factor, k)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Étirer la cuvette
#
# Le curseur « conditionnement κ » étire la cuvette $\frac{\mu}{2} w_1^2 + \frac{L}{2} w_2^2$
# (avec $L = 1$ et $\mu = 1/\kappa$), parcourue par la descente de gradient à son meilleur pas
# constant $2/(L+\mu)$. À droite, la distance au minimum au fil des itérations (échelle
# logarithmique) et la prédiction $\rho^t\,\|\mathbf{z}_0 - \mathbf{w}^*\|$, avec
# $\rho = (\kappa - 1)/(\kappa + 1)$. Un clic sur les courbes de niveau déplace le départ.

# %% slideshow={"slide_type": "slide"}
FamilyExplorer(Quadratic.from_condition_number, values=(1, 100, 1), value=5, symbol="κ",
               description="conditionnement κ", T=30)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Réglez « conditionnement κ » sur 1 : que fait la descente ? Pourquoi ?
#
# <details><summary>Réponse</summary>
#
# Elle atteint le minimum en **une** itération. La cuvette est ronde ($\mu = L = 1$) : le
# gradient pointe droit vers le minimum, et le meilleur pas $2/(L+\mu) = 1 = 1/L$ est
# exactement le pas le plus rapide de chaque direction.
#
# </details>
#
# 2. Passez à $\kappa = 2$, $5$, $10$, puis $100$, en notant sous la figure le nombre
#    d'itérations pour diviser l'écart par 10. Comment grandit-il avec $\kappa$ ?
#
# <details><summary>Réponse</summary>
#
# 3, 6, 12 puis 116 itérations : à peu près **proportionnel** à $\kappa$ (environ
# $1{,}15\,\kappa$ pour $\kappa$ grand, car $\ln 10 / 2 \approx 1{,}15$). Une vallée 100 fois plus
# étirée qu'une cuvette ronde coûte une centaine de fois plus d'itérations.
#
# </details>
#
# 3. À $\kappa = 100$, la trajectoire fait de grands sauts d'un bord à l'autre de la vallée
#    (le long de $w_2$) mais avance à peine le long de la vallée (le long de $w_1$). Expliquez
#    les deux avec les facteurs $1 - \eta\lambda$.
#
# <details><summary>Réponse</summary>
#
# Le pas vaut $\eta = 2/(1 + 0{,}01) \approx 1{,}98$. Le long de $w_2$ (courbure $L = 1$), le
# facteur est $1 - \eta L \approx -0{,}98$ : $z_{t,2}$ change de signe à chaque itération et ne
# rétrécit que de 2 %. Le long de $w_1$ (courbure $\mu = 0{,}01$), le facteur est
# $1 - \eta\mu \approx 0{,}98$ : $z_{t,1}$ ne rétrécit, lui aussi, que de 2 % par itération.
# Un pas plus petit calmerait les sauts, mais ralentirait encore la glissade le long de la
# vallée.
#
# </details>

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le conditionnement
#
# Écrivez `conditionnement(H)`, qui renvoie $\kappa = L/\mu$ pour une matrice $\mathbf{H}$
# symétrique définie positive ($L$ et $\mu$ : sa plus grande et sa plus petite valeur propre).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def conditionnement(H):
    # VOTRE CODE ICI : renvoyer κ = L/μ, un nombre
    ...


check("2.3", conditionnement)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def conditionnement(H):
    valeurs_propres = np.linalg.eigvalsh(H)  # par ordre croissant
    return valeurs_propres[-1] / valeurs_propres[0]


check("2.3", conditionnement)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Un remède : changer d'unité
#
# Le conditionnement dépend des **unités** dans lesquelles on mesure les variables. Nos deux
# colonnes n'ont pas la même taille : leurs moyennes quadratiques valent
# $s_1 = \sqrt{(1^2 + 0^2 + 2^2)/3} \approx 1{,}29$ et
# $s_2 = \sqrt{(1^2 + (-1)^2 + 0{,}5^2)/3} \approx 0{,}87$. Divisons chaque colonne par la
# sienne : $x'_{i,j} = x_{i,j}/s_j$. C'est un simple **changement d'unité** (comme passer des
# mètres aux centimètres) : le modèle $\mathbf{w}'\cdot\mathbf{x}'$ avec $w'_j = s_j\,w_j$
# donne exactement les mêmes prédictions que $\mathbf{w}\cdot\mathbf{x}$. Les prédictions
# possibles sont les mêmes, donc le minimum de $F$ aussi ; seule la forme de la cuvette change.
# `standardize(X, center=False)` fait ce changement d'unité.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
X_unit, _, scale = standardize(X, center=False)  # chaque colonne divisée par s_j
F_unit = LeastSquares(X_unit, y)
print(f"s = {point(scale, fixed=4)}")
for name, G in (("unités d'origine", F), ("après le changement d'unité", F_unit)):
    w_min = G.minimizer()
    q = contraction_factor(G.condition_number)
    print(f"{name} : κ = {number(G.condition_number, fixed=3)}, "
          f"min F = {number(G.value(w_min), fixed=4)}, "
          f"prédictions {point(G.X @ w_min, fixed=4)}, "
          f"÷1000 en {iterations_to_divide(q, 1000)} itérations")

# %% [markdown] slideshow={"slide_type": "-"}
# Le conditionnement passe de $5{,}052$ à $3{,}954$, avec les mêmes prédictions et le même
# minimum $F(\mathbf{w}^*) \approx 0{,}0115$ : au meilleur pas, il faut 14 itérations au lieu de
# 18 pour diviser l'écart par 1000.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(1, 3, figsize=(12, 4.0), layout="constrained",
                         gridspec_kw={"width_ratios": [1, 1, 1.15]})
starts = {"unités d'origine": w0, "après le changement d'unité": w0 * scale}  # w' = s w
for k, (name, G) in enumerate((("unités d'origine", F), ("après le changement d'unité",
                                                           F_unit))):
    Z = gradient_descent(G, starts[name], G.optimal_step, 20)
    kappa_text = number(G.condition_number, 3, tex=True)
    plot_contour(axes[k], G, region=(-10, 10, -10, 10),
                 title=f"{name}, $\\kappa \\approx {kappa_text}$")
    plot_trajectory(axes[k], Z, color=COLORS[k], label="meilleur pas $2/(L+\\mu)$")
    axes[k].legend(loc="lower left", fontsize=9)
    distance = np.linalg.norm(Z - G.minimizer(), axis=-1)
    axes[2].semilogy(np.arange(21), distance, "-o", color=COLORS[k], ms=4,
                     label=f"{name} ($\\kappa \\approx {kappa_text}$)")
axes[1].set_xlabel("$w'_1$")
axes[1].set_ylabel("$w'_2$")
axes[2].set_xlabel("itération $t$")
axes[2].set_ylabel("$\\|\\mathbf{z}_t - \\mathbf{w}^*\\|$")
axes[2].set_title("Distance au minimum")
axes[2].grid(True, which="major", alpha=0.3)
axes[2].legend(loc="upper right", fontsize=9)
french_axes(axes[2])
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# La cuvette de droite est moins étirée ; au meilleur pas, la distance au minimum baisse plus
# vite. (Les deux départs sont le même prédicteur, écrit dans les deux unités.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Et la standardisation habituelle ?
#
# On lit souvent qu'il faut **standardiser** les variables : retrancher à chaque colonne sa
# moyenne, puis diviser par son écart type (`standardize(X)`). Retrancher la moyenne $m_j$
# change le modèle : $\mathbf{w}\cdot(\mathbf{x} - \mathbf{m})$ contient le terme constant
# $-\mathbf{w}\cdot\mathbf{m}$, que notre modèle **sans biais** ne peut pas compenser. Les
# prédictions possibles ne sont plus les mêmes : ici, le minimum de $F$ passe de $0{,}0115$ à
# $1{,}78$, et le conditionnement ne s'améliore même pas ($\kappa \approx 6{,}16$). Centrer les
# variables demande un **biais**, un terme constant $b$ dans le modèle
# $\mathbf{w}\cdot\mathbf{x} + b$ : c'est ce que fera le chapitre 7, avec une colonne de 1
# ajoutée à $\mathbf{X}$.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
X_centered, shift, _ = standardize(X)  # centrer, puis diviser par l'écart type
F_centered = LeastSquares(X_centered, y)
print(f"moyennes retranchées : {point(shift, fixed=4)}")
print(f"centré, sans biais : κ = {number(F_centered.condition_number, fixed=3)}, "
      f"min F = {number(F_centered.value(F_centered.minimizer()), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Après le changement d'unité, le minimiseur vaut $\mathbf{w}'^* \approx (2{,}27\,;\,
#    -2{,}51)$, et non $\mathbf{w}^* \approx (1{,}76\,;\,-2{,}90)$. Comment passer de l'un à
#    l'autre ? Pourquoi $F$ a-t-il pourtant le même minimum ?
#
# <details><summary>Réponse</summary>
#
# $w'^*_j = s_j\, w^*_j$ : $1{,}291 \times 1{,}759 \approx 2{,}270$ et
# $0{,}866 \times (-2{,}897) \approx -2{,}508$. Les deux poids décrivent le même prédicteur
# (mêmes prédictions $\approx (-1{,}14\,;\,2{,}90\,;\,2{,}07)$ sur les trois exemples), donc les
# mêmes écarts aux cibles et la même valeur $F \approx 0{,}0115$.
#
# </details>
#
# 2. Supposons qu'on mesure $x_1$ dans une unité dix fois plus petite (les nombres de la
#    première colonne sont multipliés par 10). Que devient $\kappa$ ? Combien d'itérations
#    faudrait-il alors, au meilleur pas, pour diviser l'écart par 10 ?
#
# <details><summary>Réponse</summary>
#
# $\kappa$ passe de $5{,}05$ à environ $346$ (la courbure le long de $w_1$ est multipliée par
# 100), et il faudrait 399 itérations au lieu de 6 pour diviser l'écart par 10. Le choix des
# unités peut coûter très cher : c'est pourquoi on met les variables à la même échelle.
#
# </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - La descente de gradient répète $\mathbf{z}_t = \mathbf{z}_{t-1} - \eta\,\nabla F(\mathbf{z}_{t-1})$ ;
#   $T$ itérations donnent $T + 1$ points $\mathbf{z}_0, \dots, \mathbf{z}_T$.
# - En une dimension, sur $F(w) = a\,w^2/2$, chaque itération multiplie $w$ par $1 - \eta a$ :
#   la descente converge si et seulement si $0 < \eta < 2/a$, et $\eta = 1/a$ est le pas le plus
#   rapide.
# - Pour les moindres carrés, l'écart au minimum est multiplié par $1 - \eta\lambda$ le long de
#   chaque direction propre de la hessienne $\mathbf{H} = \frac{2}{n}\mathbf{X}^\top\mathbf{X}$
#   ($\lambda$ : la valeur propre, la courbure le long de cet axe).
# - La descente converge depuis n'importe quel départ si et seulement si $\eta < 2/L$ ; le
#   meilleur pas constant est $2/(L+\mu)$ ($L$ et $\mu$ : plus grande et plus petite valeur
#   propre de $\mathbf{H}$).
# - Le conditionnement $\kappa = L/\mu$ fixe la vitesse au meilleur pas : facteur
#   $(\kappa - 1)/(\kappa + 1)$ par itération, et un nombre d'itérations à peu près
#   proportionnel à $\kappa$. Changer l'unité des variables (sans les centrer, faute de biais)
#   peut le réduire.
# - $F$ étant strictement convexe ($\mu > 0$), tous les départs mènent au même minimum
#   $\mathbf{w}^*$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - Gabriel Goh, « Why Momentum Really Works », *Distill*, 2017,
#   <https://distill.pub/2017/momentum/> (en anglais) : la même analyse, direction propre par
#   direction propre, avec des figures interactives ; elle prépare aussi le momentum du
#   chapitre 4.
