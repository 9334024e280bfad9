// La figure de l'explorateur dans le navigateur (widget anywidget : course_utils/web_figure.py).
//
// Le fond (courbes de niveau, axes, titres, w*) est une image PNG dessinée par matplotlib dans
// le noyau, avec la géométrie de ses axes (geometry) ; les légendes et la droite F(w*) arrivent
// dans une seconde image transparente (overlay), posée au-dessus des trajectoires comme le fait
// matplotlib. Ce qui bouge est dessiné ici, sur un canevas, à chaque image où un paramètre a
// changé : trajectoires (ligne et marqueurs), départ, points d'arrivée, courbes
// d'apprentissage (échelle log), point de l'étape t, alerte de divergence. Les trajectoires
// viennent, par ordre de préférence :
//   1. du noyau (numpy, la référence : l'attribut points), quand ses points correspondent aux
//      paramètres affichés ;
//   2. du miroir JavaScript (mirror.js), tout de suite, pour un objectif et une méthode connus ;
//   3. des derniers points reçus du noyau (objectif ou méthode que le miroir ne connaît pas ;
//      sans noyau, dans une page exportée : ceux de l'état enregistré).
// Les styles reprennent ceux de l'explorateur matplotlib (tailles en points, à 100 ppp).

const F_CAP = 1e40;
const PT = 100 / 72; // pixels CSS par point typographique (figure à 100 ppp)
const ALERT_RED = "#b00020";

async function loadMirror(model) {
  const url = URL.createObjectURL(
    new Blob([model.get("_mirror_js")], { type: "text/javascript" }));
  try {
    return await import(/* webpackIgnore: true */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function decode(bytes) {
  if (!bytes || !bytes.byteLength) return null;
  const blob = new Blob([bytes], { type: "image/png" });
  return await createImageBitmap(blob);
}

// la même clé que WebFigure._params_key
function paramsKey(model) {
  return ["eta", "T", "w1", "w2", "alpha", "seed"].map((k) => model.get(k));
}

function sameKey(a, b) {
  return a && b && a.length === b.length && a.every((x, i) => x === b[i]);
}

// les mêmes paramètres aux arrondis près (un curseur logarithmique réécrit η calculé en
// flottants : 0,4 devient 0,4000000000000005) : la ligne d'état du noyau vaut encore
function nearKey(a, b) {
  return a && b && a.length === b.length &&
    a.every((x, i) => Math.abs(x - b[i]) <= 1e-9 * Math.max(Math.abs(x), Math.abs(b[i])) + 1e-12);
}

function toScreen(box, x, y) {
  const fx = box.xlog ? (Math.log10(x) - Math.log10(box.xlim[0])) /
    (Math.log10(box.xlim[1]) - Math.log10(box.xlim[0]))
    : (x - box.xlim[0]) / (box.xlim[1] - box.xlim[0]);
  const fy = box.ylog ? (Math.log10(y) - Math.log10(box.ylim[0])) /
    (Math.log10(box.ylim[1]) - Math.log10(box.ylim[0]))
    : (y - box.ylim[0]) / (box.ylim[1] - box.ylim[0]);
  // au-delà d'un million de pixels, le canevas ne dessine plus : on borne (hors du cadre)
  const clampPx = (v) => Math.max(-1e6, Math.min(1e6, v));
  return [clampPx(box.x0 + fx * box.w), clampPx(box.y0 + box.h - fy * box.h)];
}

function fromScreen(box, px, py) {
  const x = box.xlim[0] + (px - box.x0) / box.w * (box.xlim[1] - box.xlim[0]);
  const y = box.ylim[0] + (box.y0 + box.h - py) / box.h * (box.ylim[1] - box.ylim[0]);
  return [x, y];
}

// Les marqueurs comme Agg : centre posé sur un coin de pixel (floor(x + 0,5)), en pixels de
// l'écran ; un carré a ses côtés posés au milieu des pixels.
function snap(v, r) {
  return Math.floor(v * r + 0.5) / r;
}

function circle(ctx, r, x, y, size, face, edge, edgeWidth) {
  const cx = snap(x, r), cy = snap(y, r);
  ctx.beginPath();
  ctx.arc(cx, cy, size * PT / 2, 0, 2 * Math.PI);
  if (face) {
    ctx.fillStyle = face;
    ctx.fill();
  }
  if (edge && edgeWidth > 0) {
    ctx.lineWidth = edgeWidth * PT;
    ctx.strokeStyle = edge;
    ctx.stroke();
  }
}

function square(ctx, r, x, y, size, face, edge, edgeWidth) {
  const cx = snap(x, r), cy = snap(y, r);
  const half = size * PT / 2 * r; // en pixels de l'écran
  const odd = Math.round(edgeWidth * PT * r) % 2 === 1 ? 0.5 : 0.0;
  const lo = (Math.floor(-half + 0.5) + odd) / r, hi = (Math.floor(half + 0.5) + odd) / r;
  ctx.beginPath();
  ctx.rect(cx + lo, cy + lo, hi - lo, hi - lo);
  ctx.fillStyle = face;
  ctx.fill();
  ctx.lineWidth = edgeWidth * PT;
  ctx.strokeStyle = edge;
  ctx.stroke();
}

function clipTo(ctx, r, box) {
  // la boîte de découpe d'Agg : bords arrondis au pixel de l'écran
  const x0 = Math.floor(box.x0 * r + 0.5) / r, x1 = Math.floor((box.x0 + box.w) * r + 0.5) / r;
  const y0 = Math.floor(box.y0 * r + 0.5) / r, y1 = Math.floor((box.y0 + box.h) * r + 0.5) / r;
  ctx.beginPath();
  ctx.rect(x0, y0, x1 - x0, y1 - y0);
  ctx.clip();
}

// Le segment [a, b] coupé au rectangle r (Liang–Barsky), ou null s'il en sort.
function clipSegment(a, b, r) {
  let t0 = 0, t1 = 1;
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const edges = [[-dx, a[0] - r.x0], [dx, r.x1 - a[0]], [-dy, a[1] - r.y0], [dy, r.y1 - a[1]]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const u = q / p;
      if (p < 0) t0 = Math.max(t0, u);
      else t1 = Math.min(t1, u);
    }
  }
  if (t0 > t1) return null;
  return [[a[0] + t0 * dx, a[1] + t0 * dy], [a[0] + t1 * dx, a[1] + t1 * dy]];
}

// Une polyligne coupée aux points non finis (comme matplotlib), ses segments coupés d'abord
// au rectangle `bounds` (le cadre et une marge) : des coordonnées démesurées (une trajectoire
// qui diverge) ne passent pas au canevas, qui calcule en flottants de 32 bits.
function polyline(ctx, pts, bounds) {
  ctx.beginPath();
  let last = null; // dernier point posé
  for (let k = 0; k < pts.length; k++) {
    const a = pts[k - 1], b = pts[k];
    if (!b) {
      last = null;
      continue;
    }
    if (!a) {
      if (b[0] >= bounds.x0 && b[0] <= bounds.x1 && b[1] >= bounds.y0 && b[1] <= bounds.y1) {
        ctx.moveTo(b[0], b[1]);
        last = b;
      }
      continue;
    }
    const seg = clipSegment(a, b, bounds);
    if (!seg) {
      last = null;
      continue;
    }
    if (!last || last[0] !== seg[0][0] || last[1] !== seg[0][1]) ctx.moveTo(seg[0][0], seg[0][1]);
    ctx.lineTo(seg[1][0], seg[1][1]);
    last = seg[1];
  }
}

// Chaque segment tracé à part : là où des segments se superposent (une trajectoire qui
// diverge repasse sur la même droite), leurs bords s'additionnent, comme dans Agg.
function strokeSegments(ctx, pts, bounds) {
  for (let k = 1; k < pts.length; k++) {
    const a = pts[k - 1], b = pts[k];
    if (!a || !b) continue;
    const seg = clipSegment(a, b, bounds);
    if (!seg) continue;
    ctx.beginPath();
    ctx.moveTo(seg[0][0], seg[0][1]);
    ctx.lineTo(seg[1][0], seg[1][1]);
    ctx.stroke();
  }
}

function boundsOf(box, margin) {
  return { x0: box.x0 - margin, x1: box.x0 + box.w + margin,
           y0: box.y0 - margin, y1: box.y0 + box.h + margin };
}

// le mot de l'alerte d'une méthode : ceux du noyau (alert_words, ceux de status.py), la
// divergence lue comme numpy la lit (firstNonFinite du miroir)
function verdict(F, words, firstNonFinite) {
  const t = firstNonFinite(F);
  if (t >= 0) return words.diverged.replace("{step}", String(t));
  if (F.length > 1 && F[F.length - 1] > F[0]) return words.went_up;
  return "";
}

// Le texte d'alerte au centre des courbes de niveau, dans une boîte arrondie, placé comme
// ax.text(..., ha="center", va="center", bbox=dict(boxstyle="round")) : les largeurs, hauteurs
// et descentes des lignes sont celles que matplotlib a mesurées (alert_metrics, envoyées par le
// noyau ; à défaut, mesurées ici), la mise en page celle de Text._get_layout (interligne 1,2)
// et la boîte celle de BoxStyle.Round (marge et arrondi 0,3 × la taille du texte, coins en
// courbes de Bézier quadratiques).
function alertBox(ctx, box, text, known) {
  const size = 10 * PT;
  const lines = text.split("\n");
  ctx.font = `${size}px "DejaVu Sans", sans-serif`;
  const measure = (l) => {
    if (known && known.lines && known.lines[l]) return known.lines[l];
    const m = ctx.measureText(l);
    return [m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
            m.actualBoundingBoxAscent + m.actualBoundingBoxDescent, m.actualBoundingBoxDescent];
  };
  const [, lpH, lpD] = known && known.lp ? known.lp : measure("lp");
  const minDy = (lpH - lpD) * 1.2;
  const ws = [], ys = [];
  let y = 0, d = 0;
  lines.forEach((l, i) => {
    const [w, h0, d0] = measure(l);
    const h = Math.max(h0, lpH);
    d = Math.max(d0, lpD);
    ws.push(w);
    y += i === 0 ? h - d : Math.max(minDy, (h - d) * 1.2);
    ys.push(y); // ligne de base, depuis le haut du bloc
    y += d;
  });
  let height = y;
  const layout = known && known.layouts && known.layouts[String(lines.length)];
  if (layout) { // la mise en page verticale de matplotlib pour n lignes
    height = layout.height;
    layout.baselines.forEach((b, i) => { ys[i] = b; });
  }
  const width = Math.max(...ws);
  const cx = box.x0 + box.w / 2, cy = box.y0 + box.h / 2;
  const left = cx - width / 2, top = cy - height / 2;
  const pad = 0.3 * size;
  const x0 = left - pad, y0 = top - pad, x1 = left + width + pad, y1 = top + height + pad;
  ctx.save();
  ctx.globalAlpha = 0.9;
  ctx.beginPath();
  ctx.moveTo(x0 + pad, y0);
  ctx.lineTo(x1 - pad, y0);
  ctx.quadraticCurveTo(x1, y0, x1, y0 + pad);
  ctx.lineTo(x1, y1 - pad);
  ctx.quadraticCurveTo(x1, y1, x1 - pad, y1);
  ctx.lineTo(x0 + pad, y1);
  ctx.quadraticCurveTo(x0, y1, x0, y1 - pad);
  ctx.lineTo(x0, y0 + pad);
  ctx.quadraticCurveTo(x0, y0, x0 + pad, y0);
  ctx.closePath();
  ctx.fillStyle = "white";
  ctx.fill();
  ctx.lineWidth = 1 * PT;
  ctx.lineJoin = "miter";
  ctx.strokeStyle = ALERT_RED;
  ctx.stroke();
  ctx.restore();
  ctx.fillStyle = ALERT_RED;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  lines.forEach((l, i) => {
    // la ligne, centrée dans le bloc, étirée à la largeur d'encre mesurée par matplotlib
    // (les chasses des glyphes du navigateur diffèrent un peu de celles de FreeType)
    const m = ctx.measureText(l);
    const ink = m.actualBoundingBoxLeft + m.actualBoundingBoxRight;
    const scale = ink > 0 ? ws[i] / ink : 1;
    ctx.save();
    ctx.translate(left + (width - ws[i]) / 2, top + ys[i]);
    ctx.scale(scale, 1);
    ctx.fillText(l, m.actualBoundingBoxLeft, 0);
    ctx.restore();
  });
}

async function render({ model, el }) {
  const mirror = await loadMirror(model);
  const root = document.createElement("div");
  root.className = "course-web-figure";
  root.style.position = "relative";
  root.style.lineHeight = "0";
  const canvas = document.createElement("canvas");
  canvas.style.display = "block";
  canvas.style.cursor = "crosshair";
  root.appendChild(canvas);
  el.appendChild(root);
  const ctx = canvas.getContext("2d");

  // ce que la vue sait : images du fond, points du noyau, compteurs (pour les tests)
  const view = {
    background: null, overlay: null, layout: null,
    kernel: null, // { key, methods: {nom: {Z, F}} } : les derniers points reçus du noyau
    ahead: [], // repli noyau : les points des positions voisines des curseurs, d'avance
    before: null, // repli noyau : les points du noyau d'avant (le cran d'où vient le curseur)
    draws: 0, kernelAgrees: 0, kernelDiffers: 0, source: {}, drawnKey: null,
  };
  root.__courseFigure = view;

  let objective = null, objectiveFor = null;
  function mirrorObjective() {
    const spec = model.get("objective_spec");
    if (!spec || !spec.kind) return null;
    if (objectiveFor !== spec) {
      objective = mirror.makeObjective(spec);
      objectiveFor = spec;
    }
    return objective;
  }

  // La trajectoire d'une méthode par le miroir, ou null s'il ne peut pas la calculer ici.
  function mirrored(style, f, T) {
    if (!style.mirror || !f) return null;
    const options = { w0: [model.get("w1"), model.get("w2")], eta: model.get("eta"), T,
                      alpha: model.get("alpha"), schedule: style.schedule };
    if (style.stochastic) {
      const ind = model.get("indices")[String(model.get("seed"))];
      if (!ind || ind.length < T) return null; // graine non préparée : le noyau répondra
      options.indices = ind;
    }
    if (style.mirror === "adam") {
      const tables = model.get("adam");
      if (!tables.bc1 || tables.bc1.length < T) return null;
      options.adam = tables;
    }
    const Z = mirror.trajectory(style.mirror, f, options);
    return { Z, F: mirror.values(f, Z) };
  }

  function resize() {
    const L = view.layout;
    if (!L) return;
    const r = window.devicePixelRatio || 1;
    const w = Math.round(L.width * r), h = Math.round(L.height * r);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${L.width}px`;
      canvas.style.height = `${L.height}px`;
    }
    return r;
  }

  // la ligne d'état de l'explorateur vient du noyau : tant qu'il n'a pas répondu pour ces
  // paramètres (sans noyau : une page exportée), elle s'estompe (après un délai, en CSS)
  function markStatus(key) {
    const box = root.closest(".course-explorer");
    if (box) box.classList.toggle("course-status-stale", !(view.kernel && nearKey(view.kernel.key, key)));
  }

  function draw() {
    const L = view.layout;
    if (!L || !view.background) return;
    // (un changement du rapport de pixels que matchMedia n'a pas signalé : vu au dessin)
    if ((window.devicePixelRatio || 1) !== model.get("pixel_ratio")) onRatio();
    const r = resize();
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, L.width, L.height);
    ctx.drawImage(view.background, 0, 0, L.width, L.height);

    const T = model.get("T");
    const t = Math.min(model.get("t"), T);
    const key = paramsKey(model);
    // les points du noyau pour ces paramètres : reçus pour eux, ou calculés d'avance pour une
    // position voisine des curseurs (aux arrondis près du navigateur)
    const fresh = view.kernel && sameKey(view.kernel.key, key) ? view.kernel
      : [...view.ahead, view.before].find((a) => a && nearKey(a.key, key)) || null;
    markStatus(key);
    const f = mirrorObjective();
    const [w1min, w1max, w2min, w2max] = model.get("region");
    const span = Math.max(w1max - w1min, w2max - w2min);
    const lo = [w1min - 1e3 * span, w2min - 1e3 * span];
    const hi = [w1max + 1e3 * span, w2max + 1e3 * span];
    const plane = L.plane, curve = L.curve;
    const runs = [];
    for (const style of model.get("styles")) {
      let run = fresh && fresh.methods[style.name];
      let source = fresh === view.kernel ? "noyau" : "noyau (d'avance)";
      if (!run) {
        run = mirrored(style, f, T);
        source = "miroir";
      }
      if (!run && view.kernel && view.kernel.methods[style.name]) {
        run = view.kernel.methods[style.name]; // en retard sur les curseurs
        source = "noyau (précédent)";
      }
      view.source[style.name] = run ? source : "aucune";
      if (run) runs.push({ style, ...run });
    }

    // courbes d'apprentissage et point de l'étape t (zorder 2, sous les légendes)
    ctx.save();
    clipTo(ctx, r, curve);
    for (const { style, F } of runs) {
      const pts = [];
      for (let k = 0; k < F.length; k++) {
        let v = F[k] > F_CAP ? F_CAP * 1e6 : F[k];
        pts.push(Number.isFinite(v) && v > 0 ? toScreen(curve, k, v) : null);
      }
      ctx.lineWidth = 1.6 * PT;
      ctx.lineJoin = "round";
      ctx.lineCap = "square";
      ctx.strokeStyle = style.color;
      polyline(ctx, pts, boundsOf(curve, 20));
      ctx.stroke();
      const v = F[t] > F_CAP ? F_CAP * 1e6 : F[t];
      if (t < F.length && Number.isFinite(v) && v > 0) {
        const [x, y] = toScreen(curve, t, v);
        circle(ctx, r, x, y, 5, style.color, style.color, 1);
      }
    }
    ctx.restore();

    // trajectoires (zorder 5, sous la légende des courbes de niveau)
    const shownOf = (Z, k) => {
      const x = Z[2 * k], y = Z[2 * k + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
      return [Math.min(Math.max(x, lo[0]), hi[0]), Math.min(Math.max(y, lo[1]), hi[1])];
    };
    ctx.save();
    clipTo(ctx, r, plane);
    for (const { style, Z } of runs) {
      const pts = [];
      for (let k = 0; k <= t && 2 * k < Z.length; k++) {
        const p = shownOf(Z, k);
        pts.push(p ? toScreen(plane, p[0], p[1]) : null);
      }
      ctx.lineWidth = 1.4 * PT;
      ctx.lineJoin = "round";
      ctx.lineCap = "square";
      ctx.strokeStyle = style.color;
      strokeSegments(ctx, pts, boundsOf(plane, 20));
      const near = boundsOf(plane, 20);
      for (const p of pts) {
        if (p && p[0] > near.x0 && p[0] < near.x1 && p[1] > near.y0 && p[1] < near.y1) {
          circle(ctx, r, p[0], p[1], 3, style.color, style.color, 1);
        }
      }
    }
    ctx.restore();

    // légendes et F(w*), posées par matplotlib au-dessus
    if (view.overlay) ctx.drawImage(view.overlay, 0, 0, L.width, L.height);

    // points d'arrivée (zorder 6), départ (7), alerte (8)
    ctx.save();
    clipTo(ctx, r, plane);
    for (const { style, Z } of runs) {
      let last = 0;
      for (let k = 0; k <= t && 2 * k < Z.length; k++) if (shownOf(Z, k)) last = k;
      const p = shownOf(Z, last);
      if (p) {
        const [x, y] = toScreen(plane, p[0], p[1]);
        square(ctx, r, x, y, 7, style.color, "black", 0.8);
      }
    }
    if (runs.length && runs[0].style.name === model.get("styles")[0].name) {
      const Z = runs[0].Z;
      const [x, y] = toScreen(plane, Z[0], Z[1]);
      circle(ctx, r, x, y, 10, "white", "black", 1.5);
    }
    ctx.restore();
    const alerts = [];
    for (const { style, F } of runs) {
      const word = verdict(F, model.get("alert_words"), mirror.firstNonFinite);
      if (word) alerts.push(`${style.label} : ${word}`);
    }
    if (alerts.length) alertBox(ctx, plane, alerts.join("\n"), model.get("alert_metrics"));
    view.draws += 1;
    view.drawnKey = key;
    root.dispatchEvent(new CustomEvent("course-figure:drawn", {
      detail: { draws: view.draws, key, time: performance.now(), fresh: !!fresh },
    }));
  }

  // au plus un dessin par image de l'écran
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  }

  async function loadImages() {
    const [b, o] = await Promise.all([decode(model.get("background")),
                                      decode(model.get("overlay"))]);
    view.background = b;
    view.overlay = o;
    view.layout = model.get("geometry");
    schedule();
  }

  const floats = (v) => new Float64Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));

  const decoded = (msg) => {
    const methods = {};
    msg.methods.forEach((name, k) => {
      methods[name] = { Z: floats(msg.Z[k]), F: floats(msg.F[k]) };
    });
    return { key: msg.key, methods };
  };

  // repli noyau : les points calculés d'avance (attribut ahead), gardés pour le prochain appui
  function onAhead() {
    view.ahead = (model.get("ahead") || []).map(decoded);
  }

  // Les points du noyau (attribut points : trajectoires numpy et paramètres dont elles viennent).
  function onPoints() {
    const msg = model.get("points");
    if (!msg || !msg.key) return;
    // (un appui qui revient d'un cran retrouve les points d'avant sans le noyau)
    if (view.kernel && !sameKey(view.kernel.key, msg.key)) view.before = view.kernel;
    view.kernel = decoded(msg);
    const methods = view.kernel.methods;
    markStatus(paramsKey(model)); // (sa ligne d'état arrive avec ces points)
    if (!sameKey(msg.key, paramsKey(model))) {
      // en retard : utile seulement pour ce que le miroir ne calcule pas
      if (model.get("styles").some((s) => !s.mirror)) schedule();
      return;
    }
    // les mêmes points que le miroir ? (au bit près pour les moindres carrés)
    const f = mirrorObjective();
    let redraw = false;
    for (const style of model.get("styles")) {
      const mine = mirrored(style, f, model.get("T"));
      const theirs = methods[style.name];
      if (!mine) {
        redraw = true;
        continue;
      }
      const equal = mine.Z.length === theirs.Z.length &&
        mine.Z.every((x, i) => x === theirs.Z[i] || (Number.isNaN(x) && Number.isNaN(theirs.Z[i])));
      if (equal) view.kernelAgrees += 1;
      else {
        view.kernelDiffers += 1;
        redraw = true;
      }
    }
    if (redraw) schedule();
  }

  // Un paramètre change : l'étape t revient à T (comme dans le noyau), après la borne du
  // curseur t, reliée à T (d'où le délai).
  function onParam() {
    queueMicrotask(() => {
      if (model.get("t") !== model.get("T")) {
        model.set("t", model.get("T"));
        model.save_changes();
      }
    });
    schedule();
  }

  // un clic sur les courbes de niveau déplace le départ (posé sur la grille des curseurs)
  function onClick(event) {
    const L = view.layout;
    if (!L || event.button !== 0) return;
    const rect = canvas.getBoundingClientRect();
    const px = (event.clientX - rect.left) * (L.width / rect.width);
    const py = (event.clientY - rect.top) * (L.height / rect.height);
    const b = L.plane;
    if (px < b.x0 || px > b.x0 + b.w || py < b.y0 || py > b.y0 + b.h) return;
    const [x, y] = fromScreen(b, px, py);
    const [w1min, w1max, w2min, w2max] = model.get("region");
    const step = model.get("start_step");
    const onGrid = (v, min, max) => {
      const k = Math.round((Math.min(Math.max(v, min), max) - min) / step);
      return Math.min(Math.max(Number((min + k * step).toFixed(10)), min), max);
    };
    model.set("w1", onGrid(x, w1min, w1max));
    model.set("w2", onGrid(y, w2min, w2max));
    model.save_changes();
  }

  const params = ["eta", "T", "w1", "w2", "alpha", "seed"];
  const others = ["t", "styles", "indices", "adam", "objective_spec"];
  for (const name of params) model.on(`change:${name}`, onParam);
  for (const name of others) model.on(`change:${name}`, schedule);
  model.on("change:geometry", loadImages);
  model.on("change:points", onPoints);
  model.on("change:ahead", onAhead);
  canvas.addEventListener("pointerdown", onClick);

  // le rapport de pixels de l'écran, au premier affichage puis à chaque changement (zoom du
  // navigateur, fenêtre passée sur un autre écran : signalé par matchMedia, sinon vu au
  // dessin suivant) : le noyau rend alors le fond à ce rapport, et le canevas se redessine à
  // sa nouvelle taille
  let ratioQuery = null;
  function onRatio() {
    const ratio = window.devicePixelRatio || 1;
    if (model.get("pixel_ratio") !== ratio) {
      model.set("pixel_ratio", ratio);
      model.save_changes();
    }
    if (ratioQuery) ratioQuery.removeEventListener("change", onRatio);
    ratioQuery = window.matchMedia(`(resolution: ${ratio}dppx)`);
    ratioQuery.addEventListener("change", onRatio);
    schedule();
  }
  onRatio();
  onAhead();
  onPoints();
  if (!model.get("background") || !model.get("background").byteLength) {
    model.send({ type: "background" }); // une figure montrée sans être affichée par l'explorateur
  }
  await loadImages();
  draw();

  return () => {
    for (const name of params) model.off(`change:${name}`, onParam);
    for (const name of others) model.off(`change:${name}`, schedule);
    model.off("change:geometry", loadImages);
    model.off("change:points", onPoints);
    model.off("change:ahead", onAhead);
    if (ratioQuery) ratioQuery.removeEventListener("change", onRatio);
  };
}

export default { render };
