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
from course_utils import LeastSquares, gradient_descent, linear_example
from course_utils.french import french_axes, number, point
from course_utils.plotting import (
    COLORS,
    plot_contour,
    plot_learning_curve,
    plot_model_outputs,
    plot_trajectory,
)
from course_utils.widgets import Explorer

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
# - expliquer, avec les valeurs propres de la hessienne, pourquoi un pas trop grand fait diverger
#   la méthode ;
# - calculer le seuil de stabilité $2/L$ et le meilleur pas constant $2/(L+\mu)$.

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
    for t in range(1, T + 1):
        z = z - eta * grad(z)  # un nouveau tableau à chaque pas
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
eta = 0.4
eta_fr = number(eta, tex=True)  # virgule décimale : « 0,4 »
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, title=f"Trajectoire, $\\eta = {eta_fr}$, $T = {T}$")
plot_trajectory(ax, runs[eta], color=COLORS[0], label=f"$\\eta = {eta_fr}$")
ax.legend(loc="lower left")
plot_learning_curve(axc, F, runs[eta], color=COLORS[0], label=f"$\\eta = {eta_fr}$", log=True)
axc.legend(loc="upper right")
axc.set_title("Courbe d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}4$, la trajectoire zigzague un peu mais atteint le minimum en une quinzaine
# d'itérations : $F(\mathbf{z}_t)$ chute jusqu'à la valeur minimale $F(\mathbf{w}^*)$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
eta = 0.1
eta_fr = number(eta, tex=True)
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, title=f"Trajectoire, $\\eta = {eta_fr}$, $T = {T}$")
plot_trajectory(ax, runs[eta], color=COLORS[1], label=f"$\\eta = {eta_fr}$")
ax.legend(loc="lower left")
plot_learning_curve(axc, F, runs[eta], color=COLORS[1], label=f"$\\eta = {eta_fr}$", log=True)
axc.legend(loc="upper right")
axc.set_title("Courbe d'apprentissage")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Avec $\eta = 0{,}1$, chaque déplacement est prudent : la trajectoire est régulière, mais
# 20 itérations ne suffisent pas pour arriver au fond de la vallée.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
eta = 0.5
eta_fr = number(eta, tex=True)
fig, (ax, axc) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_contour(ax, F, title=f"Trajectoire, $\\eta = {eta_fr}$, $T = {T}$")
plot_trajectory(ax, runs[eta], color=COLORS[2], label=f"$\\eta = {eta_fr}$")
ax.legend(loc="lower left")
plot_learning_curve(axc, F, runs[eta], color=COLORS[2], label=f"$\\eta = {eta_fr}$", log=True)
axc.legend(loc="center left")
axc.set_title("Courbe d'apprentissage")
plt.show()

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
# ## Pourquoi $\eta = 0{,}5$ échoue-t-il ?
#
# Pour les moindres carrés, le gradient est une fonction **affine** de $\mathbf{w}$ :
#
# $$\nabla F(\mathbf{w}) = \frac{2}{n}\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})
# = \mathbf{H}\,(\mathbf{w} - \mathbf{w}^*), \qquad
# \mathbf{H} = \frac{2}{n}\mathbf{X}^\top\mathbf{X},$$
#
# où $\mathbf{H}$ est la **hessienne** de $F$ (la matrice de ses dérivées secondes, constante
# ici) ; la seconde égalité vient des équations normales
# $\mathbf{X}^\top\mathbf{X}\,\mathbf{w}^* = \mathbf{X}^\top\mathbf{y}$ du chapitre 1. Une
# itération transforme donc l'écart au minimum $\boldsymbol{\delta}_t = \mathbf{z}_t -
# \mathbf{w}^*$ par une simple multiplication matricielle :
#
# $$\boldsymbol{\delta}_t = (\mathbf{I} - \eta\,\mathbf{H})\,\boldsymbol{\delta}_{t-1} .$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Direction par direction
#
# $\mathbf{H}$ est symétrique : elle a deux directions propres perpendiculaires, de valeurs
# propres $\mu$ (la plus petite) et $L$ (la plus grande). Le long d'une direction propre de valeur
# propre $\lambda$, l'écart est **multiplié par** $1 - \eta\lambda$ à chaque itération :
#
# - si $|1 - \eta\lambda| < 1$, l'écart rétrécit : on converge dans cette direction ;
# - si $1 - \eta\lambda < 0$, il change de signe à chaque itération : c'est le zigzag ;
# - si $|1 - \eta\lambda| > 1$, il grandit à chaque itération : on diverge.
#
# Il faut $|1 - \eta\lambda| < 1$ pour $\lambda = \mu$ **et** $\lambda = L$, c'est-à-dire
# $\eta < 2/L$ : c'est le **seuil de stabilité**.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Le meilleur pas constant
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
handles, labels = axc.get_legend_handles_labels()
star = labels.index("$F(\\mathbf{w}^*)$")  # la droite F(w*) en dernier dans la légende
axc.legend(handles[:star] + handles[star + 1:] + [handles[star]],
           labels[:star] + labels[star + 1:] + [labels[star]], loc="upper right")
axc.set_title("Courbes d'apprentissage (mêmes couleurs)")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Quel que soit le départ, la trajectoire rejoint le même point $\mathbf{w}^*$. C'est la promesse
# du chapitre 1 : $F$ est même **strictement** convexe (son graphe passe strictement sous chacune
# de ses cordes ; pour une fonction quadratique comme la nôtre, cela revient à $\mu > 0$), elle
# n'a donc qu'un seul minimum.

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
rate = np.maximum(np.abs(1 - eta_fine * F.mu), np.abs(1 - eta_fine * F.L))
predicted = np.log(tol / np.linalg.norm(w0 - w_star)) / np.log(rate)

fig, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
failed = np.isnan(steps_needed)
ax.plot(eta_fine, predicted, color="gray", lw=1.5, label="prédiction de l'analyse")
ax.plot(etas, steps_needed, "o", color=COLORS[0], ms=5, label="descente de gradient (mesuré)")
ax.plot(etas[failed], np.full(failed.sum(), 0.8 * T_long), "x", color="#b00020", ms=8, mew=2,
        label=f"pas de convergence en {T_long} itérations")
ax.axvspan(F.stability_threshold, 0.58, color="#b00020", alpha=0.12)
ax.axvline(F.optimal_step, color=COLORS[2], ls="--",
           label=f"meilleur pas $2/(L+\\mu) \\approx {number(F.optimal_step, fixed=3, tex=True)}$")
ax.axvline(F.stability_threshold, color="#b00020", ls="--",
           label=f"seuil de stabilité $2/L \\approx {number(F.stability_threshold, fixed=3, tex=True)}$")
ax.text(0.537, 60, "ne converge pas", color="#b00020", rotation=90, ha="center", va="center",
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
# 2. Montez « pas η » cran par cran, d'environ 0,45 à environ 0,6, en franchissant
#    $2/L \approx 0{,}4957$ (entre les crans 0,4921 et 0,5036) : que devient la courbe
#    d'apprentissage ? Que dit la ligne sous la figure vers 0,6 ?
# 3. Réglez « pas η » au plus près de 0,1 (le cran 0,1005) puis augmentez « itérations T » : à
#    partir de combien d'itérations la distance à $\mathbf{w}^*$ (sous la figure) passe-t-elle
#    sous 0,01 ? Combien en faut-il avec $\eta = 0{,}4$ ?
# 4. Cliquez sur les courbes de niveau pour déplacer le départ (ou utilisez « départ w₁ » et
#    « départ w₂ ») : avec $\eta \approx 0{,}45$, trouvez un départ d'où la trajectoire ne zigzague
#    presque pas. Dans quelle direction se trouve-t-il par rapport à $\mathbf{w}^*$ ?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## À retenir
#
# - La descente de gradient répète $\mathbf{z}_t = \mathbf{z}_{t-1} - \eta\,\nabla F(\mathbf{z}_{t-1})$ ;
#   $T$ itérations donnent $T + 1$ points $\mathbf{z}_0, \dots, \mathbf{z}_T$.
# - Le pas d'apprentissage $\eta$ est décisif : trop petit, on avance lentement ; trop grand, on
#   diverge.
# - Pour les moindres carrés, l'écart au minimum est multiplié par $1 - \eta\lambda$ le long de
#   chaque direction propre de la hessienne $\mathbf{H} = \frac{2}{n}\mathbf{X}^\top\mathbf{X}$.
# - La descente converge depuis n'importe quel départ si et seulement si $\eta < 2/L$ ; le
#   meilleur pas constant est $2/(L+\mu)$ ($L$ et $\mu$ : plus grande et plus petite valeur
#   propre de $\mathbf{H}$).
# - $F$ étant strictement convexe ($\mu > 0$), tous les départs mènent au même minimum
#   $\mathbf{w}^*$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Pour aller plus loin
#
# - Gabriel Goh, « Why Momentum Really Works », *Distill*, 2017,
#   <https://distill.pub/2017/momentum/> (en anglais) : la même analyse, direction propre par
#   direction propre, avec des figures interactives ; elle prépare aussi le momentum du
#   chapitre 4.
