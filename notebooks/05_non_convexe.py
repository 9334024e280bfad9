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
from course_utils.french import french_axes, number, point
from course_utils.plotting import CMAP, COLORS, plot_contour, plot_surface, plot_trajectories
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
# $$R_{\mathbf{w}}(\mathbf{x}) = \mathbf{c} \cdot \tanh\!\left(M\,\mathbf{x}\right),
# \qquad M = \begin{bmatrix} w_1 & -1 \\ 1 & w_2 \end{bmatrix},
# \qquad \mathbf{c} = (-1\,;\,1).$$
#
# - $M\mathbf{x}$ calcule deux combinaisons des entrées, une par neurone ;
# - $\tanh$ (appliquée à chaque composante) les écrase entre $-1$ et $1$ : c'est l'**activation** ;
# - les **poids de sortie** $\mathbf{c}$ combinent les deux neurones en une seule sortie.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Deux poids seulement
#
# Un vrai réseau apprendrait tous les coefficients de $M$ et de $\mathbf{c}$. Ici, seuls $w_1$
# et $w_2$ varient ; les autres valeurs sont fixées. Le paysage reste ainsi dessinable dans le
# plan.
# En écrivant $M\mathbf{x}$ composante par composante :
#
# $$R_{\mathbf{w}}(\mathbf{x}) = -\tanh(w_1 x_1 - x_2) + \tanh(x_1 + w_2 x_2).$$
#
# La fonction objectif garde la même forme qu'avant (la moyenne des pertes quadratiques, sur les
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
c = np.array([-1.0, 1.0])  # les poids de sortie
outputs = np.tanh(X @ M.T) @ c  # R_w(x_i) pour les trois exemples
for i in range(F.n):
    print(f"exemple {i + 1} : sortie R_w(x_i) = {number(outputs[i], fixed=4):>7},  cible y_i = {number(y[i])}")
print("identiques à F.predict(w) :", "oui" if np.allclose(outputs, F.predict(w)) else "non")
print(f"F(w) = {number(F.value(w), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le gradient du réseau
#
# Écrivez `gradient_reseau(w, X, y)`, qui renvoie $\nabla F(\mathbf{w})$ (forme $(2,)$) pour ce
# réseau, `X` étant de forme $(n, 2)$. Comme au chapitre 1, la dérivée d'un carré donne
# $\nabla F(\mathbf{w}) = \frac{2}{n}\sum_{i=1}^n \left(R_{\mathbf{w}}(\mathbf{x}_i) - y_i\right)
# \nabla R_{\mathbf{w}}(\mathbf{x}_i)$ ; à vous de dériver
# $R_{\mathbf{w}}(\mathbf{x}) = -\tanh(w_1 x_1 - x_2) + \tanh(x_1 + w_2 x_2)$ par rapport à $w_1$
# et à $w_2$ (rappel : $\tanh'(u) = 1 - \tanh^2(u)$).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def gradient_reseau(w, X, y):
    # VOTRE CODE ICI : renvoyer ∇F(w), de forme (2,)
    ...


check("5.1", gradient_reseau)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def gradient_reseau(w, X, y):
    a = w[0] * X[:, 0] - X[:, 1]  # première composante de M x_i
    b = X[:, 0] + w[1] * X[:, 1]  # seconde composante
    ecarts = -np.tanh(a) + np.tanh(b) - y  # R_w(x_i) − y_i
    d1 = -(1 - np.tanh(a) ** 2) * X[:, 0]  # ∂R_w(x_i)/∂w₁
    d2 = (1 - np.tanh(b) ** 2) * X[:, 1]  # ∂R_w(x_i)/∂w₂
    return (2 / len(y)) * np.array([ecarts @ d1, ecarts @ d2])


check("5.1", gradient_reseau)

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
# Pourquoi des plateaux ? Le premier neurone reçoit $w_1 x_1 - x_2$, le second $x_1 + w_2 x_2$.
# Quand $|w_1 x_1 - x_2|$ est grand, le premier neurone est **saturé** : sa $\tanh$ vaut presque
# $\pm 1$, et bouger $w_1$ ne change presque plus la sortie ; bouger $w_2$ la change encore. Un
# seul neurone saturé donne donc une **vallée plate** dans la direction de $w_1$ : en
# $(4\,;\,0)$, $\nabla F \approx (-0{,}005\,;\,2{,}67)$. Un **plateau**, où $F$ ne bouge presque
# plus dans aucune direction, demande les deux : $|w_1 x_1 - x_2|$ **et** $|x_1 + w_2 x_2|$
# grands, comme en $(4\,;\,5)$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig = plt.figure(figsize=(10, 4.3), layout="constrained")
ax3d = fig.add_subplot(1, 2, 1, projection="3d")
plot_surface(ax3d, F, azim=-120)
ax = fig.add_subplot(1, 2, 2)
plot_contour(ax, F, colorbar=True, title="Courbes de niveau de $F$")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pourquoi $F$ n'est pas convexe
#
# Rappelons la définition du chapitre 1 : $F$ est **convexe** si, entre deux points
# $\mathbf{w}$ et $\mathbf{w}'$, son graphe reste toujours sous la corde qui les relie :
#
# $$F\big(\theta\,\mathbf{w} + (1-\theta)\,\mathbf{w}'\big) \le \theta\, F(\mathbf{w})
# + (1-\theta)\, F(\mathbf{w}') \quad \text{pour tout } \theta \in [0, 1].$$
#
# L'objectif des moindres carrés l'était. Pour montrer que $F$ ne l'est pas, un seul contre-exemple
# suffit : prenons $\mathbf{w} = (-0{,}5\,;\,-2{,}7)$ au fond de la vallée,
# $\mathbf{w}' = (-0{,}5\,;\,5)$ sur le plateau, et regardons leur milieu
# ($\theta = \tfrac{1}{2}$).

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
w_valley = np.array([-0.5, -2.7])  # w, au fond de la vallée
w_plateau = np.array([-0.5, 5.0])  # w', sur le plateau
middle = (w_valley + w_plateau) / 2
chord = (F.value(w_valley) + F.value(w_plateau)) / 2  # la corde, au milieu
print(f"F(w) = {number(F.value(w_valley), fixed=4)}   F(w') = {number(F.value(w_plateau), fixed=4)}"
      f"   F(milieu) = {number(F.value(middle), fixed=4)}")
print(f"moyenne (F(w) + F(w')) / 2 = {number(chord, fixed=4)}")
print("F(milieu) au-dessus de la corde :", "oui" if F.value(middle) > chord else "non")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le contre-exemple en image
#
# Suivons $F$ le long du segment de $\mathbf{w}$ à $\mathbf{w}'$ : la courbe monte en « S ».
# Dans sa partie haute, elle passe **au-dessus** de la corde : c'est interdit pour une
# fonction convexe.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fraction = np.linspace(0.0, 1.0, 201)  # 0 en w, 1 en w'
segment = w_valley + fraction[:, None] * (w_plateau - w_valley)  # les points du segment
fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
ax.plot(fraction, F.value(segment), color=COLORS[0], lw=2, label="$F$ le long du segment")
ax.plot([0, 1], [F.value(w_valley), F.value(w_plateau)], "--", color=COLORS[1], lw=1.6,
        label="la corde de $F(\\mathbf{w})$ à $F(\\mathbf{w}')$")
ax.plot([0.5], [F.value(middle)], "o", color=COLORS[0], ms=8)
ax.plot([0.5], [chord], "o", color=COLORS[1], ms=8)
ax.annotate("", xy=(0.5, F.value(middle)), xytext=(0.5, chord),
            arrowprops=dict(arrowstyle="<->", color="black"))
ax.set_xticks([0, 0.5, 1])
ax.set_xticklabels(["$\\mathbf{w}$ (vallée)", "milieu", "$\\mathbf{w}'$ (plateau)"])
ax.set_xlabel("position sur le segment")
ax.set_ylabel("$F$")
ax.set_title("Le graphe de $F$ passe au-dessus de la corde : $F$ n'est pas convexe")
ax.grid(True, alpha=0.3)
ax.legend(loc="lower right")
french_axes(ax)
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
# Sur un plateau, le gradient est minuscule : la descente y avance très lentement. Comparons le
# gradient au centre du carré, dans la vallée plate de $(4\,;\,0)$ et sur le plateau de
# $(4\,;\,5)$.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for w in ([0.0, 0.0], [4.0, 0.0], [4.0, 5.0]):
    g = F.grad(w)
    print(f"w = {point(w)} :  F(w) = {number(F.value(w), fixed=3)},  "
          f"∇F(w) = {point(g, fixed=3)},  ‖∇F(w)‖ = {number(np.linalg.norm(g), fixed=3)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Plusieurs départs, plusieurs arrivées
#
# Lançons la descente de gradient ($\eta = 1$, $T = 100$) depuis cinq départs, en **un seul
# appel** : `gradient_descent` accepte un lot de départs de forme `(B, 2)` et renvoie un
# tableau de forme `(T + 1, B, 2)`.

# %% slideshow={"slide_type": "-"}
starts = np.array([[2.0, -5.0], [-5.0, -1.0], [5.0, 0.0], [4.0, 5.0], [-4.0, 4.5]])
Z = gradient_descent(F, starts, eta=1.0, T=100)
Z.shape

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
plot_contour(ax, F, title="Descente de gradient depuis cinq départs ($\\eta = 1$, $T = 100$)")
plot_trajectories(ax, {f"départ ${point(s, tex=True)}$": Z[:, k] for k, s in enumerate(starts)})
legend = ax.get_legend()  # la légende de plot_trajectories, déplacée hors du paysage
legend.set_loc("upper left")
legend.set_bbox_to_anchor((1.02, 1.0))
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Où en est-on après 100 itérations ?
#
# Pour chaque départ : le point d'arrivée $\mathbf{z}_T$, la valeur $F(\mathbf{z}_T)$ et la
# norme du gradient à l'arrivée.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for k, s in enumerate(starts):
    z = Z[-1, k]
    g = np.linalg.norm(F.grad(z))
    shown = "< 10⁻¹⁰" if g < 1e-10 else f"= {number(g, fixed=5)}"
    print(f"départ {point(s):>10} → z_T = {point(z, fixed=2):>15},  "
          f"F(z_T) = {number(F.value(z), fixed=4)},  ‖∇F(z_T)‖ {shown}")
w_star = Z[-1, 0]  # le premier départ a atteint le minimum
print(f"le minimum : w* = {point(w_star, fixed=2)}, F(w*) = {number(F.value(w_star), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Cinq arrivées, un seul vrai minimum
#
# Les cinq descentes s'arrêtent à cinq hauteurs différentes. Attention à l'interprétation :
#
# - une seule a atteint le **minimum** $\mathbf{w}^*$, où le gradient est nul (à la précision
#   de la machine près) ;
# - les autres sont **coincées** : au fond d'une vallée qui s'étire sans fin, ou sur un
#   plateau. Le gradient n'y est pas nul, mais si petit qu'il faudrait plus d'un millier
#   d'itérations supplémentaires pour en sortir (et bien davantage dans la vallée de gauche).
#
# En pratique, avec un budget de $T$ itérations, le résultat dépend donc du **départ**. C'est la
# situation habituelle des réseaux de neurones, dont les objectifs ne sont pas convexes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## La carte des arrivées
#
# Généralisons : une grille de $60 \times 60$ départs couvre tout le carré, et **un seul
# appel** les fait tous descendre en même temps ($3\,600$ trajectoires, $\eta = 1$,
# $T = 500$ itérations). Chaque départ reçoit ensuite une couleur : l'écart
# $F(\mathbf{z}_T) - F(\mathbf{w}^*)$ entre la hauteur où il est arrivé et le minimum.

# %% slideshow={"slide_type": "-"}
grid = np.linspace(-6.0, 6.0, 60)
S1, S2 = np.meshgrid(grid, grid)  # la case (k, j) de la carte : le départ (S1[k, j], S2[k, j])
W0 = np.stack([S1, S2], axis=-1)  # les 3 600 départs : une grille de forme (60, 60, 2)
Z_map = gradient_descent(F, W0, eta=1.0, T=500)  # forme (501, 60, 60, 2)
gap_50 = F.value(Z_map[50]) - F.value(w_star)  # l'écart au minimum à t = 50, par case
gap_500 = F.value(Z_map[-1]) - F.value(w_star)  # ... et à t = 500 (forme (60, 60))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, axes = plt.subplots(1, 2, figsize=(10, 4.4), layout="constrained")
norm = LogNorm(vmin=1e-3, vmax=max(gap_50.max(), gap_500.max()))
for ax, gap, T in ((axes[0], gap_50, 50), (axes[1], gap_500, 500)):
    mesh = ax.pcolormesh(S1, S2, np.maximum(gap, 1e-3), cmap=CMAP, norm=norm,
                         shading="nearest")  # un écart par case de la carte
    ax.plot([w_star[0]], [w_star[1]], ls="none", marker="*", ms=16, mfc="#FFD700", mec="black",
            label="$\\mathbf{w}^*$ (minimum)")
    ax.set_aspect("equal")
    ax.set_xlabel("départ $w_1$")
    ax.set_ylabel("départ $w_2$")
    ax.set_title(f"Arrivée après $T = {T}$ itérations")
    french_axes(ax)
fig.legend(*axes[1].get_legend_handles_labels(), loc="outside lower center", fontsize="small")
fig.colorbar(mesh, ax=axes, extend="min",
             label="écart au minimum $F(\\mathbf{z}_T) - F(\\mathbf{w}^*)$ (échelle log)")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Lire la carte
#
# Chaque case est un **départ** ; sa couleur donne l'écart au minimum $F(\mathbf{z}_T) -
# F(\mathbf{w}^*)$ atteint après $T$ itérations. Les zones d'une même couleur sont des **bassins** :
# leurs départs aboutissent à la même hauteur, le plus souvent dans la même vallée.
#
# - violet foncé (autour de l'étoile) : le minimum est atteint (écart inférieur à $10^{-3}$) ;
# - bleu-vert, à gauche : la vallée qui s'étire vers la gauche ; vert, à droite : celle de
#   droite ;
# - jaune, en haut : le plateau, presque pas quitté.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le bassin du minimum grandit
#
# Entre 50 et 500 itérations, le bassin du minimum s'étend : des départs finissent par
# s'échapper des vallées plates et du plateau, mais lentement. Comptons-les :

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for T, gap in ((50, gap_50), (500, gap_500)):
    share = 100 * np.mean(gap < 1e-3)  # en pourcentage
    print(f"après T = {T:3d} itérations : {number(share, fixed=0)} % des départs ont atteint le minimum")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Explorer le paysage
#
# L'explorateur part de $(1\,;\,3)$, au bord du plateau, et compare deux méthodes pendant
# $T = 100$ itérations : la descente de gradient ($\eta = 0{,}5$) et la descente stochastique avec
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
# 2. Revenez au départ $(1\,;\,3)$ et montez le curseur « pas η » de 0,5 à environ 1 (le cran
#    0,9976). La descente de gradient change-t-elle de vallée ? Un grand pas est-il toujours un
#    défaut ici ?
# 3. Faites varier la « graine » de 0 à 5 : dans quelle vallée le momentum stochastique
#    arrive-t-il à chaque fois ? Pourquoi le hasard peut-il aider, ou nuire, sur ce paysage ?
# 4. Cliquez tout près du minimum $\mathbf{w}^*$, au fond de la tache violette, vers
#    $(-0{,}5\,;\,-2{,}7)$. Près de $\mathbf{w}^*$, le paysage ressemble à une cuvette : la plus
#    grande valeur propre de sa hessienne y vaut $L \approx 0{,}428$, d'où un seuil de stabilité
#    local $2/L \approx 4{,}67$ (chapitre 2). Montez « pas η » à 5, juste au-dessus : la
#    trajectoire de la descente de gradient finit par sauter sans fin entre deux points, de part
#    et d'autre de $\mathbf{w}^*$. Quel phénomène du chapitre 2 reconnaissez-vous ? Pourquoi les
#    sauts ne grandissent-ils pas sans fin, comme dans la cuvette des moindres carrés ? Montez
#    encore, vers 8 (le cran 7,924) : la trajectoire sort de la figure. Que dit la ligne sous la
#    figure ?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - Un réseau de neurones, même minuscule, donne une fonction objectif **non convexe** : ici
#   $R_{\mathbf{w}}(\mathbf{x}) = \mathbf{c}\cdot\tanh(M\mathbf{x})$.
# - Un seul point au-dessus d'une corde suffit à prouver la non-convexité.
# - La saturation de $\tanh$ crée des vallées presque plates (un neurone saturé) et des
#   **plateaux** (les deux), où le gradient est minuscule et la descente très lente.
# - Avec un budget de $T$ itérations, le point d'arrivée dépend du **départ** (et du pas
#   $\eta$) : la carte des arrivées montre des bassins.
