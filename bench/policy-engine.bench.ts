/**
 * Issue 4's figure: crisp's policy engine against @cloud-copilot/iam-simulate on
 * the same 10,000 generated requests in one process — evaluations per second
 * and agreement. Goal: at least 10× faster with identical verdicts.
 *
 *   node bench/policy-engine.bench.ts [--requests N]
 */
import { parseArgs } from 'node:util';
import { evaluate } from '../harness/policy/evaluate.ts';
import type { Decision } from '../harness/policy/types.ts';
import { generateCases } from '../test/policy/generate-cases.ts';
import { simulate } from '../test/policy/iam-simulate-adapter.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '10000' } } });
const cases = generateCases(Number(values.requests), 7);

// Warm both up (JIT, iam-simulate's data loading) on the first 200.
for (const policyCase of cases.slice(0, 200)) {
  evaluate(policyCase.request, policyCase.policies);
  await simulate(policyCase);
}

let started = performance.now();
const theirs: (Decision | undefined)[] = [];
for (const policyCase of cases) theirs.push((await simulate(policyCase)).decision);
const theirMs = performance.now() - started;

started = performance.now();
const ours: Decision[] = [];
for (const policyCase of cases) ours.push(evaluate(policyCase.request, policyCase.policies).decision);
const ourMs = performance.now() - started;

const comparable = theirs.filter((decision) => decision !== undefined).length;
const agreeing = theirs.filter((decision, index) => decision !== undefined && decision === ours[index]).length;
const ourRate = cases.length / (ourMs / 1000);
const theirRate = cases.length / (theirMs / 1000);
console.log(`requests: ${cases.length} (${comparable} comparable; the rest use the Region-less model ARN iam-simulate cannot type)`);
console.log(`crisp:        ${ourMs.toFixed(0)} ms, ${ourRate.toFixed(0)} evaluations/s`);
console.log(`iam-simulate: ${theirMs.toFixed(0)} ms, ${theirRate.toFixed(0)} evaluations/s`);
console.log(`speed ratio crisp / iam-simulate: ${(ourRate / theirRate).toFixed(1)}× (goal >= 10×)`);
console.log(`agreement: ${agreeing} / ${comparable} comparable verdicts identical`);
process.exitCode = agreeing === comparable && ourRate / theirRate >= 10 ? 0 : 1;
