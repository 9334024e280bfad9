// Fait tourner le miroir JavaScript (course_utils/static/mirror.js) pour les tests pytest.
//
// Entrée (stdin, JSON) : { jobs: [{ objective (la description de web_figure.mirror_spec :
// { kind, X, y } ou { kind, H, w_star }…), method, w0, eta, T, alpha, indices, schedule, adam,
// points }] }, ou { methods: true } : la liste des méthodes du miroir. Sortie (stdout, JSON) :
// une réponse par tâche, { Z, F, Fpoints } ou { error } ; les nombres non finis s'écrivent
// "NaN", "Infinity", "-Infinity".
//
// points (facultatif, (T + 1) × d nombres : la trajectoire de numpy) : Fpoints = F en ces
// points, calculé par le miroir (on compare ainsi F seul, sans l'écart des trajectoires).
import { readFileSync } from "node:fs";
import { METHODS, makeObjective, trajectory, values } from "../../course_utils/static/mirror.js";

const input = JSON.parse(readFileSync(0, "utf8"));
if (input.methods) {
  process.stdout.write(JSON.stringify(METHODS));
  process.exit(0);
}
const plain = (a) => Array.from(a, (x) => (Number.isFinite(x) ? x : String(x)));

const out = input.jobs.map((job) => {
  try {
    const f = makeObjective(job.objective);
    const Z = trajectory(job.method, f, job);
    const res = { Z: plain(Z), F: plain(values(f, Z)) };
    if (job.points) res.Fpoints = plain(values(f, Float64Array.from(job.points, Number)));
    return res;
  } catch (err) {
    return { error: String((err && err.message) || err) };
  }
});
process.stdout.write(JSON.stringify(out));
