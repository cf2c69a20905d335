// Checks the sharding examples (docs/scaling.md) three ways, and fails loudly on the first that
// does not hold:
//   1. schemas: the GitHub Actions workflow against SchemaStore's workflow schema
//      (@action-validator/cli), every Kubernetes object against its OpenAPI model
//      (kubernetes-models) — each with a broken copy that must be refused, so a validator that
//      accepts anything fails this check;
//   2. what the files must agree on: the matrix is 1..SHARDS, the Job's completions, parallelism
//      and --shard arithmetic name the same N, the merges read what the shards write;
//   3. a local run of their own commands: every shard's command as the file spells it (paths
//      mapped to a temporary directory), then the merge's, which must write the reports and exit 0.
// Usage: node check.mjs --agentsim PATH/TO/agentsim
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const argv = process.argv.slice(2);
const agentsim = argv.includes("--agentsim") ? path.resolve(argv[argv.indexOf("--agentsim") + 1] ?? "") : "";
if (argv.indexOf("--agentsim") < 0 || !agentsim || !fs.existsSync(agentsim)) {
  console.error("usage: node check.mjs --agentsim PATH/TO/agentsim");
  process.exit(2);
}
if (!fs.existsSync(path.join(here, "node_modules/yaml"))) {
  console.error("examples/check: its npm packages are missing: run scripts/install-deps.sh (npm ci in examples/check/)");
  process.exit(2);
}
const { parseAllDocuments } = await import("yaml");
const { Job } = await import("kubernetes-models/batch/v1/Job");
const { ConfigMap } = await import("kubernetes-models/v1/ConfigMap");
const { PersistentVolumeClaim } = await import("kubernetes-models/v1/PersistentVolumeClaim");

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agentsim-examples-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const readYaml = (file) => parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => {
  if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  return d.toJS();
});
const sh = (script, cwd, env = {}) =>
  spawnSync("/bin/sh", ["-c", script], { cwd, env: { ...process.env, ...env }, encoding: "utf8" });

// ---- GitHub Actions ----
const workflowFile = path.join(root, "examples/ci/github-actions.yml");
const validator = path.join(here, "node_modules/.bin/action-validator");
const validates = (file) => spawnSync(validator, [file], { encoding: "utf8" }).status === 0;
check(validates(workflowFile), "github-actions.yml: valid against the workflow schema (action-validator)");
const [workflow] = readYaml(workflowFile);
{
  const broken = structuredClone(workflow);
  broken.jobs.shard.strategy.matrix = "1, 2, 3, 4";  // a matrix must be a mapping
  delete broken.jobs.merge["runs-on"];
  const file = path.join(tmp, "broken-workflow.yml");
  fs.writeFileSync(file, JSON.stringify(broken));
  check(!validates(file), "github-actions.yml: a broken copy is refused (the validator can fail)");
}
const shards = Number(workflow.env.SHARDS);
const matrix = workflow.jobs.shard.strategy.matrix.shard;
check(Number.isInteger(shards) && shards >= 1, `workflow: SHARDS is a shard count (${workflow.env.SHARDS})`);
check(JSON.stringify(matrix) === JSON.stringify([...Array(shards).keys()].map((k) => k + 1)),
      `workflow: the matrix is shards 1..${shards} (${JSON.stringify(matrix)})`);
check([].concat(workflow.jobs.merge.needs).includes("shard") && [].concat(workflow.jobs.shard.needs).includes("image"),
      "workflow: merge needs the shards, the shards need the image");
const image = "ghcr.io/${{ github.repository }}/agentsim:${{ github.sha }}";
check(workflow.jobs.shard.container.image === image && workflow.jobs.merge.container.image === image &&
      workflow.env.IMAGE === image, "workflow: the shards and the merge run the image the first job builds");
const shardStep = workflow.jobs.shard.steps.find((s) => typeof s.run === "string" && s.run.includes("--shard"));
const mergeStep = workflow.jobs.merge.steps.find((s) => typeof s.run === "string" && s.run.includes("agentsim merge"));
const upload = workflow.jobs.shard.steps.find((s) => String(s.uses).startsWith("actions/upload-artifact"));
const download = workflow.jobs.merge.steps.find((s) => String(s.uses).startsWith("actions/download-artifact"));
check(shardStep && mergeStep && upload && download, "workflow: a shard step, an upload, a download and a merge step");
// The artifact names the shards upload match the pattern the merge downloads.
const uploaded = upload.with.name.replace("${{ matrix.shard }}", "1");
const pattern = new RegExp("^" + download.with.pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");
check(pattern.test(uploaded), `workflow: the merge downloads what the shards upload (${uploaded} ~ ${download.with.pattern})`);

// Run the workflow's commands here: every matrix entry's shard step, then the merge step.
const scenarios = path.join(tmp, "scenarios");
fs.mkdirSync(scenarios);
const [k8s] = [readYaml(path.join(root, "examples/k8s/indexed-job.yaml"))];
const configMap = k8s.find((d) => d.kind === "ConfigMap");
for (const [name, text] of Object.entries(configMap.data)) fs.writeFileSync(path.join(scenarios, name), text);
const bin = path.join(tmp, "bin");
fs.mkdirSync(bin);
fs.symlinkSync(path.resolve(agentsim), path.join(bin, "agentsim"));
const envPath = { PATH: `${bin}:${process.env.PATH}` };
{
  const work = path.join(tmp, "gha");
  fs.mkdirSync(path.join(work, "partials"), { recursive: true });
  fs.cpSync(scenarios, path.join(work, "scenarios"), { recursive: true });
  for (const shard of matrix) {
    const script = shardStep.run.replaceAll("${{ matrix.shard }}", String(shard));
    const r = sh(script, work, { ...envPath, SCENARIOS: workflow.env.SCENARIOS, SHARDS: String(shards) });
    check(r.status === 0, `workflow: shard ${shard}'s step runs (${r.status}) ${r.stderr.trim()}`);
    const file = upload.with.path.replaceAll("${{ matrix.shard }}", String(shard)).replaceAll("${{ env.SHARDS }}", String(shards));
    check(fs.existsSync(path.join(work, file)), `workflow: shard ${shard} wrote the file it uploads (${file})`);
    fs.renameSync(path.join(work, file), path.join(work, download.with.path, file));
  }
  // The team's committed baseline, which the merge step gates on: here, the unsharded run's report.
  const ref = path.join(tmp, "gha-ref");
  const u = spawnSync(agentsim, ["run", "scenarios/", "-q", "--report-dir", ref], { cwd: work, encoding: "utf8" });
  check(u.status === 0, `workflow: the unsharded run passes (${u.status})`);
  fs.mkdirSync(path.join(work, "reports"));
  fs.copyFileSync(path.join(ref, "report.json"), path.join(work, "reports/baseline.json"));
  const r = sh(mergeStep.run, work, envPath);
  check(r.status === 0 && fs.existsSync(path.join(work, "agentsim-report/report.json")),
        `workflow: the merge step merges and writes the reports (exit ${r.status}) ${r.stderr.trim()}`);
  // Apart from the baseline comparison the merge adds, its report is the unsharded run's.
  const strip = (file) => {
    const j = JSON.parse(fs.readFileSync(file, "utf8"));
    delete j.baseline;
    return JSON.stringify(j);
  };
  check(r.status === 0 && strip(path.join(work, "agentsim-report/report.json")) === strip(path.join(ref, "report.json")),
        "workflow: the merged report is the unsharded run's (the baseline comparison aside)");
}

// ---- Kubernetes ----
const mergeDocs = readYaml(path.join(root, "examples/k8s/merge-job.yaml"));
const models = { Job, ConfigMap, PersistentVolumeClaim };
for (const doc of [...k8s, ...mergeDocs]) {
  const Model = models[doc.kind];
  let error = "";
  try {
    if (!Model) throw new Error(`no model for kind ${doc.kind}`);
    new Model(doc).validate();
  } catch (e) {
    error = e.message;
  }
  check(error === "", `k8s: ${doc.kind} ${doc.metadata.name} is valid against its OpenAPI schema ${error}`);
}
const job = k8s.find((d) => d.kind === "Job");
const mergeJob = mergeDocs.find((d) => d.kind === "Job");
{
  const broken = structuredClone(job);
  broken.spec.completionMode = "Indexd";
  broken.spec.parallelism = "eight";
  let refused = false;
  try { new Job(broken).validate(); } catch { refused = true; }
  check(refused, "k8s: a broken copy of the Job is refused (the schema check can fail)");
}
const n = job.spec.completions;
const shardArgs = job.spec.template.spec.containers[0].args.join(" ");
const mergeArgs = mergeJob.spec.template.spec.containers[0].args.join(" ");
check(job.spec.completionMode === "Indexed", "k8s: the shard Job is an Indexed Job");
check(job.spec.parallelism === n, `k8s: all ${n} shards run at once (parallelism = completions)`);
check(shardArgs.includes(`--shard $((JOB_COMPLETION_INDEX + 1))/${n}`),
      `k8s: JOB_COMPLETION_INDEX 0..${n - 1} becomes --shard 1/${n}..${n}/${n}`);
check(mergeArgs.includes(`-of-${n}.json`) && shardArgs.includes(`-of-${n}.json`), "k8s: the merge reads the files the shards write");
const mounts = (j) => JSON.stringify(j.spec.template.spec.containers[0].volumeMounts.map((m) => [m.name, m.mountPath]));
check(mounts(job) === mounts(mergeJob) && JSON.stringify(job.spec.template.spec.volumes) === JSON.stringify(mergeJob.spec.template.spec.volumes),
      "k8s: the merge sees the scenarios and the partials where the shards did");
{
  // Run the pods' commands here, /scenarios and /partials mapped to temporary directories.
  const partials = path.join(tmp, "k8s-partials");
  fs.mkdirSync(partials);
  const local = (s) => s.replaceAll("/scenarios", scenarios).replaceAll("/partials", partials);
  for (let index = 0; index < n; index++) {
    const r = sh(local(shardArgs), tmp, { ...envPath, JOB_COMPLETION_INDEX: String(index) });
    check(r.status === 0, `k8s: the pod of index ${index} runs its shard (${r.status}) ${r.stderr.trim()}`);
  }
  check(fs.readdirSync(partials).length === n, `k8s: ${n} partial results on the volume`);
  const r = sh(local(mergeArgs), tmp, envPath);
  check(r.status === 0 && fs.existsSync(path.join(partials, "report/report.json")),
        `k8s: the merge pod merges and writes the reports (exit ${r.status}) ${r.stderr.trim()}`);
  // The merged report is the unsharded run's.
  const ref = path.join(tmp, "k8s-ref");
  const u = spawnSync(agentsim, ["run", scenarios, "-q", "--report-dir", ref], { encoding: "utf8" });
  check(u.status === 0 && fs.readFileSync(path.join(ref, "report.json"), "utf8") ===
        fs.readFileSync(path.join(partials, "report/report.json"), "utf8"),
        "k8s: the merged report.json is the unsharded run's, byte for byte");
}

// ---- The Dockerfile ----
{
  const text = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
  const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  check(froms.length >= 1 && froms.every((f) => /^debian:12(-slim)?$/.test(f)), `Dockerfile: every stage is Debian 12 (${froms})`);
  const install = fs.readFileSync(path.join(root, "scripts/install-deps.sh"), "utf8");
  const buildStage = text.split(/^FROM /m)[1];
  const wanted = [...buildStage.matchAll(/\b(lib[\w.+-]+-dev|nlohmann-json3-dev|build-essential|cmake)\b/g)].map((m) => m[1]);
  const missing = wanted.filter((p) => !new RegExp(`\\b${p.replace(/[+.]/g, "\\$&")}\\b`).test(install));
  check(wanted.length > 5 && missing.length === 0, `Dockerfile: builds with install-deps.sh's packages (${missing.join(", ") || "all listed"})`);
  // The runtime stage installs the shared libraries the binary links (ldd), by their Debian names.
  const ldd = execFileSync("ldd", [agentsim], { encoding: "utf8" });
  const runtime = text.split(/^FROM /m).at(-1);
  for (const [lib, pkg] of [["libyaml-cpp.so.0.7", "libyaml-cpp0.7"], ["libfmt.so.9", "libfmt9"]]) {
    check(!ldd.includes(lib) || runtime.includes(pkg), `Dockerfile: the image has ${pkg} for ${lib}`);
  }
  const linked = [...ldd.matchAll(/^\s*(\S+\.so[.\d]*)\s/gm)].map((m) => m[1])
    .map((l) => path.basename(l))
    .filter((l) => !/^(linux-vdso|ld-linux|libc\.|libm\.|libstdc\+\+|libgcc_s)/.test(l))
    // A sanitized test build (scripts/test.sh --sanitize) links the sanitizer runtimes; the image
    // builds its own Release binary, which does not.
    .filter((l) => !/^lib(asan|ubsan|lsan|tsan)\.so/.test(l));
  const known = ["libyaml-cpp.so.0.7", "libfmt.so.9"];
  check(linked.every((l) => known.includes(l)), `Dockerfile: no other shared library is needed (${linked.join(", ")})`);
}

console.log(failures === 0 ? "examples: all checks passed" : `examples: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
