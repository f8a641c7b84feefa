/**
 * crisp's policy engine against @cloud-copilot/iam-simulate, like for like: the
 * same generated requests in one process, with every policy parsed once on both
 * sides — crisp's evaluate() (its validation is cached per document) against
 * iam-simulate's core authorize() on pre-loaded policies and pre-built requests.
 * Prints evaluations per second, the core-to-core ratio (goal ≥ 10×) and
 * agreement; for context, also iam-simulate's public runSimulation(), which
 * re-parses per call. Wildcard-resource cases run several authorisations in
 * iam-simulate, so they are left out of the timing.
 *
 *   node bench/policy-engine.bench.ts [--requests N] [--rounds R]
 */
import { parseArgs } from 'node:util';
import { evaluate } from '../harness/policy/evaluate.ts';
import type { Decision } from '../harness/policy/types.ts';
import { generateAllCases } from '../test/policy/generate-cases.ts';
import { prepareCore, type PreparedCore } from '../test/policy/iam-simulate-core.ts';
import { simulate } from '../test/policy/iam-simulate-adapter.ts';
import { documentedClassOf } from '../test/policy/documented-disagreements.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
const generated = generateAllCases(Number(values.requests), 7);

// Comparable cases only: those iam-simulate can type and answers with one authorisation.
const cases: typeof generated = [];
const theirs: PreparedCore[] = [];
const publicDecisions: Decision[] = [];
for (const policyCase of generated) {
  if (policyCase.request.wildcardResource) continue;
  const simulated = await simulate(policyCase);
  if (!simulated.decision) continue;
  cases.push(policyCase);
  publicDecisions.push(simulated.decision);
  theirs.push(await prepareCore(policyCase));
}

/** Milliseconds for one pass of `run` over every case; the best of several rounds, interleaved, so load hits both sides alike. */
function time(run: (index: number) => Decision): { ms: number; decisions: Decision[] } {
  const decisions: Decision[] = new Array(cases.length);
  const started = performance.now();
  for (let index = 0; index < cases.length; index += 1) decisions[index] = run(index);
  return { ms: performance.now() - started, decisions };
}
const ours = (index: number) => evaluate(cases[index]!.request, cases[index]!.policies).decision;
const core = (index: number) => theirs[index]!();
// Warm-up: JIT on both sides, crisp's per-document validation cache.
time(ours);
time(core);
let ourBest = Infinity;
let coreBest = Infinity;
let ourDecisions: Decision[] = [];
let coreDecisions: Decision[] = [];
for (let round = 0; round < rounds; round += 1) {
  const a = time(ours);
  const b = time(core);
  if (a.ms < ourBest) ourBest = a.ms;
  if (b.ms < coreBest) coreBest = b.ms;
  ourDecisions = a.decisions;
  coreDecisions = b.decisions;
}

// The public API, once, for context (it validates and parses every policy on every call).
let started = performance.now();
for (const policyCase of cases) await simulate(policyCase);
const publicMs = performance.now() - started;

const rate = (ms: number) => cases.length / (ms / 1000);
const agreeingCore = ourDecisions.filter((decision, index) => decision === coreDecisions[index]).length;
const agreeingPublic = ourDecisions.filter((decision, index) => decision === publicDecisions[index]).length;
// Disagreements where AWS's documentation settles it for crisp (test/policy/documented-disagreements.ts) are counted apart.
const documented = ourDecisions.filter(
  (decision, index) =>
    decision !== coreDecisions[index] &&
    documentedClassOf(cases[index]!, evaluate(cases[index]!.request, cases[index]!.policies), coreDecisions[index]!) !== undefined,
).length;
console.log(`requests: ${generated.length} generated, ${cases.length} comparable (single resource, typed by iam-simulate); best of ${rounds} rounds`);
console.log(`crisp evaluate():             ${ourBest.toFixed(0)} ms, ${rate(ourBest).toFixed(0)} evaluations/s`);
console.log(`iam-simulate authorize():     ${coreBest.toFixed(0)} ms, ${rate(coreBest).toFixed(0)} evaluations/s (policies parsed once)`);
console.log(`iam-simulate runSimulation(): ${publicMs.toFixed(0)} ms, ${rate(publicMs).toFixed(0)} evaluations/s (parses per call; context only)`);
console.log(`core-to-core ratio crisp / iam-simulate: ${(coreBest / ourBest).toFixed(1)}× (goal >= 10×)`);
console.log(
  `agreement: ${agreeingCore} / ${cases.length} with authorize(), ${agreeingPublic} / ${cases.length} with runSimulation(); ${documented} of the ${cases.length - agreeingCore} differences are documented iam-simulate departures from AWS's documentation, ${cases.length - agreeingCore - documented} undocumented`,
);
process.exitCode = agreeingCore + documented === cases.length && coreBest / ourBest >= 10 ? 0 : 1;
