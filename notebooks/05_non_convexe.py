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
from matplotlib.colors import ListedColormap, LogNorm
from course_utils import (
    OneNeuronNetwork,
    TanhNetwork,
    gradient_descent,
    heavy_ball,
    linear_example,
    one_neuron_example,
    sgd,
)
from course_utils.french import french_axes, number, point
from course_utils.plotting import (
    CMAP,
    COLORS,
    plot_contour,
    plot_learning_curve,
    plot_surface,
    plot_trajectories,
)
from course_utils.widgets import Explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# # 5. Des paysages non convexes : deux petits réseaux de neurones
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - écrire la sortie d'un minuscule réseau de neurones à activation $\tanh$, sa fonction
#   objectif et son gradient ;
# - expliquer pourquoi cette fonction objectif n'est pas convexe, avec un contre-exemple chiffré ;
# - reconnaître sur des courbes de niveau un minimum, une vallée qui s'étire et un plateau ;
# - constater que le point d'arrivée de la descente de gradient dépend du point de départ ;
# - expliquer pourquoi un réseau a plusieurs minima aussi bons les uns que les autres ;
# - reconnaître un point selle (gradient nul, hessienne avec une valeur propre négative) et
#   expliquer pourquoi la descente de gradient ne s'y arrête que si elle y part exactement,
#   mais ralentit en passant près de lui.

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
    print(f"exemple {i + 1} : sortie R_w(x_{i + 1}) = {number(outputs[i], fixed=4):>7},  "
          f"cible y_{i + 1} = {number(y[i])}")
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
# forcément constante : si $F(\mathbf{w}) < F(\mathbf{w}')$, prolongeons la corde au-delà de
# $\mathbf{w}'$ ; la convexité oblige $F$ à rester au-dessus de ce prolongement, une droite qui
# monte sans fin. $F$ n'est pas constante, donc elle n'est pas convexe.

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
#
#    <details><summary>Réponse</summary>
#
#    Dans la vallée du minimum : depuis $(0{,}5\,;\,3)$, la descente de gradient atteint
#    $\mathbf{w}^*$, avec $F(\mathbf{z}_T) = 2{,}963 = F(\mathbf{w}^*)$, alors que depuis
#    $(1\,;\,3)$ elle finit dans la vallée de droite, avec $F(\mathbf{z}_T) = 4{,}317$. La
#    frontière entre ces deux bassins passe entre $w_1 = 0{,}6$ et $w_1 = 0{,}65$ : depuis
#    $(0{,}6\,;\,3)$, $F(\mathbf{z}_T) = 2{,}963$ (le minimum) ; depuis $(0{,}65\,;\,3)$, un cran
#    plus loin, $F(\mathbf{z}_T) = 4{,}315$ (la vallée de droite). Deux départs distants de
#    $0{,}05$ peuvent donc finir à des hauteurs très différentes.
#
#    </details>
#
# 2. Revenez au départ $(1\,;\,3)$ et montez le curseur « pas η » de 0,5 à environ 1 (le cran
#    0,9976). La descente de gradient change-t-elle de vallée ? Un grand pas est-il toujours un
#    défaut ici ?
#
#    <details><summary>Réponse</summary>
#
#    Oui : avec $\eta = 0{,}9976$, elle n'aboutit plus dans la vallée de droite
#    ($F(\mathbf{z}_T) = 4{,}317$ à $\eta = 0{,}5$) mais au minimum
#    ($F(\mathbf{z}_T) = 2{,}963$). Un grand pas n'est donc pas toujours un défaut : à
#    gradient égal, ses déplacements sont deux fois plus longs, et ils emmènent la trajectoire
#    dans un autre bassin, ici le bon. Sur un paysage non convexe, le point d'arrivée dépend
#    du pas autant que du départ ; la limite, c'est le seuil de stabilité près du minimum
#    (question 4).
#
#    </details>
#
# 3. Faites varier la « graine » de 0 à 5 : dans quelle vallée le momentum stochastique
#    arrive-t-il à chaque fois ? Pourquoi le hasard peut-il aider, ou nuire, sur ce paysage ?
#
#    <details><summary>Réponse</summary>
#
#    Au départ $(1\,;\,3)$ avec $\eta = 0{,}5$ : graines 0, 2 et 3, dans la vallée de droite
#    ($F(\mathbf{z}_T)$ entre 4,33 et 4,35) ; graines 1, 4 et 5, dans la vallée de gauche
#    ($F(\mathbf{z}_T) \approx 3{,}00$, tout près de $F(\mathbf{w}^*) = 2{,}963$) ; jamais au
#    minimum en 100 itérations. Les exemples tirés au hasard changent les premiers
#    déplacements, et donc le bassin où tombe la trajectoire : le hasard peut la faire passer
#    dans un meilleur bassin (il aide) ou dans un moins bon (il nuit).
#
#    </details>
#
# 4. Cliquez tout près du minimum $\mathbf{w}^*$, au fond de la tache violette, vers
#    $(-0{,}5\,;\,-2{,}7)$. Près de $\mathbf{w}^*$, le paysage ressemble à une cuvette : la plus
#    grande valeur propre de sa hessienne y vaut $L \approx 0{,}428$, d'où un seuil de stabilité
#    local $2/L \approx 4{,}67$ (chapitre 2). Montez « pas η » à 5, juste au-dessus : la
#    trajectoire de la descente de gradient finit par sauter sans fin entre deux points, de part
#    et d'autre de $\mathbf{w}^*$. Quel phénomène du chapitre 2 reconnaissez-vous ? Pourquoi les
#    sauts ne grandissent-ils pas sans fin, comme dans la cuvette des moindres carrés ? Montez
#    encore, vers 8 (le cran 7,924) : la trajectoire sort de la figure. Que dit la ligne sous la
#    figure ?
#
#    <details><summary>Réponse</summary>
#
#    Le zigzag du chapitre 2 : au-delà du seuil $2/L$, l'écart le long de la direction de $L$
#    est multiplié par $1 - \eta L \approx 1 - 5 \times 0{,}428 \approx -1{,}14$ à chaque
#    itération. Il change de signe (la trajectoire saute d'un côté de $\mathbf{w}^*$ à
#    l'autre) et grandit. Mais loin du minimum, les neurones saturent et la courbure de $F$
#    diminue : le facteur $|1 - \eta\lambda|$ y redevient plus petit que 1. Entre les deux, la
#    trajectoire se pose sur une oscillation stable : $\mathbf{z}_{98} = \mathbf{z}_{100}$ à
#    $10^{-7}$ près. Dans la cuvette des moindres carrés, la courbure est la même partout,
#    et rien n'arrête l'écart. Vers 8, la ligne d'état, en rouge, écrit pour la descente de
#    gradient « $F(\mathbf{z}_T) = 4{,}199 > F(\mathbf{z}_0) = 2{,}963$. F a augmenté : la
#    méthode s'éloigne du minimum au lieu de s'en approcher. Essayez un pas η plus petit. »
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Un second réseau : deux minima et un point selle
#
# Le réseau tanh nous a montré un minimum, des vallées et des plateaux. Il lui manque deux
# reliefs que l'on rencontre sans cesse en apprentissage profond :
#
# - **plusieurs minima, aussi bons les uns que les autres**, parce qu'un réseau a des
#   symétries : on peut changer ses poids sans changer la fonction qu'il calcule ;
# - des **points selles**, où le gradient est nul sans que ce soient des minima.
#
# Le plus petit réseau qui les montre a un seul neurone et une seule entrée, un nombre réel $x$ :
#
# $$R_{\mathbf{w}}(x) = w_2 \tanh(w_1 x),$$
#
# où $w_1$ est le poids d'entrée et $w_2$ le poids de sortie. La fonction objectif reste la
# moyenne des pertes quadratiques, $F(\mathbf{w}) = \frac{1}{n}\sum_{i=1}^n
# \left(R_{\mathbf{w}}(x_i) - y_i\right)^2$, sur six exemples qui dessinent une courbe en S.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
x, y = one_neuron_example()
F_neuron = OneNeuronNetwork(x, y)
print("entrées x_i :", "  ".join(f"{number(v):>4}" for v in x))
print("cibles  y_i :", "  ".join(f"{number(v):>4}" for v in y))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Deux minima miroirs
#
# La fonction $\tanh$ est impaire : $\tanh(-u) = -\tanh(u)$. Changer le signe des **deux**
# poids ne change donc pas le réseau :
#
# $$R_{-\mathbf{w}}(x) = (-w_2)\tanh(-w_1 x) = w_2 \tanh(w_1 x) = R_{\mathbf{w}}(x),$$
#
# ni sa fonction objectif : $F(-\mathbf{w}) = F(\mathbf{w})$. Si $\mathbf{w}^*$ est un minimum,
# $-\mathbf{w}^*$ en est un autre, exactement aussi bon : le paysage est symétrique par rapport
# à l'origine. Dans un vrai réseau, ces symétries se multiplient : une couche de 10 neurones
# cachés peut aussi échanger ses neurones entre eux ($10!$ ordres possibles) et changer, pour
# chacun, le signe de ses poids d'entrée et de sortie ($2^{10}$ choix) : il y a
# $10! \times 2^{10} \approx 3{,}7$ milliards de façons de réarranger ses poids sans changer la
# fonction calculée. Chaque minimum y a donc des milliards de jumeaux.
#
# `OneNeuronNetwork` calcule ses deux minima avec `minimizers()` :

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
minima = F_neuron.minimizers()  # deux lignes : w* et −w*
for w in minima:
    print(f"minimum {point(w, fixed=4)} :  F = {number(F_neuron.value(w), fixed=4)}")
same = np.array_equal(F_neuron.predict(minima[0]), F_neuron.predict(minima[1]))
print("mêmes sorties R_w(x_i) pour les deux minima :", "oui" if same else "non")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le gradient du neurone
#
# Écrivez `gradient_un_neurone(w, x, y)`, qui renvoie $\nabla F(\mathbf{w})$ (forme $(2,)$)
# pour le réseau $R_{\mathbf{w}}(x) = w_2 \tanh(w_1 x)$, `x` et `y` étant deux tableaux de
# forme $(n,)$. Comme pour le réseau tanh, $\nabla F(\mathbf{w}) = \frac{2}{n}\sum_{i=1}^n
# \left(R_{\mathbf{w}}(x_i) - y_i\right) \nabla R_{\mathbf{w}}(x_i)$ ; à vous de dériver
# $R_{\mathbf{w}}(x)$ par rapport à $w_1$ et à $w_2$ (rappel : $\tanh'(u) = 1 - \tanh^2(u)$).
# Vérifiez ensuite, dans une nouvelle cellule, que votre fonction donne
# $\nabla F(0\,;\,0) = (0\,;\,0)$ et $\nabla F(0\,;\,1{,}5) \approx (-4{,}85\,;\,0)$ : la
# suite du chapitre explique ces deux résultats.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def gradient_un_neurone(w, x, y):
    # VOTRE CODE ICI : renvoyer ∇F(w), de forme (2,)
    ...


check("5.2", gradient_un_neurone)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def gradient_un_neurone(w, x, y):
    t = np.tanh(w[0] * x)  # tanh(w₁ x_i) pour chaque exemple
    ecarts = w[1] * t - y  # R_w(x_i) − y_i
    d1 = w[1] * (1 - t**2) * x  # ∂R_w(x_i)/∂w₁
    d2 = t  # ∂R_w(x_i)/∂w₂
    return (2 / len(y)) * np.array([ecarts @ d1, ecarts @ d2])


check("5.2", gradient_un_neurone)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Un point selle en $(0\,;\,0)$
#
# En $\mathbf{w} = (0\,;\,0)$, le neurone répond $0$ à toutes les entrées, et le gradient de sa
# sortie (celui de l'exercice), $\nabla R_{\mathbf{w}}(x) = \big(w_2\,(1 - \tanh^2(w_1 x))\,x
# \,;\ \tanh(w_1 x)\big)$, est nul lui aussi : sa première composante contient le facteur
# $w_2 = 0$, la seconde vaut $\tanh(0) = 0$. Donc $\nabla F(0\,;\,0) = \mathbf{0}$ : l'origine
# est un **point critique**, un point où le gradient s'annule. Ce n'est pourtant pas un
# minimum : $F(0\,;\,0) = \frac{1}{n}\sum_i y_i^2 \approx 1{,}7367$, bien plus que
# $F(\mathbf{w}^*) \approx 0{,}0035$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Autour du point selle : la hessienne
#
# Que se passe-t-il autour ? Près de l'origine, $w_1 x$ est petit et $\tanh(w_1 x) \approx
# w_1 x$, donc $R_{\mathbf{w}}(x) \approx w_1 w_2\,x$. En développant le carré :
#
# $$F(\mathbf{w}) \approx \frac{1}{n}\sum_{i=1}^n (w_1 w_2\,x_i - y_i)^2
# = F(0\,;\,0) - \Big(\frac{2}{n}\sum_{i=1}^n x_i y_i\Big)\,w_1 w_2
# + \Big(\frac{1}{n}\sum_{i=1}^n x_i^2\Big)\,w_1^2 w_2^2 .$$
#
# Ici $\frac{2}{n}\sum_i x_i y_i \approx 3{,}233$, et le dernier terme, d'ordre 4, est
# négligeable tout près de l'origine : $F \approx F(0\,;\,0) - 3{,}233\,w_1 w_2$. Les dérivées
# secondes de ce terme donnent la hessienne (chapitre 2) :
#
# $$\nabla^2 F(0\,;\,0) = -\frac{2}{n}\sum_{i=1}^n x_i y_i
# \begin{bmatrix} 0 & 1 \\ 1 & 0 \end{bmatrix}
# \approx \begin{bmatrix} 0 & -3{,}233 \\ -3{,}233 & 0 \end{bmatrix},$$
#
# de valeurs propres $\lambda = -3{,}233$ (direction $(1\,;\,1)$) et $\lambda = 3{,}233$
# (direction $(1\,;\,-1)$). Près de l'origine, $F$ **descend** le long de $(1\,;\,1)$ (comme
# $F(0\,;\,0) - 3{,}233\,s^2$ en $(s\,;\,s)$, où $w_1 w_2 = s^2$) et **monte** le long de
# $(1\,;\,-1)$ (où $w_1 w_2 = -s^2$). Un point critique où $F$ monte dans une direction et
# descend dans une autre est un **point selle**, comme le creux d'une selle de cheval ou un col
# de montagne : le point le plus bas de la crête, et le plus haut de la route qui la franchit.
# Sa hessienne a une valeur propre négative et une positive ; en un minimum, toutes sont
# positives ou nulles.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
saddle = F_neuron.saddle_point()  # (0 ; 0)
H0 = F_neuron.hessian(saddle)
lam, directions = np.linalg.eigh(H0)  # valeurs propres croissantes, vecteurs en colonnes
print(f"F(0 ; 0) = {number(F_neuron.value(saddle), fixed=4)},  "
      f"moyenne des y_i² = {number(np.mean(y**2), fixed=4)}")
print(f"∇F(0 ; 0) = {point(F_neuron.grad(saddle))}")
print("hessienne en (0 ; 0) :", "  ".join(point(row, fixed=3) for row in H0))
for k in range(2):
    d = directions[:, k] / directions[0, k]  # la direction, écrite (1 ; ±1)
    print(f"valeur propre λ = {number(lam[k], fixed=3)} pour la direction {point(d)}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, (ax, axd) = plt.subplots(1, 2, figsize=(10, 4.3), layout="constrained")
plot_contour(ax, F_neuron, title="Courbes de niveau de $F$ : deux minima, un point selle")
ax.axhline(0.0, color="white", ls=":", lw=1.5)  # les deux axes, où F vaut F(0 ; 0)
ax.axvline(0.0, color="white", ls=":", lw=1.5)
for d, color in (((1.0, 1.0), COLORS[1]), ((1.0, -1.0), COLORS[0])):
    ax.annotate("", xy=(0.9 * d[0], 0.9 * d[1]), xytext=(0.0, 0.0),
                arrowprops=dict(arrowstyle="->", color=color, lw=2.2))
ax.legend(loc="lower right", fontsize="small", framealpha=0.9)
s = np.linspace(-2.0, 2.0, 201)
along = {"le long de $(1\\,;\\,1)$ : $F(s\\,;\\,s)$": (s, s, COLORS[1], "-"),
         "le long de $(1\\,;\\,-1)$ : $F(s\\,;\\,-s)$": (s, -s, COLORS[0], "-"),
         "sur l'axe $w_1 = 0$ : $F(0\\,;\\,s)$": (0 * s, s, "gray", ":")}
for label, (w1, w2, color, style) in along.items():
    axd.plot(s, F_neuron.value(np.stack([w1, w2], axis=-1)), style, color=color, lw=2,
             label=label)
axd.plot([0.0], [F_neuron.value(saddle)], ls="none", marker="X", ms=11, mfc="white",
         mec="black", mew=1.2, label="le point selle")
axd.set_xlabel("$s$")
axd.set_ylabel("$F$")
axd.set_title("$F$ le long de trois droites passant par $(0\\,;\\,0)$")
axd.grid(True, alpha=0.3)
axd.legend(loc="upper left", fontsize="small")
french_axes(axd)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Les deux axes : plats, mais pas des pièges
#
# Sur l'axe $w_1 = 0$, $\tanh(0 \cdot x) = 0$ : le réseau répond $0$ quel que soit $w_2$. Sur
# l'axe $w_2 = 0$, il répond $0$ quel que soit $w_1$. Sur ces deux axes (en pointillés),
# $F$ vaut donc partout $F(0\,;\,0)$. Une droite où $F$ est constante n'est pas pour autant
# une droite de points critiques : sur l'axe $w_1 = 0$, le gradient vaut
# $\nabla F(0\,;\,w_2) = (-3{,}233\,w_2\,;\,0)$ (en $w_2 = 1{,}5$, le $(-4{,}85\,;\,0)$ de
# l'exercice), perpendiculaire à l'axe. La descente de gradient
# quitte donc l'axe dès sa première itération. Le seul point de ces axes où le gradient
# s'annule est l'origine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Partir du point selle
#
# Lançons trois méthodes depuis le point selle lui-même, avec $\eta = 0{,}2$ et $T = 100$ :
# la descente de gradient, le momentum avec le gradient complet ($\alpha = 0{,}9$) et la SGD
# (pas $\eta/\sqrt{t}$).

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
eta, T = 0.2, 100
from_saddle = {
    "descente de gradient": gradient_descent(F_neuron, saddle, eta, T),
    "momentum (α = 0,9)": heavy_ball(F_neuron, saddle, eta, 0.9, T),
    "SGD (graine 0)": sgd(F_neuron, saddle, eta, T, seed=0),
}
for name, Z in from_saddle.items():
    still = "oui" if np.all(Z == saddle) else "non"
    print(f"{name:20s} : z_T = {point(Z[-1])},  immobile à chaque itération : {still}")

# %% [markdown] slideshow={"slide_type": "-"}
# Aucune ne bouge : le gradient est nul, le déplacement aussi. Même la SGD, dont le hasard
# secoue d'habitude la trajectoire, reste sur place : en $(0\,;\,0)$, **chaque** gradient
# partiel $\nabla F_i$ est nul (le neurone répond $0$ et $\nabla R_{\mathbf{w}}(x_i) =
# \mathbf{0}$ pour chaque exemple), si bien que le tirage de l'exemple ne change rien.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Une poussée minuscule suffit
#
# Décalons le départ d'un rien, de $\pm 10^{-8}$ sur chaque coordonnée, puis de $10^{-4}$ et
# de $10^{-12}$, et notons l'itération où $F$ passe sous $F(0\,;\,0) - 0{,}1$ : c'est là que
# la trajectoire quitte vraiment le point selle.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
F_saddle = F_neuron.value(saddle)
pushes = (1e-4, 1e-8, -1e-8, 1e-12)
escapes = {}
for push in pushes:
    Z = gradient_descent(F_neuron, push * np.ones(2), eta, 150)
    escapes[push] = Z
    t_out = np.argmax(F_neuron.value(Z) < F_saddle - 0.1)
    print(f"départ {number(push):>6} × (1 ; 1) : sort à t = {t_out:2d},  "
          f"z_T = {point(Z[-1], fixed=3)},  F(z_T) = {number(F_neuron.value(Z[-1]), fixed=4)}")

# %% [markdown] slideshow={"slide_type": "-"}
# Toutes s'échappent, et le signe de la poussée choisit le minimum. Le chapitre 2 explique le
# rythme : près du point selle, $F$ ressemble à une fonction quadratique, et le long d'une
# direction propre de valeur propre $\lambda$, l'écart au point selle est multiplié par
# $1 - \eta\lambda$ à chaque itération. Le long de $(1\,;\,1)$, $\lambda = -3{,}233$ et
# $1 - \eta\lambda = 1 + 0{,}2 \times 3{,}233 \approx 1{,}647$ : l'écart **grandit** de 65 % par
# itération. Partir dix fois plus près ne coûte donc que $\ln 10 / \ln 1{,}647 \approx 4{,}6$
# itérations de plus : 16, 34 puis 53 itérations pour des poussées de $10^{-4}$, $10^{-8}$ et
# $10^{-12}$. Le long de $(1\,;\,-1)$, au contraire, le facteur vaut $1 - 0{,}2 \times 3{,}233
# \approx 0{,}353$ : cette direction attire vers le point selle.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
plot_learning_curve(ax, F_neuron, from_saddle["descente de gradient"], color="gray",
                    label="départ exact $(0\\,;\\,0)$", log=True)
for k, push in enumerate(pushes):
    if push > 0:
        plot_learning_curve(ax, F_neuron, escapes[push][: T + 1], color=COLORS[k],
                            label=f"poussée ${number(push, tex=True)}$")
ax.set_title("Descente de gradient ($\\eta = 0{,}2$) : d'autant plus longue à partir que "
             "la poussée est petite", fontsize=10)
ax.legend(loc="lower left", fontsize="small")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Chaque courbe reste d'abord sur un **palier**, à $F(0\,;\,0)$ : la trajectoire est encore
# tout près du point selle, où $F$ ne change presque pas. Plus la poussée est petite, plus ce
# palier est long ; au départ exact, il ne finit jamais.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quel minimum ? La carte des bassins
#
# Comme pour le réseau tanh, faisons descendre d'un seul appel une grille de $121 \times 121$
# départs qui couvre le carré $[-3, 3]^2$ ($\eta = 0{,}2$, $T = 1\,500$), et colorions chaque
# départ selon le minimum qu'il atteint.

# %% slideshow={"slide_type": "-"}
grid = np.linspace(-3.0, 3.0, 121)
S1, S2 = np.meshgrid(grid, grid)
W0 = np.stack([S1, S2], axis=-1)  # les 14 641 départs : une grille de forme (121, 121, 2)
ends = gradient_descent(F_neuron, W0, eta, 1500)[-1]  # les arrivées, même forme
basin = np.zeros(S1.shape)  # +1 : arrivé en w*, −1 : en −w*, 0 : ni l'un ni l'autre
basin[np.linalg.norm(ends - minima[0], axis=-1) < 1e-3] = 1
basin[np.linalg.norm(ends - minima[1], axis=-1) < 1e-3] = -1

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
for value, name in ((1, "w*"), (-1, "−w*"), (0, "aucun des deux")):
    count = np.sum(basin == value)
    print(f"{name:15s} : {count:5d} départ{'s' if count > 1 else ''}")
starts = np.array([[2.0, 2.0], [-1.0, 2.0], [2.0, -0.5], [-1.5, 2.0], [1.0, -2.0],
                   [-2.0, 0.5], [-0.5, -2.5]])
Z_starts = gradient_descent(F_neuron, starts, eta, 1500)
for s, z in zip(starts, Z_starts[-1], strict=True):
    name = "w*" if np.linalg.norm(z - minima[0]) < 1e-3 else "−w*"
    print(f"départ {point(s):>12} → {name}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
boundary_start = np.array([-1.2597714609696051, 2.0])  # un départ sur la frontière
Z_boundary = gradient_descent(F_neuron, boundary_start, eta, 300)
fig, ax = plt.subplots(figsize=(7.5, 5.4), layout="constrained")
ax.pcolormesh(S1, S2, basin, shading="nearest", vmin=-1.5, vmax=1.5,
              cmap=ListedColormap([COLORS[1], "white", COLORS[0]]), alpha=0.35)
plot_contour(ax, F_neuron, filled=False, levels=15, title="Les deux bassins ($\\eta = 0{,}2$)")
for k in range(len(starts)):
    color = COLORS[0] if np.linalg.norm(Z_starts[-1, k] - minima[0]) < 1e-3 else COLORS[1]
    ax.plot(Z_starts[:300, k, 0], Z_starts[:300, k, 1], "-", color=color, lw=1.4)
    ax.plot(*starts[k], "o", ms=8, mfc="white", mec="black", mew=1.2)
ax.plot(Z_boundary[:, 0], Z_boundary[:, 1], "-", color="black", lw=2.2,
        label="départ sur la frontière")
ax.plot(*boundary_start, "o", ms=8, mfc="black", mec="black")
ax.plot([], [], "s", ms=10, color=COLORS[0], alpha=0.5, label="bassin de $\\mathbf{w}^*$")
ax.plot([], [], "s", ms=10, color=COLORS[1], alpha=0.5, label="bassin de $-\\mathbf{w}^*$")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Lire la carte
#
# - Les deux bassins sont **miroirs** l'un de l'autre, comme le paysage : si $\mathbf{w}$ mène
#   à $\mathbf{w}^*$, $-\mathbf{w}$ mène à $-\mathbf{w}^*$. Une seule case de la grille ne
#   mène nulle part : la case centrale, le point selle lui-même.
# - Le signe de $w_1$ au départ ne suffit pas à prédire l'arrivée : $(-1\,;\,2)$ a
#   $w_1 < 0$ et finit pourtant en $\mathbf{w}^*$, où $w_1 > 0$.
# - La **frontière** entre les bassins passe par le point selle. Elle est faite des départs
#   dont la descente mène droit sur lui, en arrivant par la direction $(1\,;\,-1)$ qui l'attire.
#
# Le départ $(-1{,}2597714609696051\,;\,2)$ (le point noir) a été cherché par dichotomie sur
# cette frontière : son voisin immédiat parmi les nombres flottants finit dans l'autre bassin.
# Sa descente passe à moins de $10^{-9}$ du point selle et s'y **attarde** une soixantaine
# d'itérations, $F$ restant à moins de $0{,}01$ de $F(0\,;\,0)$, avant de repartir vers
# $-\mathbf{w}^*$. C'est ainsi qu'un point selle ralentit un apprentissage : il retient un
# temps les trajectoires qui passent près de lui, même s'il ne garde pour de bon que celles qui
# partent exactement de lui ou de sa frontière, une ligne sans épaisseur que les nombres
# flottants ne suivent pas.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Explorer le point selle
#
# L'explorateur part du point selle $(0\,;\,0)$ et compare la descente de gradient
# ($\eta = 0{,}2$) et la SGD (pas $\eta/\sqrt{t}$) pendant $T = 150$ itérations. Les curseurs
# « départ w₁ » et « départ w₂ » avancent par crans de $0{,}05$ : ils atteignent $(0\,;\,0)$
# exactement (un clic sur la figure aussi), mais pas un départ à $10^{-8}$ du point selle. Pour
# celui-là, changez `w0` dans le code de la cellule, par exemple `w0=(1e-8, 1e-8)`, et
# relancez-la : les curseurs affichent alors $0{,}00$, mais l'explorateur garde le départ exact
# tant que vous ne les bougez pas. Au départ $(0\,;\,0)$, les deux méthodes restent
# immobiles, comme plus haut : les deux courbes d'apprentissage sont plates, à
# $F(0\,;\,0) \approx 1{,}737$.

# %% slideshow={"slide_type": "slide"}
Explorer(F_neuron, method="gd", compare=["gd", "sgd"], eta=0.2, T=150, w0=(0.0, 0.0), seed=0)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Déplacez le départ d'un seul cran : $(0{,}05\,;\,0)$, puis $(-0{,}05\,;\,0)$, puis
#    $(0\,;\,0{,}05)$. Quel minimum la descente de gradient atteint-elle chaque fois ?
#    Expliquez son premier déplacement à l'aide du gradient sur les axes.
#
#    <details><summary>Réponse</summary>
#
#    $(0{,}05\,;\,0)$ mène à $\mathbf{w}^*$, $(-0{,}05\,;\,0)$ à $-\mathbf{w}^*$ (c'est le
#    miroir du précédent) et $(0\,;\,0{,}05)$ à $\mathbf{w}^*$ ; les trois quittent le
#    palier dès les itérations 4 ou 5. Sur l'axe $w_2 = 0$, le gradient est vertical :
#    $\nabla F(0{,}05\,;\,0) \approx (0\,;\,-0{,}161)$, la descente augmente donc $w_2$. Sur
#    l'axe $w_1 = 0$, il est horizontal : $\nabla F(0\,;\,0{,}05) = (-3{,}233 \times 0{,}05\,;\,0)
#    \approx (-0{,}162\,;\,0)$, la descente augmente $w_1$. Dans les deux cas, la trajectoire
#    entre dans le quart de plan $w_1 > 0$, $w_2 > 0$ et rejoint $\mathbf{w}^*$.
#
#    </details>
#
# 2. Placez le départ en $(0{,}05\,;\,-0{,}05)$, dans la direction $(1\,;\,-1)$ où $F$
#    monte. Que fait la trajectoire pendant ses premières itérations ? Comparez sa courbe
#    d'apprentissage avec celle du départ $(0{,}05\,;\,0{,}05)$.
#
#    <details><summary>Réponse</summary>
#
#    Elle revient d'abord vers le point selle : la direction $(1\,;\,-1)$ l'attire (facteur
#    $0{,}353$ par itération), et à $t = 5$ elle n'en est plus qu'à $0{,}0009$. Mais son
#    premier pas n'est pas exactement dans la direction $(1\,;\,-1)$ ($F$ n'est pas tout à fait
#    quadratique) : il crée une composante selon $(1\,;\,1)$ d'environ $7 \times 10^{-5}$,
#    qui grandit ensuite de 65 % par itération et finit par l'emporter. La courbe
#    d'apprentissage montre un palier près de $F(0\,;\,0)$, puis $F$ passe sous
#    $F(0\,;\,0) - 0{,}1$ à $t = 17$, contre $t = 3$ depuis $(0{,}05\,;\,0{,}05)$, qui part
#    tout droit dans la direction où $F$ descend.
#
#    </details>
#
# 3. Plus petit qu'un cran : dans la cellule de l'explorateur, écrivez `w0=(1e-8, 1e-8)` et
#    relancez-la. La descente de gradient quitte le palier $F \approx F(0\,;\,0)$ à $t = 34$,
#    comme dans le tableau des poussées. Et la SGD, pour les graines 0 à 5 : son hasard
#    l'aide-t-il à s'échapper ?
#
#    <details><summary>Réponse</summary>
#
#    Non : après 150 itérations, la SGD est encore tout près du point selle. Avec la graine 0,
#    $\mathbf{z}_T \approx (0{,}009\,;\,0{,}009)$ et $F(\mathbf{z}_T) \approx 1{,}736$ ; pour
#    les graines 0 à 5, elle reste à moins de $0{,}03$ du point selle, alors que la descente de
#    gradient est déjà tout près de $\mathbf{w}^*$ ($F(\mathbf{z}_T) \approx 0{,}0036$). Près
#    du point selle, chaque $\nabla F_i$ est minuscule (proportionnel à la distance au point
#    selle) : son bruit l'est aussi, et le pas $\eta/\sqrt{t}$, qui décroît, ralentit encore la
#    fuite. Ici, le hasard de la SGD n'aide pas.
#
#    </details>
#
# 4. Le départ sur la frontière : relancez la cellule avec
#    `w0=(-1.2597714609696051, 2.0)`. La descente de gradient s'attarde une soixantaine
#    d'itérations près du point selle : de quelle itération à quelle itération sa courbe
#    d'apprentissage reste-t-elle à moins de $0{,}01$ de $F(0\,;\,0)$ ? Faites varier la graine
#    de 0 à 5 : quel minimum la SGD atteint-elle, et s'attarde-t-elle ?
#
#    <details><summary>Réponse</summary>
#
#    De $t = 5$ à $t = 68$, soit 64 itérations, puis la courbe plonge ; la trajectoire finit
#    vers $-\mathbf{w}^*$. La SGD ne s'attarde jamais (aucune itération à moins de $0{,}01$ de
#    $F(0\,;\,0)$) : loin du point selle, les $\nabla F_i$ ne sont pas nuls, et l'exemple
#    tiré l'écarte de la frontière dès les premières itérations. Son minimum dépend de la
#    graine :
#    $-\mathbf{w}^*$ pour les graines 0 et 2, $\mathbf{w}^*$ pour les graines 1, 3, 4 et 5.
#    Ici, le hasard aide : il évite le long détour par le point selle.
#
#    </details>

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
# - Les symétries d'un réseau donnent plusieurs minima exactement aussi bons : pour
#   $R_{\mathbf{w}}(x) = w_2\tanh(w_1 x)$, $\mathbf{w}^*$ et $-\mathbf{w}^*$.
# - Un **point selle** a un gradient nul, mais sa hessienne a une valeur propre négative : $F$ y
#   descend dans une direction. La descente de gradient n'y reste que si elle y part
#   exactement ; une poussée de $10^{-8}$ suffit à la faire partir (l'écart est multiplié par
#   $1 - \eta\lambda > 1$ à chaque itération).
# - Une trajectoire qui passe près d'un point selle s'y attarde : c'est ainsi qu'il ralentit un
#   apprentissage. Le minimum atteint dépend du départ et, pour la SGD, de la graine.
