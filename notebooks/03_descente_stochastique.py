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
from course_utils import LeastSquares, linear_example, sgd
from course_utils.french import french_axes, number, point
from course_utils.optimizers import sample_indices
from course_utils.plotting import (
    COLORS,
    gradient_field_scale,
    grid_values,
    plot_contour,
    plot_gradient_field,
    plot_learning_curve,
    plot_run,
    plot_trajectories,
    plot_trajectory,
)
from course_utils.widgets import Explorer

X, y = linear_example()
F = LeastSquares(X, y)
w_star = F.minimizer()
FIELD_COLORS = (COLORS[1], COLORS[0], COLORS[3])  # une couleur par exemple, lisible sur le fond

# %% [markdown] slideshow={"slide_type": "slide"}
# # 3. La descente de gradient stochastique
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - écrire $F$ comme la moyenne d'objectifs partiels $F_i$, un par exemple ;
# - expliquer pourquoi le gradient d'un seul exemple, tiré au hasard, est un estimateur **sans
#   biais** de $\nabla F$, et pourquoi il coûte $n$ fois moins cher ;
# - énoncer l'algorithme de descente de gradient stochastique (SGD) à pas d'apprentissage
#   décroissant $\eta/\sqrt{t}$ ;
# - lire l'effet du hasard (la graine) sur une trajectoire ;
# - expliquer pourquoi un pas constant laisse la SGD s'agiter autour de $\mathbf{w}^*$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## $F$ est une moyenne
#
# Reprenons les moindres carrés des chapitres précédents. La fonction objectif est une
# **moyenne** de $n$ termes, un par exemple :
#
# $$F(\mathbf{w}) = \frac{1}{n} \sum_{i=1}^n F_i(\mathbf{w}),
# \qquad F_i(\mathbf{w}) = \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)^2 .$$
#
# L'**objectif partiel** $F_i$ ne regarde que l'exemple $i$ : c'est la perte quadratique du
# chapitre 1, l'erreur du prédicteur $\mathbf{w}$ sur ce seul exemple, au carré. Attention :
# $F_i$ ne contient **pas** le facteur $\frac{1}{n}$ ; c'est la moyenne qui l'apporte.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le gradient d'un exemple
#
# En dérivant un seul terme (même calcul qu'au chapitre 1, sans la somme) :
#
# $$\nabla F_i(\mathbf{w}) = 2\left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right) \mathbf{x}_i,
# \qquad \text{et donc} \qquad
# \nabla F(\mathbf{w}) = \frac{1}{n} \sum_{i=1}^n \nabla F_i(\mathbf{w}) .$$
#
# Remarquez que $\nabla F_i(\mathbf{w})$ est toujours **parallèle à** $\mathbf{x}_i$ : un
# exemple ne peut pousser $\mathbf{w}$ que le long de sa propre direction $\mathbf{x}_i$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le gradient d'un exemple
#
# Écrivez `gradient_partiel(w, x_i, y_i)`, qui renvoie
# $\nabla F_i(\mathbf{w}) = 2\left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right) \mathbf{x}_i$ :
# `w` et `x_i` sont des vecteurs de forme $(d,)$, `y_i` un nombre.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def gradient_partiel(w, x_i, y_i):
    # VOTRE CODE ICI : renvoyer ∇F_i(w), de forme (d,)
    ...


check("3.1", gradient_partiel)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def gradient_partiel(w, x_i, y_i):
    return 2 * (w @ x_i - y_i) * x_i


check("3.1", gradient_partiel)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi un gradient stochastique ?
#
# **Le coût.** Calculer $\nabla F(\mathbf{w})$ demande de parcourir les $n$ exemples. Avec
# $n = 3$, c'est instantané ; avec des millions d'images, une seule itération de descente
# prendrait un temps considérable. $\nabla F_i(\mathbf{w})$, lui, ne demande qu'**un** exemple :
# une itération coûte $n$ fois moins cher.
#
# L'idée de la descente **stochastique** (c'est-à-dire « au hasard ») : à chaque itération, remplacer
# $\nabla F$ par le gradient $\nabla F_i$ d'un seul exemple, tiré au hasard. On l'abrège souvent
# en SGD, de l'anglais *stochastic gradient descent*.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Un estimateur sans biais
#
# Tirons l'indice $i$ uniformément dans $\{1, \dots, n\}$ : chaque exemple a la probabilité
# $\frac{1}{n}$. En moyenne sur le tirage, on retrouve donc le vrai gradient (on note
# $\mathbb{E}_i$ cette moyenne sur le tirage de $i$, l'**espérance**) :
#
# $$\mathbb{E}_i\!\left[\nabla F_i(\mathbf{w})\right]
# = \sum_{i=1}^n \frac{1}{n}\, \nabla F_i(\mathbf{w}) = \nabla F(\mathbf{w}) .$$
#
# Un seul $\nabla F_i$ peut pointer dans une direction très différente de celle de $\nabla F$,
# mais ses écarts ne vont pas **systématiquement** dans le même sens : on dit que c'est un
# estimateur **sans biais** de $\nabla F$.
# (Rien à voir avec le biais du chapitre 1, le terme constant que notre prédicteur n'a pas :
# ici, « sans biais » veut dire « juste en moyenne ».)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Vérifions-le au point $(-7\,;\,7)$
#
# Calculons les trois gradients partiels d'un seul appel, puis leur moyenne, et comparons-la à
# $\nabla F$. Tirons aussi 10 000 indices au hasard et faisons la moyenne des $\nabla F_i$
# correspondants.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
w = np.array([-7.0, 7.0])
G = F.grad_i(w, np.arange(F.n))  # les n gradients partiels, une ligne par exemple
for i in range(F.n):
    print(f"∇F_{i + 1}(w) = {point(G[i], fixed=2)}")
g_mean = G.mean(axis=0)
g_full = F.grad(w)
print(f"moyenne  = {point(g_mean, fixed=2)}")
print(f"∇F(w)    = {point(g_full, fixed=2)}")
print("la moyenne des ∇F_i est égale à ∇F :", "oui" if np.allclose(g_mean, g_full) else "non")
draws = np.random.default_rng(0).integers(0, F.n, size=10_000)  # 10 000 indices au hasard
g_draws = F.grad_i(w, draws).mean(axis=0)
print(f"moyenne sur 10 000 tirages = {point(g_draws, fixed=2)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Les trois gradients partiels sont très différents les uns des autres, en direction comme en
# longueur : de $(2\,;\,2)$ à $(-50\,;\,-12{,}5)$. Pourtant leur moyenne est exactement
# $\nabla F$, et la moyenne de nombreux tirages s'en approche.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les trois objectifs partiels
#
# Dessinons chaque $F_i$ avec le champ de ses flèches $-\nabla F_i(\mathbf{w})$ :
#
# - $F_i$ ne dépend de $\mathbf{w}$ qu'à travers le nombre $\mathbf{w} \cdot \mathbf{x}_i$ :
#   ses courbes de niveau sont des **droites** perpendiculaires à $\mathbf{x}_i$ ;
# - son minimum, $F_i = 0$, est atteint sur **toute une droite**, $\mathbf{w} \cdot \mathbf{x}_i
#   = y_i$ (trait épais) : un seul exemple ne suffit pas à fixer deux poids ;
# - toutes ses flèches sont parallèles à $\mathbf{x}_i$ et pointent vers cette droite.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
W1, W2, _ = grid_values(F)
P = np.stack([W1, W2], axis=-1)  # la grille des points w, forme (201, 201, 2)
fig, axes = plt.subplots(1, 3, figsize=(11, 4.1), layout="constrained")
for i, ax in enumerate(axes):
    plot_contour(ax, F, i=i)  # F_i sur toute la grille, d'un seul appel ; l'étoile : w* de F
    ax.contour(W1, W2, F.residuals(P)[..., i], levels=[0.0], colors="white", linewidths=3)
    plot_gradient_field(ax, F, i=i, density=9, color=FIELD_COLORS[i])
    ax.set_xticks([-8, -4, 0, 4, 8])
    ax.set_yticks([-8, -4, 0, 4, 8])
    x_fr, y_fr = point(X[i], tex=True), number(y[i], tex=True)  # « (2 ; 0,5) »
    ax.set_title(f"$F_{i + 1}$ : $\\mathbf{{x}}_{i + 1} = {x_fr}$, $y_{i + 1} = {y_fr}$")
fig.suptitle("Chaque objectif partiel $F_i$, ses flèches $-\\nabla F_i$ et sa droite "
             "de minimum $\\mathbf{w}\\cdot\\mathbf{x}_i = y_i$ (trait blanc épais) ; "
             "l'étoile : $\\mathbf{w}^*$ de $F$")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# L'étoile $\mathbf{w}^*$ est tout près des trois droites de minimum (à une distance de 0,03 à
# 0,1, invisible à cette échelle), mais sur aucune : les trois droites ne passent pas par un même
# point, aucun $\mathbf{w}$ ne satisfait les trois exemples à la fois. Chaque exemple « tire »
# $\mathbf{w}$ vers sa propre droite ; le minimum de $F$ est le meilleur compromis entre ces trois
# tractions.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## En moyenne, les flèches s'accordent
#
# Superposons maintenant le champ de $-\nabla F$ (en noir) et les trois champs des
# $-\nabla F_i$ (en couleur), sur les courbes de niveau de $F$. Cette fois, les quatre champs
# sont dessinés à la **même échelle**, et chaque flèche a la longueur de son gradient (au
# chapitre 1 et dans la figure précédente, les longueurs étaient atténuées pour la lisibilité) :
# les flèches se comparent en direction **et** en longueur.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fields = [0, 1, 2, None]  # −∇F_1, −∇F_2, −∇F_3, puis −∇F (en noir, par-dessus)
scale = gradient_field_scale(F, fields, density=4, lengths="linear")  # une échelle pour les 4
fig, ax = plt.subplots(figsize=(8.5, 5.6), layout="constrained")
plot_contour(ax, F, title="Les champs de $-\\nabla F$ et des $-\\nabla F_i$, à la même échelle")
arrows = [plot_gradient_field(ax, F, i=i, density=4, scale=scale, lengths="linear",
                              color=None if i is None else FIELD_COLORS[i]) for i in fields]
# en chaque point, le triangle des trois pointes colorées (la flèche noire vise son centre)
tips = np.stack([q.get_offsets() + np.column_stack([q.U, q.V]) / scale for q in arrows[:3]])
for k in range(tips.shape[1]):
    ax.fill(tips[:, k, 0], tips[:, k, 1], facecolor="white", alpha=0.35, edgecolor="black",
            lw=1.0, ls="--", zorder=1.5,
            label="triangle des pointes colorées" if k == 0 else "_nolegend_")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# En chaque point, les quatre flèches partent du même endroit. La pointe de la flèche noire
# tombe au **centre de gravité** du triangle pointillé que forment les trois pointes colorées :
# c'est ce que veut dire « $-\nabla F$ est la moyenne des trois $-\nabla F_i$ » (nous l'avons
# vérifié par le calcul plus haut, en $(-7\,;\,7)$). Prises une à une, pourtant, les flèches
# colorées s'écartent souvent beaucoup de la noire, en direction ou en longueur : une itération
# guidée par un seul exemple part souvent de travers. Mais, d'une itération à l'autre, les
# tirages se compensent, et l'on descend en moyenne dans la bonne direction.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L'algorithme
#
# > **Descente de gradient stochastique** (pas d'apprentissage $\eta > 0$, nombre d'itérations
# > $T$)
# >
# > - Choisir un point de départ $\mathbf{z}_0 \in \mathbb{R}^d$ (par exemple au hasard).
# > - Pour $t = 1, 2, \dots, T$ :
# >   - tirer un indice $i$ au hasard, uniformément dans $\{1, \dots, n\}$ ;
# >   - calculer $\mathbf{g}_t = \nabla F_i(\mathbf{z}_{t-1})$ ;
# >   - se déplacer : $\mathbf{z}_t = \mathbf{z}_{t-1} - \dfrac{\eta}{\sqrt{t}}\, \mathbf{g}_t$.
# > - Renvoyer $\mathbf{z}_T$.
#
# Le pas de l'étape $t$, $\eta_t = \eta/\sqrt{t}$, **diminue** au fil des itérations : grand au
# début pour avancer vite, petit à la fin pour ne plus se laisser ballotter par le hasard des
# tirages.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### En code
#
# `sgd(F, w0, eta, T, seed=...)` renvoie toute la trajectoire $\mathbf{z}_0, \dots,
# \mathbf{z}_T$ ; la **graine** `seed` fixe la suite des indices tirés, donc la même graine
# redonne la même trajectoire.
#
# *Pourquoi $\eta = 1/3$ dans nos figures ?* Les figures de SGD du cours de 2019 portent le titre
# « $\eta = 1$ », mais son code divisait en plus chaque $\nabla F_i$ par $n = 3$ : elles
# correspondent à $\eta = 1/3$ dans la formule ci-dessus, que nous suivons.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : la descente stochastique
#
# Écrivez `descente_stochastique(X, y, w0, eta, T, indices)`, qui renvoie la trajectoire
# $\mathbf{z}_0, \dots, \mathbf{z}_T$ de la SGD (forme $(T + 1, d)$), avec le pas
# $\eta/\sqrt{t}$ à l'étape $t$. Pour que le résultat se vérifie, les exemples ne sont pas tirés
# par votre fonction : ils sont donnés. À l'étape $t$ ($t = 1, \dots, T$), utilisez l'exemple
# `i = indices[t - 1]`, c'est-à-dire la ligne `X[i]` et la cible `y[i]` (numérotées à partir
# de 0).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def descente_stochastique(X, y, w0, eta, T, indices):
    # VOTRE CODE ICI : renvoyer z_0, ..., z_T, de forme (T + 1, d)
    ...


check("3.2", descente_stochastique)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def descente_stochastique(X, y, w0, eta, T, indices):
    z = np.array(w0, dtype=float)
    trajectoire = [z]
    for t in range(1, T + 1):
        i = indices[t - 1]
        g = 2 * (z @ X[i] - y[i]) * X[i]  # ∇F_i(z)
        z = z - eta / np.sqrt(t) * g
        trajectoire.append(z)
    return np.array(trajectoire)


check("3.2", descente_stochastique)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Une descente stochastique
#
# Partons de $\mathbf{z}_0 = (-7\,;\,7)$, avec $\eta = 1/3$, $T = 50$ et la graine 0. Voici les
# premiers exemples tirés (numérotés de 1 à 3, comme dans les formules) :

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
w0 = np.array([-7.0, 7.0])
eta, T = 1 / 3, 50
drawn = sample_indices(F.n, T, seed=0) + 1  # les exemples tirés, numérotés de 1 à n
print("exemples tirés aux étapes 1 à 12 :", *drawn[:12])
Z = sgd(F, w0, eta, T, seed=0)
print(f"z_T = {point(Z[-1], fixed=4)},  F(z_T) = {number(F.value(Z[-1]), fixed=4)}")
print(f"w*  = {point(w_star, fixed=4)},  F(w*) = {number(F.value(w_star), fixed=4)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, _ = plot_run(F, {"SGD": Z}, colors=[COLORS[1]], log=True, region=(-12, 12, -12, 12),
                  title="SGD, $\\eta = 1/3$, $T = 50$, graine 0", markers=True,
                  curve_legend_loc=None)
fig

# %% [markdown] slideshow={"slide_type": "-"}
# Le premier déplacement suit le seul exemple 3, avec le plus grand pas de la suite
# ($\eta/\sqrt{1}$) : il est trop long, dépasse la droite de minimum de $F_3$ et envoie
# $\mathbf{z}_1$ de l'autre côté de la vallée ; $F$ commence par **augmenter**. Puis le pas
# $\eta/\sqrt{t}$ raccourcit, la trajectoire zigzague au gré des exemples tirés, et finit près de
# $\mathbf{w}^*$. La courbe d'apprentissage n'est pas monotone : chaque itération ne regarde
# qu'un exemple, et ce qui l'aide peut nuire aux autres.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Plusieurs tirages au hasard
#
# Relançons la SGD quatre fois depuis le **même** départ $(-7\,;\,7)$, chaque fois avec une autre
# suite d'exemples tirés (comme si l'on changeait de graine). Un seul appel suffit : avec un lot
# de quatre départs identiques, `sgd` tire des indices indépendants pour chacun.

# %% slideshow={"slide_type": "-"}
B = 4
starts = np.full((B, 2), w0)  # B fois le même départ, un par ligne
Z_seeds = sgd(F, starts, eta, T, seed=1)  # forme (T + 1, B, 2)
Z_seeds.shape

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axz, axc) = plt.subplots(1, 3, figsize=(11, 4.0), layout="constrained",
                                   width_ratios=(1, 1, 1.25))
plot_contour(ax, F, region=(-12, 12, -12, 12), title=f"Quatre SGD depuis ${point(w0, tex=True)}$")
plot_trajectories(ax, {f"tirage {b + 1}": Z_seeds[:, b] for b in range(B)})
ax.get_legend().remove()  # les couleurs sont légendées à droite
plot_contour(axz, F, region=(0.5, 3.5, -4.5, -1.5), title="Zoom sur la fin")
for b in range(B):
    plot_trajectory(axz, Z_seeds[:, b], color=COLORS[b], markersize=3)
for b in range(B):
    plot_learning_curve(axc, F, Z_seeds[:, b], color=COLORS[b], label=f"tirage {b + 1}",
                        log=True)
axc.set_title("Courbes d'apprentissage, $\\eta = 1/3$")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Même départ, mêmes $\eta$ et $T$, et pourtant quatre chemins différents : seul le hasard des
# tirages change. Le zoom montre que tous finissent près de $\mathbf{w}^*$, mais chacun en un
# point différent, et aucun exactement dessus : après 50 itérations, il reste une part de hasard.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi faire décroître le pas ?
#
# Au minimum, $\nabla F(\mathbf{w}^*) = \mathbf{0}$ : la descente de gradient s'y arrête. Mais les
# gradients **partiels**, eux, n'y sont pas nuls ; seule leur moyenne l'est.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
G_star = F.grad_i(w_star, np.arange(F.n))
for i in range(F.n):
    print(f"∇F_{i + 1}(w*) = {point(G_star[i], fixed=4)}")
print("leur moyenne est nulle :", "oui" if np.allclose(G_star.mean(axis=0), 0.0) else "non")

# %% [markdown] slideshow={"slide_type": "-"}
# Même si elle arrive en $\mathbf{w}^*$, la SGD en repart donc à l'étape suivante, d'un
# déplacement de longueur $\eta_t\,\|\nabla F_i(\mathbf{w}^*)\|$, où $\eta_t$ est le pas de
# l'étape $t$. Avec un pas **constant**, cette agitation ne s'éteint jamais ; avec
# $\eta_t = \eta/\sqrt{t}$, elle diminue au fil des itérations.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pas constant contre pas décroissant
#
# Comparons $\eta_t = \eta$ et $\eta_t = \eta/\sqrt{t}$ avec le même $\eta = 0{,}25$, le même
# départ et les mêmes tirages (même graine), sur $T = 300$ itérations. À droite, pour lisser le
# hasard, la moyenne de $F(\mathbf{z}_t)$ sur 200 SGD aux tirages indépendants (deux appels, un
# par règle de pas, chacun avec un lot de 200 départs identiques).

# %% slideshow={"slide_type": "-"}
eta_cmp, T_cmp = 0.25, 300
schedules = {"pas constant $\\eta$": "constant", "pas décroissant $\\eta/\\sqrt{t}$": "inv_sqrt"}
Z_one = {name: sgd(F, w0, eta_cmp, T_cmp, seed=3, schedule=s) for name, s in schedules.items()}
starts = np.full((200, 2), w0)  # 200 fois le même départ : 200 suites de tirages
F_mean = {}  # nom de la règle -> moyenne de F(z_t) sur les 200 SGD, pour t = 0, ..., T
for name, s in schedules.items():
    Z_runs = sgd(F, starts, eta_cmp, T_cmp, seed=4, schedule=s)  # forme (T + 1, 200, 2)
    F_mean[name] = F.value(Z_runs).mean(axis=1)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (axc, axm) = plt.subplots(1, 2, figsize=(10.5, 4.2), layout="constrained")
for k, name in enumerate(schedules):
    plot_learning_curve(axc, F, Z_one[name], color=COLORS[k + 1], label=name, log=True)
    axm.plot(np.arange(T_cmp + 1), F_mean[name], color=COLORS[k + 1], lw=1.6, label=name)
axm.axhline(F.value(w_star), color="gray", ls="--", lw=1.0, label="$F(\\mathbf{w}^*)$")
axc.set_title("Une seule SGD (graine 3), $\\eta = 0{,}25$")
axm.set_title("Moyenne sur 200 SGD (tirages indépendants)")
axm.set_yscale("log")
axm.set_xlabel("itération $t$")
axm.set_ylabel("moyenne de $F(\\mathbf{z}_t)$")
axm.grid(True, alpha=0.3)
axm.legend(fontsize="small", loc="upper right")
french_axes(axm)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Avec ses pas plus longs, la SGD à pas constant arrive plus tôt près du minimum (vers
# $t = 50$). Elle part pourtant moins bien : de $t = 2$ à $t = 23$, sa moyenne est au-dessus de
# l'autre. Avec $\eta = 0{,}25$, chaque pas sur l'exemple 3 est trop long : il fait passer
# $\mathbf{z}_t$ de l'autre côté de la droite de minimum de $F_3$, plus loin qu'il n'en était
# (la question 4 de la fin du chapitre dit pourquoi). Puis elle continue de **rebondir** autour
# de $\mathbf{w}^*$ : sa courbe reste sur un palier, au-dessus de $F(\mathbf{w}^*)$, sans jamais
# l'atteindre. Avec le pas décroissant, la SGD s'apaise, passe sous ce palier vers $t = 100$ et
# **se pose** de plus en plus près du minimum.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À vous d'explorer
#
# L'explorateur relance la SGD (pas $\eta/\sqrt{t}$) à chaque mouvement d'un curseur. Le curseur
# « graine » change la suite des exemples tirés ; « étape t » (ou le bouton ▶) rejoue la
# trajectoire, une itération après l'autre.

# %% slideshow={"slide_type": "slide"}
Explorer(F, method="sgd", eta=1 / 3, T=50, region=(-12, 12, -12, 12))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Faites défiler le curseur « graine » de 0 à 10 : la trajectoire finit-elle toujours au même
#    endroit ? En lisant la distance à $\mathbf{w}^*$ sous la figure, trouvez la graine qui
#    finit le plus près de $\mathbf{w}^*$, et celle qui finit le plus loin.
#
#    <details><summary>Réponse</summary>
#
#    Non : chaque graine tire d'autres exemples, et la trajectoire finit ailleurs, toujours près
#    de $\mathbf{w}^*$ mais jamais dessus. La graine 6 finit le plus près (à $0{,}0755$ de
#    $\mathbf{w}^*$), la graine 9 le plus loin (à $1{,}11$ ; la graine 10 la suit de près, à
#    $1{,}05$).
#
#    </details>
#
# 2. Avec « étape t », rejouez la trajectoire : repérez une itération qui fait **monter**
#    $F(\mathbf{z}_t)$ sur la courbe d'apprentissage. Comment est-ce possible avec une descente ?
#
#    <details><summary>Réponse</summary>
#
#    Avec la graine 0, dès la première : $F$ passe de $85{,}75$ à $400{,}9$ à $t = 1$ ; puis à 18
#    autres itérations, comme $t = 12$. Chaque itération ne regarde qu'un exemple $i$ : d'ordinaire,
#    elle fait baisser $F_i$, mais elle peut faire monter les autres $F_j$, et avec eux $F$, leur
#    moyenne (à $t = 12$, l'exemple 3 est tiré : $F_3$ baisse, $F$ monte). À $t = 1$, le pas
#    $\eta/\sqrt{1}$ est même si long que $F_3$ monte aussi : $\mathbf{z}_1$ passe de l'autre côté
#    de la droite de l'exemple 3, plus loin qu'il n'en était parti. La descente stochastique ne
#    promet pas que $F$ baisse à chaque itération : seulement en moyenne sur les tirages, et pour
#    un pas assez petit.
#
#    </details>
#
# 3. Baissez « pas η » au plus près de 0,1 (le cran 0,1007) : où en est la SGD après 50
#    itérations ? Et après 200 (poussez « itérations T » au maximum) ? Pourquoi un petit $\eta$
#    est-il doublement pénalisé quand le pas décroît en $\eta/\sqrt{t}$ ?
#
#    <details><summary>Réponse</summary>
#
#    Avec la graine 0, après 50 itérations, la SGD est encore loin : $F(\mathbf{z}_T) = 7{,}36$, à
#    $4{,}21$ de $\mathbf{w}^*$ (contre $0{,}239$ avec $\eta = 1/3$). Après 200 itérations,
#    $F(\mathbf{z}_T) = 0{,}7387$, à $1{,}33$ de $\mathbf{w}^*$ : encore plus loin qu'avec
#    $\eta = 1/3$ en 50 itérations. Double peine : les pas sont petits dès le départ, et ils
#    rétrécissent encore. Sur $T$ itérations, ils totalisent
#    $\eta\,\big(1 + \frac{1}{\sqrt{2}} + \dots + \frac{1}{\sqrt{T}}\big)$, à peu près
#    $2\eta\sqrt{T}$ : quadrupler $T$ ne fait que doubler ce total. Pour que les pas du cran
#    $0{,}1007$ totalisent autant que ceux de $\eta = 1/3$ en 50 itérations, il faut
#    $T = 477$ itérations : plus de neuf fois 50, et non $3{,}3$ fois, comme le rapport des deux
#    $\eta$ le laisserait croire.
#
#    </details>
#
# 4. Montez « pas η » au plus près de 1 (le cran 1,007) : que devient le premier déplacement ?
#    Et la courbe d'apprentissage ? Pourquoi la méthode finit-elle quand même par se calmer ?
#
#    <details><summary>Réponse</summary>
#
#    Avec la graine 0 et $T = 50$, le premier déplacement suit l'exemple 3 avec un pas
#    $\eta/\sqrt{1} \approx 1$ : il envoie $\mathbf{z}_1$ en $(43{,}3\,;\,19{,}6)$, loin hors de la
#    figure, et $F$ bondit de $85{,}75$ à $4\,506$. La courbe d'apprentissage reste au-dessus de
#    sa valeur de départ jusqu'à $t = 22$, puis tombe. La méthode se calme parce que le pas
#    $\eta_t = \eta/\sqrt{t}$ rétrécit : un pas sur l'exemple $i$ multiplie son erreur
#    $\mathbf{w}\cdot\mathbf{x}_i - y_i$ par $1 - 2\eta_t\,\|\mathbf{x}_i\|^2$, qui reste entre
#    $-1$ et $1$ dès que $\eta_t \le 1/\|\mathbf{x}_i\|^2$. Pour l'exemple le plus long,
#    $\|\mathbf{x}_3\|^2 = 4{,}25$, c'est le cas dès $t = 19$ : à partir de là, aucun pas ne fait
#    plus grandir l'erreur de l'exemple qu'il utilise.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - $F = \frac{1}{n}\sum_i F_i$ avec $F_i(\mathbf{w}) = (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$ et
#   $\nabla F_i(\mathbf{w}) = 2(\mathbf{w}\cdot\mathbf{x}_i - y_i)\,\mathbf{x}_i$.
# - Un gradient partiel coûte $n$ fois moins cher que $\nabla F$ et il est sans biais :
#   $\mathbb{E}_i[\nabla F_i(\mathbf{w})] = \nabla F(\mathbf{w})$.
# - La SGD fait $\mathbf{z}_t = \mathbf{z}_{t-1} - \frac{\eta}{\sqrt{t}}\nabla F_i(\mathbf{z}_{t-1})$,
#   avec $i$ tiré au hasard à chaque étape ; la graine fixe ces tirages.
# - Au minimum, les $\nabla F_i(\mathbf{w}^*)$ ne sont pas nuls : à pas constant, la SGD rebondit
#   autour de $\mathbf{w}^*$ ; le pas décroissant $\eta/\sqrt{t}$ la laisse se poser.
