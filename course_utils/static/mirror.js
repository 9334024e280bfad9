// Miroir JavaScript du cœur numérique de course_utils (objectives.py, optimizers.py).
//
// Le navigateur recalcule ici, à chaque mouvement d'un curseur, les trajectoires que le noyau
// calcule avec numpy : la figure suit sans attendre le noyau, qui reste la référence. Chaque
// formule suit l'ordre des opérations du code numpy, pour que les flottants soient les mêmes :
//
// - moindres carrés et quadratique : égalité au bit près (mêmes additions dans le même ordre,
//   y compris la somme par paires de numpy pour F, et les mêmes multiplications) ;
// - réseau tanh et réseau à un neurone : Math.tanh n'est pas le tanh de numpy (numpy a ses
//   propres versions vectorisées, qui dépendent du processeur) : écart relatif de l'ordre de
//   1e-15 par étape.
//
// Ce qui ne se recalcule pas ici vient du noyau, comme données : les indices d'exemples tirés
// pour la graine (optimizers.sample_indices ; aucun générateur aléatoire n'est porté) et, pour
// Adam, les corrections de biais 1 − β₁ᵗ et √(1 − β₂ᵗ) (Python calcule β**t avec le pow de la
// bibliothèque C, que Math.pow ne reproduit pas toujours au bit près).
//
// Divergence comme dans numpy : dès qu'un itéré n'est plus fini, lui et tous les suivants
// valent NaN.
//
// Module ES sans dépendance : chargé par le widget de l'explorateur (explorer_figure.js) et
// par les tests (node).

/** Les objectifs connus du miroir (noms des classes de course_utils). */
export const OBJECTIVES = ["LeastSquares", "TanhNetwork", "Quadratic", "OneNeuronNetwork"];

/** Les méthodes connues du miroir (le champ « mirror » des entrées de optimizers.METHODS). */
export const METHODS = [
  "gd", "sgd", "momentum", "rmsprop", "adam", "heavy_ball", "nesterov", "adagrad",
];

/** Méthodes qui tirent un exemple par étape (leurs indices sont obligatoires). */
export const STOCHASTIC = ["sgd", "momentum"];

// -- sommes comme numpy ---------------------------------------------------------------------

/**
 * La somme de numpy (np.add.reduce sur un axe contigu) : somme par paires, blocs de 8
 * accumulateurs (pairwise_sum de numpy/_core/src/umath/loops_utils.h.src), mêmes arrondis.
 */
export function pairwiseSum(a, start = 0, n = a.length - start) {
  if (n < 8) {
    let res = -0.0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

// -- objectifs ------------------------------------------------------------------------------

function checkData(X, y) {
  const n = X.length;
  if (!n || !Array.isArray(X[0]) && !ArrayBuffer.isView(X[0])) {
    throw new Error("Le paramètre X doit être une liste non vide de lignes (une par exemple).");
  }
  const d = X[0].length;
  if (y.length !== n) {
    throw new Error(`Le paramètre y doit avoir une valeur par ligne de X (n = ${n}) ; reçu ${y.length}.`);
  }
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (X[i].length !== d) throw new Error("Les lignes de X doivent avoir la même longueur.");
    for (let k = 0; k < d; k++) flat[i * d + k] = X[i][k];
  }
  return { n, d, X: flat, y: Float64Array.from(y) };
}

/**
 * Un objectif, décrit comme le noyau le décrit (web_figure.mirror_spec) :
 *
 * - { kind: "LeastSquares", X, y } : F(w) = (1/n) Σ (w·x_i − y_i)² ;
 * - { kind: "TanhNetwork", X, y } : R_w(x) = v·tanh(M x), M = [[w1, −1], [1, w2]], v = [−1, 1] ;
 * - { kind: "OneNeuronNetwork", x, y } : R_w(x) = w2 tanh(w1 x), x réel ;
 * - { kind: "Quadratic", H, w_star } : F(w) = ½ (w − w*)ᵀ H (w − w*) (sans exemples).
 *
 * Renvoie un objet { kind, n, d, value(w), grad(w, out), gradI(w, i, out) } (pas de gradI pour
 * la quadratique) ; grad et gradI écrivent dans out (d nombres).
 */
export function makeObjective(spec) {
  const kind = spec && spec.kind;
  if (kind === "Quadratic") return quadratic(spec.H, spec.w_star);
  if (kind === "OneNeuronNetwork") {
    return oneNeuron(checkData((spec.x || []).map((v) => [v]), spec.y || []));
  }
  if (kind !== "LeastSquares" && kind !== "TanhNetwork") {
    throw new Error(`Objectif inconnu du miroir : ${kind} (connus : ${OBJECTIVES.join(", ")}).`);
  }
  const data = checkData(spec.X || [], spec.y || []);
  if (kind === "LeastSquares") return leastSquares(data);
  if (data.d !== 2) throw new Error("Le réseau tanh demande des exemples x à 2 composantes.");
  return tanhNetwork(data);
}

function leastSquares({ n, d, X, y }) {
  const prod = new Float64Array(d);
  const res = new Float64Array(n);
  const scale = 2.0 / n;
  // np.sum(w * x, axis=-1)
  const model = (w, i) => {
    for (let k = 0; k < d; k++) prod[k] = w[k] * X[i * d + k];
    return pairwiseSum(prod, 0, d);
  };
  return {
    kind: "LeastSquares", n, d,
    value(w) {
      for (let i = 0; i < n; i++) {
        const r = model(w, i) - y[i];
        res[i] = r * r;
      }
      return pairwiseSum(res, 0, n) / n;
    },
    grad(w, out) {
      // r = X w − y ; einsum("i,ik->k", r, X) : somme dans l'ordre des exemples, depuis 0
      for (let i = 0; i < n; i++) res[i] = model(w, i) - y[i];
      for (let k = 0; k < d; k++) {
        let acc = 0.0;
        for (let i = 0; i < n; i++) acc += res[i] * X[i * d + k];
        out[k] = scale * acc;
      }
      return out;
    },
    gradI(w, i, out) {
      const twoR = 2.0 * (model(w, i) - y[i]);
      for (let k = 0; k < d; k++) out[k] = twoR * X[i * d + k];
      return out;
    },
  };
}

function tanhNetwork({ n, X, y }) {
  const res = new Float64Array(n);
  const ta = new Float64Array(n);
  const tb = new Float64Array(n);
  const scale = 2.0 / n;
  // M x = [w1 x1 − x2, x1 + w2 x2] ; R = −tanh(a) + tanh(b)
  const pre = (w, i) => {
    const x0 = X[2 * i], x1 = X[2 * i + 1];
    return [Math.tanh(w[0] * x0 - x1), Math.tanh(x0 + w[1] * x1)];
  };
  return {
    kind: "TanhNetwork", n, d: 2,
    value(w) {
      for (let i = 0; i < n; i++) {
        const [a, b] = pre(w, i);
        const r = (-a + b) - y[i];
        res[i] = r * r;
      }
      return pairwiseSum(res, 0, n) / n;
    },
    grad(w, out) {
      for (let i = 0; i < n; i++) {
        const [a, b] = pre(w, i);
        ta[i] = a;
        tb[i] = b;
        res[i] = (-a + b) - y[i];
      }
      let acc0 = 0.0, acc1 = 0.0;
      for (let i = 0; i < n; i++) acc0 += res[i] * (-(1.0 - ta[i] * ta[i]) * X[2 * i]);
      for (let i = 0; i < n; i++) acc1 += res[i] * ((1.0 - tb[i] * tb[i]) * X[2 * i + 1]);
      out[0] = scale * acc0;
      out[1] = scale * acc1;
      return out;
    },
    gradI(w, i, out) {
      const [a, b] = pre(w, i);
      const twoR = 2.0 * ((-a + b) - y[i]);
      out[0] = twoR * (-(1.0 - a * a) * X[2 * i]);
      out[1] = twoR * ((1.0 - b * b) * X[2 * i + 1]);
      return out;
    },
  };
}

// F(w) = ½ Σ_j e_j (H e)_j, (H e)_j = Σ_i e_i H_ij, e = w − w* : les sommes terme à terme de
// Quadratic (objectives.py), dans le même ordre.
function quadratic(H, wStar) {
  const d = wStar ? wStar.length : 0;
  if (!d || !Array.isArray(H) || H.length !== d || H.some((row) => row.length !== d)) {
    throw new Error("La quadratique demande H (d × d) et w_star (d nombres).");
  }
  const h = Float64Array.from(H.flat());
  const ws = Float64Array.from(wStar);
  const e = new Float64Array(d), he = new Float64Array(d), prod = new Float64Array(d);
  const hTimes = (w) => {
    for (let k = 0; k < d; k++) e[k] = w[k] - ws[k];
    for (let j = 0; j < d; j++) {
      let acc = e[0] * h[j];
      for (let i = 1; i < d; i++) acc += e[i] * h[i * d + j];
      he[j] = acc;
    }
  };
  return {
    kind: "Quadratic", n: 0, d,
    value(w) {
      hTimes(w);
      for (let k = 0; k < d; k++) prod[k] = e[k] * he[k];
      return 0.5 * pairwiseSum(prod, 0, d);
    },
    grad(w, out) {
      hTimes(w);
      for (let k = 0; k < d; k++) out[k] = he[k];
      return out;
    },
    gradI() {
      throw new Error("La quadratique n'a pas d'exemples : pas de gradient partiel ∇F_i.");
    },
  };
}

// R_w(x) = w2 tanh(w1 x) : l'ordre des opérations de OneNeuronNetwork (networks.py) et de
// Objective.value / grad (moyenne par somme par paires, einsum dans l'ordre des exemples).
function oneNeuron({ n, X, y }) {
  const res = new Float64Array(n);
  const th = new Float64Array(n);
  const scale = 2.0 / n;
  return {
    kind: "OneNeuronNetwork", n, d: 2,
    value(w) {
      for (let i = 0; i < n; i++) {
        const r = w[1] * Math.tanh(w[0] * X[i]) - y[i];
        res[i] = r * r;
      }
      return pairwiseSum(res, 0, n) / n;
    },
    grad(w, out) {
      for (let i = 0; i < n; i++) {
        th[i] = Math.tanh(w[0] * X[i]);
        res[i] = w[1] * th[i] - y[i];
      }
      let acc0 = 0.0, acc1 = 0.0;
      for (let i = 0; i < n; i++) acc0 += res[i] * ((w[1] * (1.0 - th[i] * th[i])) * X[i]);
      for (let i = 0; i < n; i++) acc1 += res[i] * th[i];
      out[0] = scale * acc0;
      out[1] = scale * acc1;
      return out;
    },
    gradI(w, i, out) {
      const t = Math.tanh(w[0] * X[i]);
      const twoR = 2.0 * (w[1] * t - y[i]);
      out[0] = twoR * ((w[1] * (1.0 - t * t)) * X[i]);
      out[1] = twoR * t;
      return out;
    },
  };
}

// -- méthodes -------------------------------------------------------------------------------

/**
 * Les corrections de biais d'Adam pour t = 1..T, calculées ici avec Math.pow : une
 * approximation (à un ulp près) de celles du noyau, à n'utiliser que sans ses tables.
 */
export function adamTables(T, beta1 = 0.9, beta2 = 0.999) {
  const bc1 = new Float64Array(T), bc2Sqrt = new Float64Array(T);
  for (let t = 1; t <= T; t++) {
    bc1[t - 1] = 1 - Math.pow(beta1, t);
    bc2Sqrt[t - 1] = Math.pow(1 - Math.pow(beta2, t), 0.5);
  }
  return { bc1, bc2Sqrt };
}

// Chaque méthode : init(d, p) -> état ; step(état, t, z, g, p) écrit le nouveau point dans z.
// p : { eta, alpha, steps (pas η_t des méthodes stochastiques), adam: { bc1, bc2Sqrt } }.
const UPDATES = {
  // z_t = z_{t−1} − η ∇F(z_{t−1})
  gd: {
    init: () => null,
    step(_, t, z, g, p) {
      for (let k = 0; k < z.length; k++) z[k] = z[k] - p.eta * g[k];
    },
  },
  // sgd = sgd_momentum avec α = 0 : v_t = 0·v − η_t ∇F_i, z_t = z + v_t
  sgd: momentumUpdate(() => 0.0, (p, t) => p.steps[t - 1]),
  // v_t = α v_{t−1} − η/√t ∇F_i(z_{t−1}), z_t = z_{t−1} + v_t
  momentum: momentumUpdate((p) => p.alpha, (p, t) => p.steps[t - 1]),
  // boule pesante : v_t = α v_{t−1} − η ∇F(z_{t−1}), z_t = z_{t−1} + v_t
  heavy_ball: momentumUpdate((p) => p.alpha, (p) => p.eta),
  // torch.optim.SGD(lr=η, momentum=α, nesterov=True), jumeau optimizers.SGD
  nesterov: {
    init: () => ({ buf: null }),
    step(st, t, z, g, p) {
      const d = z.length;
      if (p.alpha === 0) { // optimizers._run_nesterov : sans momentum, torch.optim.SGD(lr=η)
        for (let k = 0; k < d; k++) z[k] = z[k] + (-p.eta) * g[k];
        return;
      }
      if (st.buf === null) {
        st.buf = Float64Array.from(g);
      } else {
        for (let k = 0; k < d; k++) st.buf[k] = st.buf[k] * p.alpha + 1.0 * g[k];
      }
      for (let k = 0; k < d; k++) {
        const gk = g[k] + p.alpha * st.buf[k];
        z[k] = z[k] + (-p.eta) * gk;
      }
    },
  },
  // torch.optim.RMSprop(lr=η) : α = 0,99, ε = 1e-8, jumeau optimizers.RMSprop
  rmsprop: {
    init: (d) => ({ sq: new Float64Array(d) }),
    step(st, t, z, g, p) {
      const alpha = 0.99, eps = 1e-8;
      for (let k = 0; k < z.length; k++) {
        st.sq[k] = st.sq[k] * alpha + (1 - alpha) * g[k] * g[k];
        const avg = Math.sqrt(st.sq[k]) + eps;
        z[k] = z[k] + (-p.eta) * g[k] / avg;
      }
    },
  },
  // torch.optim.Adam(lr=η) : β = (0,9 ; 0,999), ε = 1e-8, jumeau optimizers.Adam
  adam: {
    init: (d) => ({ m: new Float64Array(d), s: new Float64Array(d) }),
    step(st, t, z, g, p) {
      const beta2 = 0.999, eps = 1e-8;
      const w = 1 - 0.9; // torch.lerp(m, g, 1 − β₁), poids < 0,5
      const stepSize = p.eta / p.adam.bc1[t - 1];
      const bc2Sqrt = p.adam.bc2Sqrt[t - 1];
      for (let k = 0; k < z.length; k++) {
        st.m[k] = st.m[k] + w * (g[k] - st.m[k]);
        st.s[k] = st.s[k] * beta2 + (1 - beta2) * g[k] * g[k];
        const denom = Math.sqrt(st.s[k]) / bc2Sqrt + eps;
        z[k] = z[k] + (-stepSize) * st.m[k] / denom;
      }
    },
  },
  // torch.optim.Adagrad(lr=η, lr_decay=0, eps=1e-10, initial_accumulator_value=0), jumeau
  // optimizers.Adagrad : s += g², z += (−η) (g / (√s + ε))
  adagrad: {
    init: (d) => ({ s: new Float64Array(d) }),
    step(st, t, z, g, p) {
      const eps = 1e-10;
      const clr = p.eta / (1 + (t - 1) * 0);
      for (let k = 0; k < z.length; k++) {
        st.s[k] = st.s[k] + g[k] * g[k];
        const std = Math.sqrt(st.s[k]) + eps;
        z[k] = z[k] + (-clr) * (g[k] / std);
      }
    },
  },
};

function momentumUpdate(alphaOf, stepOf) {
  return {
    init: (d) => ({ v: new Float64Array(d) }),
    step(st, t, z, g, p) {
      const alpha = alphaOf(p), eta = stepOf(p, t);
      for (let k = 0; k < z.length; k++) {
        st.v[k] = alpha * st.v[k] - eta * g[k];
        z[k] = z[k] + st.v[k];
      }
    },
  };
}

/**
 * Une étape de la méthode : renvoie advance(z, t), qui remplace z (z_{t−1}, Float64Array de d
 * nombres) par z_t, en gardant l'état de la méthode (vitesse, moyennes mobiles) d'un appel à
 * l'autre. Les étapes se font dans l'ordre t = 1, 2, … ; mêmes options que trajectory.
 */
export function stepper(method, objective, options) {
  const update = UPDATES[method];
  if (!update) {
    throw new Error(`Méthode inconnue du miroir : ${method} (connues : ${METHODS.join(", ")}).`);
  }
  const { eta, T } = options;
  const alpha = options.alpha ?? 0.0;
  const d = objective.d;
  const stochastic = STOCHASTIC.includes(method);
  const indices = options.indices ?? null;
  if (stochastic && (!indices || indices.length < T)) {
    throw new Error(`La méthode ${method} demande les indices des exemples tirés aux étapes 1..T (T = ${T}).`);
  }
  const p = { eta, alpha };
  if (stochastic) {
    p.steps = new Float64Array(T);
    for (let t = 1; t <= T; t++) {
      p.steps[t - 1] = options.schedule === "constant" ? eta : eta / Math.sqrt(t);
    }
  }
  if (method === "adam") {
    const tables = options.adam;
    p.adam = tables && tables.bc1.length >= T ? tables : adamTables(T);
  }
  const g = new Float64Array(d);
  const state = update.init(d, p);
  return (z, t) => {
    if (indices) objective.gradI(z, indices[t - 1], g);
    else objective.grad(z, g);
    update.step(state, t, z, g, p);
    return z;
  };
}

/**
 * La trajectoire z_0, …, z_T d'une méthode : un Float64Array de (T + 1) × d nombres
 * (ligne t = z_t), NaN dès la première étape où un itéré n'est plus fini.
 *
 * options : { w0 (d nombres), eta, T, alpha (momentum, boule pesante, Nesterov),
 *   indices (exemples tirés aux étapes 1..T : obligatoires pour sgd et momentum ; donnés à
 *   une autre méthode, elle prend le gradient ∇F_i au lieu de ∇F, comme optimizers.run(...,
 *   stochastic=True)), schedule ("inv_sqrt" par défaut, ou "constant") pour sgd et momentum,
 *   adam ({ bc1, bc2Sqrt } : les corrections de biais du noyau, t = 1..T) }.
 */
export function trajectory(method, objective, options) {
  const { w0, T } = options;
  const d = objective.d;
  const advance = stepper(method, objective, options);
  const Z = new Float64Array((T + 1) * d).fill(NaN);
  const z = Float64Array.from(w0);
  Z.set(z, 0);
  for (let t = 1; t <= T; t++) {
    advance(z, t);
    let finite = true;
    for (let k = 0; k < d; k++) finite = finite && Number.isFinite(z[k]);
    if (!finite) break; // z_t et les suivants restent NaN
    Z.set(z, t * d);
  }
  return Z;
}

/** F(z_t) pour chaque ligne de Z ((T + 1) × d nombres) : NaN pour un point non fini. */
export function values(objective, Z) {
  const d = objective.d, m = Z.length / d;
  const F = new Float64Array(m);
  for (let t = 0; t < m; t++) F[t] = objective.value(Z.subarray(t * d, (t + 1) * d));
  return F;
}

/** La première étape où F n'est pas fini, ou −1 (comme np.argmax(~np.isfinite(F))). */
export function firstNonFinite(F) {
  for (let t = 0; t < F.length; t++) if (!Number.isFinite(F[t])) return t;
  return -1;
}
