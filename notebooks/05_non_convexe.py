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
from matplotlib.colors import LogNorm
from course_utils import TanhNetwork, gradient_descent, linear_example
from course_utils.plotting import (
    plot_surface,
    COLORS,
    CMAP,
    contour_levels,
    grid_values,
    plot_contour,
    plot_trajectories,
)
from course_utils.widgets import Explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# # 5. Un paysage non convexe : un petit réseau de neurones
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - écrire la sortie d'un minuscule réseau de neurones à activation $\tanh$ et sa fonction
#   objectif ;
# - expliquer pourquoi cette fonction objectif n'est pas convexe, avec un contre-exemple chiffré ;
# - reconnaître sur des courbes de niveau un minimum, une vallée qui s'étire et un plateau ;
# - constater que le point d'arrivée de la descente de gradient dépend du point de départ.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Du prédicteur linéaire au réseau de neurones
#
# Jusqu'ici, la prédiction était un simple produit scalaire $\mathbf{w}\cdot\mathbf{x}$.
# Remplaçons-la par un petit **réseau de neurones** à deux neurones cachés :
#
# $$R_{\mathbf{w}}(\mathbf{x}) = \mathbf{v} \cdot \tanh\!\left(M\,\mathbf{x}\right),
# \qquad M = \begin{bmatrix} w_1 & -1 \\ 1 & w_2 \end{bmatrix},
# \qquad \mathbf{v} = [-1,\ 1].$$
#
# - $M\mathbf{x}$ calcule deux combinaisons des entrées, une par neurone ;
# - $\tanh$ (appliquée à chaque composante) les écrase entre $-1$ et $1$ : c'est l'**activation** ;
# - $\mathbf{v}$ combine les deux neurones en une seule sortie.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Deux poids seulement
#
# Un vrai réseau apprendrait tous les coefficients de $M$ et de $\mathbf{v}$. Ici, seuls $w_1$
# et $w_2$ varient ; les autres valeurs sont fixées. Le paysage reste ainsi dessinable dans le
# plan.
# En écrivant $M\mathbf{x}$ composante par composante :
#
# $$R_{\mathbf{w}}(\mathbf{x}) = -\tanh(w_1 x_1 - x_2) + \tanh(x_1 + w_2 x_2).$$
#
# La fonction objectif garde la même forme qu'avant (la moyenne des erreurs au carré, sur les
# mêmes trois exemples) ; seul le modèle a changé :
#
# $$F(\mathbf{w}) = \frac{1}{n} \sum_{i=1}^n \left(R_{\mathbf{w}}(\mathbf{x}_i) - y_i\right)^2 .$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### La formule, en code
#
# Vérifions sur un exemple que `TanhNetwork` calcule bien cette formule. Avec les exemples
# rangés en lignes de $\mathbf{X}$, la ligne $i$ de $\mathbf{X} M^\top$ est $(M\mathbf{x}_i)^\top$ :
# les trois sorties se calculent d'un coup.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
X, y = linear_example()
F = TanhNetwork(X, y)
w = np.array([1.0, 2.0])
M = np.array([[w[0], -1.0], [1.0, w[1]]])
v = np.array([-1.0, 1.0])
outputs = np.tanh(X @ M.T) @ v  # R_w(x_i) pour les trois exemples
print("sorties R_w(x_i) :", np.round(outputs, 4), "   cibles y_i :", y)
print(f"identiques à F.predict(w) : {np.allclose(outputs, F.predict(w))}")
print(f"F(w) = {F.value(w):.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le paysage de $F$
#
# Dessinons $F(w_1, w_2)$ sur le carré $[-6, 6]^2$. Ce n'est plus une cuvette :
#
# - en bas, une **vallée** étroite dont le fond contient le minimum (vers $w_2 \approx -2{,}7$) ;
# - cette vallée **s'étire** vers la gauche, presque plate ; une seconde vallée, moins
#   profonde, arrive par la droite (vers $w_2 \approx -1{,}4$) ;
# - en haut, un vaste **plateau** : $F$ y est élevée mais presque constante.
#
# Pourquoi des plateaux ? Quand $|w_1 x_1 - x_2|$ ou $|x_1 + w_2 x_2|$ est grand, $\tanh$ est
# **saturée** (elle vaut presque $\pm 1$) : bouger $\mathbf{w}$ ne change presque plus la sortie.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig = plt.figure(figsize=(10, 4.3), layout="constrained")
ax3d = fig.add_subplot(1, 2, 1, projection="3d")
plot_surface(ax3d, F, azim=-120)
ax = fig.add_subplot(1, 2, 2)
plot_contour(ax, F, colorbar=True, title="Courbes de niveau de $F$")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Écart avec le code de 2019
#
# Le code d'origine calculait $\mathbf{x}M$ (le vecteur ligne $\mathbf{x}$ multiplié par $M$)
# au lieu de $M\mathbf{x}$. Cela revient à utiliser $M^\top$ : les poids $w_1, w_2$ ne
# touchent plus les mêmes entrées, et le paysage change. Nous suivons **la formule** du cours,
# $M\mathbf{x}$ (à gauche) ; le panneau de droite montre ce que calculait le code de 2019.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
W1, W2, V = grid_values(F)
# version 2019 : x M = [w1 x1 + x2, -x1 + w2 x2], pour toute la grille d'un coup
first = W1[..., None] * X[:, 0] + X[:, 1]
second = -X[:, 0] + W2[..., None] * X[:, 1]
V_2019 = np.mean((-np.tanh(first) + np.tanh(second) - y) ** 2, axis=-1)
fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
plot_contour(ax, F, title="La formule : $M\\mathbf{x}$ (ce cours)")
levels = contour_levels(V_2019)
ax2.contourf(W1, W2, V_2019, levels=levels, cmap=CMAP, alpha=0.8, extend="both")
ax2.contour(W1, W2, V_2019, levels=levels, colors="white", linewidths=0.5, alpha=0.55)
ax2.set_aspect("equal")
ax2.set_xlabel("$w_1$")
ax2.set_ylabel("$w_2$")
ax2.set_title("Le code de 2019 : $\\mathbf{x}M$ (un autre $F$)")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi $F$ n'est pas convexe
#
# Une fonction est **convexe** si, entre deux points $\mathbf{a}$ et $\mathbf{b}$, son graphe
# reste toujours sous la corde qui les relie :
#
# $$F\big(\lambda \mathbf{a} + (1-\lambda)\mathbf{b}\big) \le \lambda F(\mathbf{a})
# + (1-\lambda) F(\mathbf{b}) \quad \text{pour tout } \lambda \in [0, 1].$$
#
# L'objectif des moindres carrés l'était. Pour montrer que $F$ ne l'est pas, un seul contre-exemple
# suffit : prenons $\mathbf{a}$ au fond de la vallée, $\mathbf{b}$ sur le plateau, et
# regardons leur milieu ($\lambda = \tfrac{1}{2}$).

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
a = np.array([-0.5, -2.7])  # au fond de la vallée
b = np.array([-0.5, 5.0])  # sur le plateau
middle = (a + b) / 2
print(f"F(a) = {F.value(a):.4f}   F(b) = {F.value(b):.4f}   F(milieu) = {F.value(middle):.4f}")
print(f"moyenne (F(a) + F(b)) / 2 = {(F.value(a) + F.value(b)) / 2:.4f}")
print(f"F(milieu) au-dessus de la corde : {F.value(middle) > (F.value(a) + F.value(b)) / 2}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le contre-exemple en image
#
# Suivons $F$ le long du segment de $\mathbf{a}$ à $\mathbf{b}$ : la courbe monte en « S ».
# Dans sa partie haute, elle passe **au-dessus** de la corde : c'est interdit pour une
# fonction convexe.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
lam = np.linspace(0.0, 1.0, 201)
segment = a + lam[:, None] * (b - a)  # les points du segment, d'un seul tableau
fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
ax.plot(lam, F.value(segment), color=COLORS[0], lw=2, label="$F$ le long du segment")
ax.plot([0, 1], [F.value(a), F.value(b)], "--", color=COLORS[1], lw=1.6,
        label="la corde de $F(\\mathbf{a})$ à $F(\\mathbf{b})$")
ax.plot([0.5], [F.value(middle)], "o", color=COLORS[0], ms=8)
ax.plot([0.5], [(F.value(a) + F.value(b)) / 2], "o", color=COLORS[1], ms=8)
ax.annotate("", xy=(0.5, F.value(middle)), xytext=(0.5, (F.value(a) + F.value(b)) / 2),
            arrowprops=dict(arrowstyle="<->", color="black"))
ax.set_xticks([0, 0.5, 1])
ax.set_xticklabels(["$\\mathbf{a}$ (vallée)", "milieu", "$\\mathbf{b}$ (plateau)"])
ax.set_xlabel("position sur le segment")
ax.set_ylabel("$F$")
ax.set_title("Le graphe de $F$ passe au-dessus de la corde : $F$ n'est pas convexe")
ax.grid(True, alpha=0.3)
ax.legend(loc="lower right")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Un argument éclair
#
# Comme $|\tanh| \le 1$, la sortie $R_{\mathbf{w}}(\mathbf{x})$ reste entre $-2$ et $2$ : $F$
# est **bornée** sur tout le plan. Or une fonction convexe bornée sur tout le plan est
# forcément constante. $F$ n'est pas constante, donc elle n'est pas convexe.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le piège des plateaux
#
# Sur un plateau, le gradient est minuscule : la descente y avance à pas de fourmi.
# Comparons sa norme au centre du carré et sur le plateau.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for point in ([0.0, 0.0], [4.0, 5.0]):
    print(f"w = {tuple(point)} :  F(w) = {F.value(point):.3f},  ‖∇F(w)‖ = "
          f"{np.linalg.norm(F.grad(point)):.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Plusieurs départs, plusieurs arrivées
#
# Lançons la descente de gradient ($\eta = 1$, $T = 100$) depuis cinq départs, en **un seul
# appel** : `gradient_descent` accepte un lot de départs de forme $(B, 2)$ et renvoie un
# tableau de forme $(T+1, B, 2)$.

# %% slideshow={"slide_type": "-"}
starts = np.array([[2.0, -5.0], [-5.0, -1.0], [5.0, 0.0], [4.0, 5.0], [-4.0, 4.5]])
Z = gradient_descent(F, starts, eta=1.0, T=100)
Z.shape

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
plot_contour(ax, F, title="Descente de gradient depuis cinq départs ($\\eta = 1$, $T = 100$)")
plot_trajectories(ax, {f"départ $({s[0]:g}, {s[1]:g})$": Z[:, k] for k, s in enumerate(starts)})
legend = ax.get_legend()  # la légende de plot_trajectories, déplacée hors du paysage
legend.set_loc("upper left")
legend.set_bbox_to_anchor((1.02, 1.0))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Où en est-on après 100 pas ?
#
# Pour chaque départ : le point d'arrivée $\mathbf{z}_T$, la valeur $F(\mathbf{z}_T)$ et la
# norme du gradient à l'arrivée.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for k, s in enumerate(starts):
    z = Z[-1, k]
    g = np.linalg.norm(F.grad(z))
    shown = "< 1e-10" if g < 1e-10 else f"= {g:.0e}"
    print(f"départ ({s[0]:4.1f}, {s[1]:4.1f}) -> z_T = ({z[0]:5.2f}, {z[1]:5.2f}),  "
          f"F(z_T) = {F.value(z):.4f},  ‖∇F(z_T)‖ {shown}")
w_star = Z[-1, 0]  # le premier départ a atteint le minimum
print(f"le minimum : w* = ({w_star[0]:.2f}, {w_star[1]:.2f}), F(w*) = {F.value(w_star):.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Cinq arrivées, un seul vrai minimum
#
# Les cinq descentes s'arrêtent à cinq hauteurs différentes. Attention à l'interprétation :
#
# - une seule a atteint le **minimum** $\mathbf{w}^*$, où le gradient est nul (à la précision
#   de la machine près) ;
# - les autres sont **coincées** : au fond d'une vallée qui s'étire sans fin, ou sur un
#   plateau. Le gradient n'y est pas nul, mais si petit qu'il faudrait plus d'un millier de
#   pas supplémentaires pour en sortir (et bien davantage dans la vallée de gauche).
#
# En pratique, avec un budget de $T$ pas, le résultat dépend donc du **départ**. C'est la
# situation habituelle des réseaux de neurones, dont les objectifs ne sont pas convexes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## La carte des arrivées
#
# Généralisons : une grille de $60 \times 60$ départs couvre tout le carré, et **un seul
# appel** les fait tous descendre en même temps ($3\,600$ trajectoires, $\eta = 1$,
# $T = 500$ pas). Chaque départ reçoit ensuite une couleur : l'écart
# $F(\mathbf{z}_T) - F(\mathbf{w}^*)$ entre la hauteur où il est arrivé et le minimum.

# %% slideshow={"slide_type": "-"}
grid = np.linspace(-6.0, 6.0, 60)
S1, S2 = np.meshgrid(grid, grid)
W0 = np.stack([S1, S2], axis=-1)  # forme (60, 60, 2) : un départ par case
Z_map = gradient_descent(F, W0.reshape(-1, 2), eta=1.0, T=500)  # forme (501, 3600, 2)
gap_50 = F.value(Z_map[50]).reshape(60, 60) - F.value(w_star)  # l'écart après 50 pas
gap_500 = F.value(Z_map[-1]).reshape(60, 60) - F.value(w_star)  # ... et après 500 pas

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
norm = LogNorm(vmin=1e-3, vmax=max(gap_50.max(), gap_500.max()))
for ax, gap, T in ((axes[0], gap_50, 50), (axes[1], gap_500, 500)):
    mesh = ax.pcolormesh(S1, S2, np.maximum(gap, 1e-3), cmap=CMAP, norm=norm, shading="nearest")
    ax.plot([w_star[0]], [w_star[1]], ls="none", marker="*", ms=16, mfc="#FFD700", mec="black",
            label="$\\mathbf{w}^*$ (minimum)")
    ax.set_aspect("equal")
    ax.set_xlabel("départ $w_1$")
    ax.set_ylabel("départ $w_2$")
    ax.set_title(f"Arrivée après $T = {T}$ pas")
fig.legend(*axes[1].get_legend_handles_labels(), loc="outside lower center", fontsize="small")
fig.colorbar(mesh, ax=axes, extend="min",
             label="écart au minimum $F(\\mathbf{z}_T) - F(\\mathbf{w}^*)$ (échelle log)")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Lire la carte
#
# Chaque case est un **départ** ; sa couleur donne l'écart au minimum $F(\mathbf{z}_T) -
# F(\mathbf{w}^*)$ atteint après $T$ pas. Les zones d'une même couleur sont des **bassins** :
# leurs départs aboutissent à la même hauteur, le plus souvent dans la même vallée.
#
# - violet foncé (autour de l'étoile) : le minimum est atteint (écart inférieur à $10^{-3}$) ;
# - bleu-vert, à gauche : la vallée qui s'étire vers la gauche ; vert, à droite : celle de
#   droite ;
# - jaune, en haut : le plateau, presque pas quitté.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le bassin du minimum grandit
#
# Entre 50 et 500 pas, le bassin du minimum s'étend : des départs finissent par s'échapper des
# vallées plates et du plateau, mais lentement. Comptons-les :

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for T, gap in ((50, gap_50), (500, gap_500)):
    print(f"après T = {T:3d} pas : {np.mean(gap < 1e-3):.0%} des départs ont atteint le minimum")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Explorer le paysage
#
# L'explorateur part de $(1, 3)$, au bord du plateau, et compare deux méthodes pendant
# $T = 100$ pas : la descente de gradient ($\eta = 0{,}5$) et la descente stochastique avec
# momentum du chapitre 4 (pas $\eta/\sqrt{t}$, $\alpha = 0{,}7$). Depuis le même départ, elles
# finissent dans deux vallées différentes. Cliquez sur les courbes de niveau pour changer de
# départ.

# %% slideshow={"slide_type": "slide"}
Explorer(F, method="gd", compare=["gd", "momentum"], eta=0.5, T=100, w0=(1.0, 3.0), alpha=0.7,
         seed=1)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Ramenez le curseur « départ w₁ » de 1 à 0,5. Dans quelle vallée la descente de gradient
#    arrive-t-elle maintenant ? Trouvez d'autres paires de départs voisins qui finissent dans
#    des vallées différentes, et notez leurs valeurs de $F(\mathbf{z}_T)$.
# 2. Revenez au départ $(1, 3)$ et montez le curseur « pas η » de 0,5 à 1. La descente de
#    gradient change-t-elle de vallée ? Un grand pas est-il toujours un défaut ici ?
# 3. Faites varier la « graine » de 0 à 5 : dans quelle vallée le momentum stochastique
#    arrive-t-il à chaque fois ? Pourquoi le hasard peut-il aider, ou nuire, sur ce paysage ?
# 4. Cliquez tout près du minimum $\mathbf{w}^*$, au fond de la tache violette, vers
#    $(-0{,}5\,;\ -2{,}7)$, puis montez « pas η » à 5, puis à 8. Que fait la trajectoire de la
#    descente de gradient ? Près du minimum, le paysage ressemble à une cuvette : quel
#    phénomène du chapitre 2 reconnaissez-vous ?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - Un réseau de neurones, même minuscule, donne une fonction objectif **non convexe** : ici
#   $R_{\mathbf{w}}(\mathbf{x}) = \mathbf{v}\cdot\tanh(M\mathbf{x})$.
# - Un seul point au-dessus d'une corde suffit à prouver la non-convexité.
# - La saturation de $\tanh$ crée des **plateaux** et des vallées presque plates, où le
#   gradient est minuscule et la descente très lente.
# - Avec un budget de $T$ pas, le point d'arrivée dépend du **départ** (et du pas $\eta$) :
#   la carte des arrivées montre des bassins.
# - Nous suivons la formule $M\mathbf{x}$ ; le code de 2019 calculait $\mathbf{x}M$, un autre
#   paysage.
