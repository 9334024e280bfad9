// La figure de l'explorateur dans le navigateur (widget anywidget : course_utils/web_figure.py).
//
// Le fond (courbes de niveau, axes, titres, w*) est une image PNG dessinée par matplotlib dans
// le noyau, avec la géométrie de ses axes (geometry) ; les légendes et la droite F(w*) arrivent
// dans une seconde image transparente (overlay), posée au-dessus des trajectoires comme le fait
// matplotlib. Ce qui bouge est dessiné ici, sur un canevas, à chaque image où un paramètre a
// changé : trajectoires (ligne et marqueurs), départ, points d'arrivée, courbes
// d'apprentissage (échelle log), point de l'étape t, alerte de divergence. Les trajectoires
// viennent, par ordre de préférence :
//   1. du noyau (numpy, la référence), quand ses points correspondent aux paramètres affichés ;
//   2. du miroir JavaScript (mirror.js), tout de suite, pour un objectif et une méthode connus ;
//   3. des derniers points reçus du noyau (objectif ou méthode que le miroir ne connaît pas).
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

// une polyligne coupée aux points non finis (comme matplotlib)
function polyline(ctx, pts) {
  ctx.beginPath();
  let pen = false;
  for (const p of pts) {
    if (!p) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(p[0], p[1]);
    else ctx.moveTo(p[0], p[1]);
    pen = true;
  }
}

function verdict(F) {
  for (let t = 0; t < F.length; t++) {
    if (!Number.isFinite(F[t])) return `diverge\n(F infini à l'étape ${t})`;
  }
  if (F.length > 1 && F[F.length - 1] > F[0]) return "s'éloigne du minimum\n(F a augmenté)";
  return "";
}

// Le texte d'alerte au centre des courbes de niveau, dans une boîte arrondie (boxstyle
// « round », marge 0,3 × la taille du texte), comme ax.text(..., bbox=...) de matplotlib.
function alertBox(ctx, box, text) {
  const size = 10 * PT, lineHeight = 1.2 * size;
  const lines = text.split("\n");
  ctx.font = `${size}px "DejaVu Sans", sans-serif`;
  const width = Math.max(...lines.map((l) => ctx.measureText(l).width));
  const height = size + (lines.length - 1) * lineHeight;
  const pad = 0.3 * size;
  const cx = box.x0 + box.w / 2, cy = box.y0 + box.h / 2;
  const x = cx - width / 2 - pad, y = cy - height / 2 - pad;
  const w = width + 2 * pad, h = height + 2 * pad;
  ctx.save();
  ctx.globalAlpha = 0.9;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, pad);
  ctx.fillStyle = "white";
  ctx.fill();
  ctx.lineWidth = 1 * PT;
  ctx.strokeStyle = ALERT_RED;
  ctx.stroke();
  ctx.restore();
  ctx.fillStyle = ALERT_RED;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  lines.forEach((l, k) => {
    ctx.fillText(l, cx, cy - (lines.length - 1) * lineHeight / 2 + k * lineHeight);
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
    draws: 0, kernelAgrees: 0, kernelDiffers: 0, source: {},
  };
  root.__courseFigure = view;

  let objective = null, objectiveFor = null;
  function mirrorObjective() {
    const kind = model.get("objective_kind");
    if (!kind) return null;
    const X = model.get("X"), y = model.get("y");
    if (objectiveFor !== X) {
      objective = mirror.makeObjective(kind, X, y);
      objectiveFor = X;
    }
    return objective;
  }

  // La trajectoire d'une méthode par le miroir, ou null s'il ne peut pas la calculer ici.
  function mirrored(style, f, T) {
    if (!style.mirror || !f) return null;
    const options = { w0: [model.get("w1"), model.get("w2")], eta: model.get("eta"), T,
                      alpha: model.get("alpha") };
    if (mirror.STOCHASTIC.includes(style.name)) {
      const ind = model.get("indices")[String(model.get("seed"))];
      if (!ind || ind.length < T) return null; // graine non préparée : le noyau répondra
      options.indices = ind;
    }
    if (style.name === "adam") {
      const tables = model.get("adam");
      if (!tables.bc1 || tables.bc1.length < T) return null;
      options.adam = tables;
    }
    const Z = mirror.trajectory(style.name, f, options);
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

  function draw() {
    const L = view.layout;
    if (!L || !view.background) return;
    const r = resize();
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, L.width, L.height);
    ctx.drawImage(view.background, 0, 0, L.width, L.height);

    const T = model.get("T");
    const t = Math.min(model.get("t"), T);
    const key = paramsKey(model);
    const fresh = view.kernel && sameKey(view.kernel.key, key) ? view.kernel : null;
    const f = mirrorObjective();
    const [w1min, w1max, w2min, w2max] = model.get("region");
    const span = Math.max(w1max - w1min, w2max - w2min);
    const lo = [w1min - 1e3 * span, w2min - 1e3 * span];
    const hi = [w1max + 1e3 * span, w2max + 1e3 * span];
    const plane = L.plane, curve = L.curve;
    const runs = [];
    for (const style of model.get("styles")) {
      let run = fresh && fresh.methods[style.name];
      let source = "noyau";
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
      polyline(ctx, pts);
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
      polyline(ctx, pts);
      ctx.stroke();
      for (const p of pts) if (p) circle(ctx, r, p[0], p[1], 3, style.color, style.color, 1);
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
      const word = verdict(F);
      if (word) alerts.push(`${style.label} : ${word}`);
    }
    if (alerts.length) alertBox(ctx, plane, alerts.join("\n"));
    view.draws += 1;
    root.dispatchEvent(new CustomEvent("course-figure:drawn", {
      detail: { draws: view.draws, key, time: performance.now() },
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

  function onPoints(msg, buffers) {
    if (!msg || msg.type !== "points") return;
    const methods = {};
    msg.methods.forEach((name, k) => {
      const Z = new Float64Array(buffers[2 * k].buffer.slice(
        buffers[2 * k].byteOffset, buffers[2 * k].byteOffset + buffers[2 * k].byteLength));
      const F = new Float64Array(buffers[2 * k + 1].buffer.slice(
        buffers[2 * k + 1].byteOffset, buffers[2 * k + 1].byteOffset + buffers[2 * k + 1].byteLength));
      methods[name] = { Z, F };
    });
    view.kernel = { key: msg.key, methods };
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

  // t suit T quand T change (après la borne du curseur t, reliée à T : d'où le délai)
  function onT() {
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

  const params = ["eta", "w1", "w2", "alpha", "seed", "t", "styles", "indices", "adam"];
  for (const name of params) model.on(`change:${name}`, schedule);
  model.on("change:T", onT);
  model.on("change:geometry", loadImages);
  model.on("msg:custom", onPoints);
  canvas.addEventListener("pointerdown", onClick);

  const ratio = window.devicePixelRatio || 1;
  if (model.get("pixel_ratio") !== ratio) {
    model.set("pixel_ratio", ratio);
    model.save_changes();
  }
  model.send({ type: "hello" });
  await loadImages();
  draw();

  return () => {
    for (const name of params) model.off(`change:${name}`, schedule);
    model.off("change:T", onT);
    model.off("change:geometry", loadImages);
    model.off("msg:custom", onPoints);
  };
}

export default { render };
