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
from course_utils import LeastSquares, linear_example
from course_utils.french import number, point
from course_utils.plotting import plot_contour, plot_gradient_field, plot_surface
from course_utils.widgets import Explorer, GradientProbe

# %% [markdown] slideshow={"slide_type": "slide"}
# # 1. La régression linéaire et son gradient
#
# *Ce chapitre adapte le cours de Pascal Germain (2019), publié sous licence CC BY 4.0 ; le texte
# est réécrit, le code est sous licence MIT.*

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Objectifs d'apprentissage
#
# À la fin de ce chapitre, vous saurez :
#
# - écrire la perte quadratique d'un exemple et la fonction objectif $F(\mathbf{w})$ des moindres
#   carrés pour un prédicteur linéaire ;
# - calculer, étape par étape, ses dérivées partielles et son gradient $\nabla F(\mathbf{w})$ ;
# - lire des courbes de niveau et y reconnaître la direction de $-\nabla F(\mathbf{w})$ ;
# - trouver le point $\mathbf{w}^*$ où $F$ est minimale en résolvant
#   $\nabla F(\mathbf{w}) = \mathbf{0}$ ;
# - vérifier un gradient calculé à la main par des différences finies.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le problème : apprendre à partir d'exemples
#
# On dispose d'un **ensemble d'apprentissage** de $n$ exemples :
#
# $$S = \{(\mathbf{x}_1, y_1), (\mathbf{x}_2, y_2), \dots, (\mathbf{x}_n, y_n)\},
# \qquad \mathbf{x}_i \in \mathbb{R}^d,\quad y_i \in \mathbb{R}.$$
#
# Chaque $\mathbf{x}_i$ est un vecteur de $d$ caractéristiques, et $y_i$ est la valeur que l'on
# voudrait prédire pour cet exemple (sa **cible**).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Un prédicteur linéaire, sans biais
#
# Pour prédire, on choisit un vecteur de **poids** $\mathbf{w} \in \mathbb{R}^d$ et l'on calcule
# un produit scalaire :
#
# $$f_{\mathbf{w}}(\mathbf{x}) = \mathbf{w} \cdot \mathbf{x} = \sum_{k=1}^d w_k\, x_k .$$
#
# « Sans biais » signifie qu'il n'y a pas de terme constant $b$ ajouté : la prédiction vaut
# toujours $0$ quand $\mathbf{x} = \mathbf{0}$. Apprendre, c'est choisir $\mathbf{w}$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Les moindres carrés
#
# Pour juger un choix de $\mathbf{w}$, on mesure ce que coûte chaque erreur de prédiction : c'est
# le rôle d'une **fonction de perte**. L'**erreur** sur l'exemple $i$ est l'écart entre la
# prédiction et la cible, $\mathbf{w} \cdot \mathbf{x}_i - y_i$ ; sa **perte quadratique** est
# le carré de cette erreur, $\left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)^2$ : une
# erreur par excès et une erreur par défaut comptent de la même façon.
# La moyenne des pertes sur les $n$ exemples est la **fonction objectif** des moindres carrés :
#
# $$F(\mathbf{w}) = \frac{1}{n} \sum_{i=1}^n \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)^2 .$$
#
# Le meilleur prédicteur est celui qui rend cette perte moyenne la plus petite possible :
# on cherche $\displaystyle \mathbf{w}^* = \arg\min_{\mathbf{w}} F(\mathbf{w})$, le point
# $\mathbf{w}$ où $F$ atteint sa plus petite valeur (« arg min » se lit « l'argument qui
# minimise »).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## La dérivée partielle, étape par étape
#
# Choisissons une composante $w_k$ et dérivons $F$ par rapport à elle, les autres poids restant
# fixes. On note $x_{i,k}$ la $k$-ième composante de $\mathbf{x}_i$, si bien que
# $\mathbf{w} \cdot \mathbf{x}_i = w_1\, x_{i,1} + \dots + w_d\, x_{i,d}$ :
#
# $$
# \begin{aligned}
# \frac{\partial F(\mathbf{w})}{\partial w_k}
# &= \frac{1}{n} \sum_{i=1}^n \frac{\partial}{\partial w_k}
#    \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)^2
#    && \text{(la dérivée d'une somme est la somme des dérivées)} \\
# &= \frac{1}{n} \sum_{i=1}^n 2 \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)
#    \frac{\partial}{\partial w_k} \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)
#    && \text{(dérivée d'un carré : } (u^2)' = 2u\,u' \text{)} \\
# &= \frac{1}{n} \sum_{i=1}^n 2 \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right)
#    \frac{\partial}{\partial w_k} \left(w_k\, x_{i,k}\right)
#    && \text{(seul le terme } w_k x_{i,k} \text{ dépend de } w_k \text{)} \\
# &= \frac{2}{n} \sum_{i=1}^n \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right) x_{i,k} .
# \end{aligned}
# $$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le gradient
#
# Le **gradient** $\nabla F(\mathbf{w})$ rassemble les $d$ dérivées partielles dans un vecteur :
#
# $$
# \nabla F(\mathbf{w}) =
# \begin{bmatrix}
# \dfrac{\partial F(\mathbf{w})}{\partial w_1} \\ \vdots \\ \dfrac{\partial F(\mathbf{w})}{\partial w_d}
# \end{bmatrix}
# = \frac{2}{n} \sum_{i=1}^n \left(\mathbf{w} \cdot \mathbf{x}_i - y_i\right) \mathbf{x}_i .
# $$
#
# Chaque exemple apporte un vecteur parallèle à $\mathbf{x}_i$, d'autant plus long que son
# erreur $\mathbf{w} \cdot \mathbf{x}_i - y_i$ est grande (en valeur absolue).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pourquoi chercher $\nabla F(\mathbf{w}) = \mathbf{0}$ ?
#
# - Le gradient pointe dans la direction où $F$ **monte** le plus vite ; $-\nabla F(\mathbf{w})$
#   pointe donc vers la descente la plus rapide.
# - Tant que $\nabla F(\mathbf{w}) \neq \mathbf{0}$, un petit déplacement dans la direction
#   $-\nabla F(\mathbf{w})$ fait baisser $F$ : le point $\mathbf{w}$ n'est pas un minimum.
# - Au fond de la vallée, le terrain est plat : le gradient est nul.
#
# La réciproque (gradient nul, donc minimum) n'est pas vraie pour toutes les fonctions, mais
# elle l'est pour les fonctions **convexes**. Une fonction $F$ est convexe si, entre deux points
# quelconques $\mathbf{w}$ et $\mathbf{w}'$, son graphe reste sous la corde qui les relie :
#
# $$F\big(\theta\,\mathbf{w} + (1-\theta)\,\mathbf{w}'\big) \le \theta\, F(\mathbf{w})
# + (1-\theta)\, F(\mathbf{w}') \qquad \text{pour tout } \theta \in [0, 1] .$$
#
# C'est une cuvette sans creux secondaire. Notre $F$ est convexe (comme toute moyenne de carrés
# d'expressions affines en $\mathbf{w}$) : tout point où $\nabla F = \mathbf{0}$ est donc **un**
# minimum global. Qu'il n'y en ait qu'un demande un peu plus ; nous le verrons au chapitre 2.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Les données du cours
#
# Nous utilisons $n = 3$ exemples en dimension $d = 2$ ; on les range en lignes d'une matrice
# $\mathbf{X}$ et dans un vecteur $\mathbf{y}$ :
#
# $$
# \mathbf{X} = \begin{bmatrix} 1 & 1 \\ 0 & -1 \\ 2 & \tfrac{1}{2} \end{bmatrix}, \qquad
# \mathbf{y} = \begin{bmatrix} -1 \\ 3 \\ 2 \end{bmatrix}.
# $$
#
# Avec deux poids seulement, $F(w_1, w_2)$ se dessine : c'est une surface au-dessus du plan.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
X, y = linear_example()
F = LeastSquares(X, y)  # la fonction objectif F de ces données (voir plus bas)
print("exemple i | x_i1 | x_i2 | y_i")
for i in range(F.n):
    print(f"{i + 1:9d} | {number(X[i, 0]):>4} | {number(X[i, 1]):>4} | {number(y[i]):>3}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : la fonction objectif
#
# Écrivez `objectif(w, X, y)`, qui renvoie le nombre
# $F(\mathbf{w}) = \frac{1}{n}\sum_{i=1}^n (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$.
# `w` est un tableau numpy de forme $(d,)$, `X` une matrice $(n, d)$ (un exemple par ligne) et
# `y` un vecteur $(n,)$. Indice : `X @ w` calcule d'un coup les $n$ produits scalaires
# $\mathbf{w}\cdot\mathbf{x}_i$.
#
# Exécutez la cellule : `check` essaie votre fonction sur les données du cours et sur d'autres,
# et vous dit ce qui ne va pas.

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def objectif(w, X, y):
    # VOTRE CODE ICI : renvoyer F(w), un nombre
    ...


check("1.1", objectif)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def objectif(w, X, y):
    ecarts = X @ w - y  # les n écarts w·x_i − y_i
    return np.mean(ecarts**2)


check("1.1", objectif)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### La surface et ses courbes de niveau
#
# À gauche, la surface $F(w_1, w_2)$ : une cuvette allongée. À droite, la même fonction vue
# **du dessus** : chaque courbe relie des points de même valeur de $F$, comme les lignes
# d'altitude d'une carte de randonnée ; ici, ce sont des **ellipses** emboîtées. L'étoile
# marque le point $\mathbf{w}^*$ où $F$ est minimale.
#
# Attention, les niveaux ne sont pas régulièrement espacés (lisez l'échelle des couleurs) :
# d'une courbe à la suivante, la hauteur au-dessus du minimum, $F(\mathbf{w}) -
# F(\mathbf{w}^*)$, est multipliée par environ $1{,}3$ (davantage vers les bords de la
# figure). Les courbes se resserrent donc au fond de la cuvette pour en montrer le détail :
# sur cette carte, contrairement à une carte de randonnée, des courbes serrées ne signalent
# pas une pente forte.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig = plt.figure(figsize=(10, 4.3), layout="constrained")
ax3d = fig.add_subplot(1, 2, 1, projection="3d")
plot_surface(ax3d, F, azim=-60)
ax3d.set_xticks([-8, -4, 0, 4, 8])
ax3d.set_yticks([-8, -4, 0, 4, 8])
ax = fig.add_subplot(1, 2, 2)
plot_contour(ax, F, colorbar=True, title="Courbes de niveau de $F$")
ax.legend(loc="upper right")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le champ de gradient
#
# En chaque point d'une grille, dessinons la flèche $-\nabla F(\mathbf{w})$, la direction de
# la descente la plus rapide. Observez :
#
# - les flèches croisent les courbes de niveau **à angle droit** ;
# - elles sont longues loin du minimum (pente forte) et rétrécissent près de $\mathbf{w}^*$ ;
# - elles ne visent pas toujours droit sur $\mathbf{w}^*$ : la cuvette est allongée.
#
# *Pour la lisibilité, la longueur des flèches est proportionnelle à $\sqrt{\|\nabla F\|}$, et
# non à $\|\nabla F\|$, la longueur (ou **norme**) du gradient : les différences de longueur
# sont atténuées.*

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
plot_contour(ax, F, title="Les flèches de $-\\nabla F(\\mathbf{w})$ sur les courbes de niveau")
plot_gradient_field(ax, F, label="$-\\nabla F(\\mathbf{w})$")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Le minimum, calculé directement
#
# Écrivons le gradient avec des matrices. $\mathbf{X}\mathbf{w}$ est le vecteur des $n$
# prédictions $\mathbf{w} \cdot \mathbf{x}_i$, donc $\mathbf{r} = \mathbf{X}\mathbf{w} -
# \mathbf{y}$ est celui des $n$ erreurs ; et $\mathbf{X}^\top \mathbf{r} = \sum_i r_i\,
# \mathbf{x}_i$ additionne les lignes de $\mathbf{X}$, chacune multipliée par son erreur. Ainsi
# $\nabla F(\mathbf{w}) = \frac{2}{n}\, \mathbf{X}^\top (\mathbf{X}\mathbf{w} - \mathbf{y})$.
# L'annuler donne les **équations normales** :
#
# $$\mathbf{X}^\top \mathbf{X}\, \mathbf{w}^* = \mathbf{X}^\top \mathbf{y} .$$
#
# C'est un système linéaire $d \times d$ : ici, deux équations à deux inconnues.
# Dans le code, `F = LeastSquares(X, y)` est la fonction objectif de nos données : `F.value(w)`
# calcule $F(\mathbf{w})$ (comme votre `objectif`), et `F.minimizer()` résout ce système.
# Vérifions que le gradient est bien nul en sa solution.

# %% keep_output=true slideshow={"slide_type": "-"}
# NBVAL_CHECK_OUTPUT
w_star = F.minimizer()
w_normal = np.linalg.solve(X.T @ X, X.T @ y)  # les équations normales, résolues directement
g_star = F.grad(w_star)
print(f"w* = {point(w_star, fixed=4)}")
print("même solution que les équations normales :", "oui" if np.allclose(w_star, w_normal) else "non")
print(f"F(w*) = {number(F.value(w_star), fixed=4)}")
print("‖∇F(w*)‖ < 10⁻¹⁰ :", "oui" if np.linalg.norm(g_star) < 1e-10 else "non")

# %% [markdown] slideshow={"slide_type": "subslide"}
# La valeur minimale $F(\mathbf{w}^*)$ n'est pas nulle : aucun $\mathbf{w}$ ne vérifie à la
# fois les trois équations $\mathbf{w} \cdot \mathbf{x}_i = y_i$ (trois équations pour
# seulement deux inconnues : un tel système n'a en général pas de solution, et c'est le cas
# ici).
# Les moindres carrés trouvent le meilleur **compromis**.
#
# Cette solution explicite est idéale pour un petit problème. Avec des millions de poids, le
# système $d \times d$ devient trop coûteux à former et à résoudre ; pour un modèle non linéaire
# comme un réseau de neurones, il n'existe même plus de telle formule. On suivra plutôt les
# flèches, étape par étape : c'est la **descente de gradient** du chapitre suivant.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de coder : le gradient
#
# Écrivez `gradient(w, X, y)`, qui renvoie le vecteur
# $\nabla F(\mathbf{w}) = \frac{2}{n}\sum_{i=1}^n (\mathbf{w}\cdot\mathbf{x}_i - y_i)\,
# \mathbf{x}_i$, de forme $(d,)$, sans boucle : la forme matricielle
# $\frac{2}{n}\,\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})$ s'écrit presque telle quelle
# avec numpy (`X.T` est la transposée).

# %% slideshow={"slide_type": "-"} tags=["exercise"]
from course_utils.exercises import check


def gradient(w, X, y):
    # VOTRE CODE ICI : renvoyer ∇F(w), de forme (d,)
    ...


check("1.2", gradient)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["solution"]
def gradient(w, X, y):
    n = len(y)
    return (2 / n) * X.T @ (X @ w - y)


check("1.2", gradient)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Vérifier le gradient par différences finies
#
# Une erreur de calcul dans un gradient est vite arrivée. Un test simple : pour un petit $h$,
#
# $$\frac{\partial F}{\partial w_k}(\mathbf{w}) \approx
# \frac{F(\mathbf{w} + h\,\mathbf{e}_k) - F(\mathbf{w} - h\,\mathbf{e}_k)}{2h},$$
#
# où $\mathbf{e}_k$ est le $k$-ième vecteur de la base canonique ($\mathbf{e}_1 = (1\,;\,0)$,
# $\mathbf{e}_2 = (0\,;\,1)$). Comparons les deux calculs en cinq points tirés au hasard :
# `F.grad` calcule le gradient par la formule (comme votre `gradient`), et chaque appel de
# `F.value` ou `F.grad` traite les cinq points à la fois.

# %% keep_output=true slideshow={"slide_type": "subslide"}
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(2019)
points = rng.uniform(-8, 8, size=(5, 2))  # cinq points w au hasard, un par ligne
h = 1e-5
analytic = F.grad(points)  # le gradient de la formule, aux cinq points
finite_diff = np.zeros_like(analytic)
for k, e_k in enumerate(np.eye(2)):  # e_1 = (1, 0) puis e_2 = (0, 1)
    finite_diff[:, k] = (F.value(points + h * e_k) - F.value(points - h * e_k)) / (2 * h)
error = np.max(np.abs(finite_diff - analytic))
print("aux cinq points, le gradient de la formule, puis celui des différences finies :")
for j in range(len(points)):
    print(f"  w = {point(points[j], fixed=2)} : {point(analytic[j], fixed=3)}, "
          f"{point(finite_diff[j], fixed=3)}")
print("écart maximal avec les différences finies < 10⁻⁶ :", "oui" if error < 1e-6 else "non")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Une sonde de gradient
#
# Déplacez le point avec les curseurs « point w₁ » et « point w₂ » (ou cliquez sur la figure) :
# la flèche orange montre $-\nabla F(\mathbf{w})$ en ce point, et la ligne sous la figure donne
# $F(\mathbf{w})$ et $\nabla F(\mathbf{w})$.

# %% slideshow={"slide_type": "slide"}
probe = GradientProbe(F, w=(-4.0, 5.0))
probe

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### À vous de jouer
#
# 1. Avec les curseurs « point w₁ » et « point w₂ », placez le point là où la flèche est la plus
#    courte. Que vaut alors $\|\nabla F(\mathbf{w})\|$ ? Comparez vos coordonnées à $\mathbf{w}^*$.
#
#    <details><summary>Réponse</summary>
#
#    Les curseurs avancent de 0,05 : au mieux, le point $(1{,}75\,;\,-2{,}90)$, où
#    $\|\nabla F(\mathbf{w})\| = 0{,}0373$ ; la ligne d'état signale un gradient presque nul. C'est
#    le cran le plus proche de $\mathbf{w}^* = (1{,}7586\,;\,-2{,}8966)$. En $\mathbf{w}^*$
#    lui-même, le gradient est exactement nul, mais aucun cran des curseurs n'y tombe.
#
#    </details>
#
# 2. Au point de départ $(-4\,;\,5)$, la flèche vise-t-elle l'étoile ? Avec « point w₁ » et
#    « point w₂ », cherchez des points où elle vise droit sur l'étoile : comment sont-ils placés
#    par rapport aux ellipses ?
#
#    <details><summary>Réponse</summary>
#
#    Non : en $(-4\,;\,5)$, la flèche s'écarte d'environ 28° de la direction de l'étoile. Elle
#    vise droit sur l'étoile seulement sur les deux **axes de symétrie** des ellipses, qui se
#    croisent en $\mathbf{w}^*$ : le grand axe, le long de la vallée (direction
#    $(0{,}47\,;\,-0{,}89)$ ; par exemple vers $(-0{,}10\,;\,0{,}65)$), et le petit axe, en
#    travers (direction $(0{,}89\,;\,0{,}47)$ ; par exemple vers $(3{,}55\,;\,-1{,}95)$). Sur ces
#    axes, l'ellipse coupe à angle droit la droite qui mène à l'étoile ; la flèche, perpendiculaire
#    à l'ellipse, suit donc cette droite. Ailleurs, la flèche penche vers la direction du petit
#    axe, celle où $F$ varie le plus vite : elle traverse la vallée plus qu'elle ne la descend.
#
#    </details>
#
# 3. Placez le point en $(0\,;\,0)$ et lisez $\nabla F(\mathbf{w})$ sous la figure. Retrouvez ce
#    vecteur à la main avec la formule du gradient (indice : en $\mathbf{w} = \mathbf{0}$,
#    chaque erreur vaut simplement $-y_i$).
#
#    <details><summary>Réponse</summary>
#
#    La ligne d'état donne $\nabla F(\mathbf{0}) = (-2\,;\,2)$. À la main, les trois erreurs
#    valent $-y_1 = 1$, $-y_2 = -3$ et $-y_3 = -2$, donc
#
#    $$\nabla F(\mathbf{0}) = \frac{2}{3}\Big(1 \times (1\,;\,1) - 3 \times (0\,;\,-1)
#    - 2 \times \big(2\,;\,\tfrac{1}{2}\big)\Big) = \frac{2}{3}\,(-3\,;\,3) = (-2\,;\,2) .$$
#
#    </details>
#
# 4. Comparez la longueur de la flèche en $(-7\,;\,7)$ et en $(1\,;\,-2)$. Pourquoi la flèche
#    raccourcit-elle en approchant du minimum ?
#
#    <details><summary>Réponse</summary>
#
#    La ligne d'état donne $\|\nabla F(\mathbf{w})\| = 16{,}3$ en $(-7\,;\,7)$ et $1{,}37$ en
#    $(1\,;\,-2)$ : une flèche environ douze fois plus courte. Chaque exemple contribue au gradient
#    selon son erreur $\mathbf{w}\cdot\mathbf{x}_i - y_i$, et ces erreurs se rapprochent de leurs
#    valeurs en $\mathbf{w}^*$, où les contributions se compensent exactement. Plus précisément,
#    puisque
#    $\mathbf{X}^\top\mathbf{X}\,\mathbf{w}^* = \mathbf{X}^\top\mathbf{y}$, le gradient s'écrit
#    $\nabla F(\mathbf{w}) = \frac{2}{n}\,\mathbf{X}^\top\mathbf{X}\,(\mathbf{w} - \mathbf{w}^*)$ :
#    sa norme vaut entre $0{,}80$ et $4{,}03$ fois la distance $\|\mathbf{w} - \mathbf{w}^*\|$,
#    selon la direction. Or $(1\,;\,-2)$ est onze fois plus près de $\mathbf{w}^*$ que
#    $(-7\,;\,7)$.
#
#    </details>

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Avant-goût : suivre les flèches
#
# Et si l'on partait d'un point quelconque en se déplaçant un peu, à chaque itération, dans la
# direction de la flèche ? L'explorateur ci-dessous le fait pour vous, depuis $(-7\,;\,7)$, avec
# un pas d'apprentissage $\eta = 0{,}4$ (il règle la longueur des déplacements) et $T = 20$
# itérations.
# Le chapitre suivant explique tout ; essayez déjà le curseur « pas η » en le montant cran par
# cran vers $0{,}5$. À droite, la **courbe d'apprentissage** montre $F(\mathbf{z}_t)$, la valeur
# de $F$ au point $\mathbf{z}_t$ atteint après $t$ itérations : comparez-la aux crans $0{,}4921$
# et $0{,}5036$ du curseur. Que se passe-t-il ?
# (Le seuil qui sépare ces deux comportements, $0{,}4957$, sera calculé au chapitre 2. La ligne
# sous la figure l'affiche déjà, « seuil de stabilité de la descente de gradient 2/L », avec un
# « pas optimal » : deux notions que le chapitre 2 explique.)
#
# <details><summary>Réponse</summary>
#
# Au cran $0{,}4921$, $F(\mathbf{z}_t)$ baisse à chaque itération, de $85{,}75$ à $11{,}14$ en
# 20 itérations, lentement : les points sautent d'un bord à l'autre de la vallée. Au cran
# $0{,}5036$, elle baisse d'abord, jusqu'à $26{,}70$ à $t = 4$, puis remonte à chaque itération,
# jusqu'à $69{,}66$ à $t = 20$ : les sauts d'un bord à l'autre s'allongent, la descente
# **diverge**. Un pas à peine plus grand, et tout change.
#
# </details>

# %% slideshow={"slide_type": "slide"}
Explorer(F)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - Les moindres carrés mesurent la qualité de $\mathbf{w}$ par la moyenne des pertes
#   quadratiques, $F(\mathbf{w}) = \frac{1}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)^2$.
# - Son gradient est $\nabla F(\mathbf{w}) = \frac{2}{n}\sum_i (\mathbf{w}\cdot\mathbf{x}_i - y_i)\,\mathbf{x}_i$ :
#   chaque exemple contribue selon son erreur.
# - $-\nabla F(\mathbf{w})$ indique la descente la plus rapide ; il est perpendiculaire aux
#   courbes de niveau.
# - $F$ est convexe (son graphe reste sous ses cordes) : tout point où $\nabla F = \mathbf{0}$ est
#   un minimum global. Ici il n'y en a qu'un, la solution des équations normales
#   $\mathbf{X}^\top\mathbf{X}\,\mathbf{w}^* = \mathbf{X}^\top\mathbf{y}$.
# - Un gradient calculé à la main se vérifie facilement par différences finies.
