#!/usr/bin/env node
/**
 * The `crisp` command. Exit codes (DESIGN §5): 0 all passed or skipped with a
 * reason, 1 a check failed, 2 invalid input, 3 no failure but an error (the
 * verdict is incomplete, e.g. the target was unreachable).
 */
import { parseArgs } from 'node:util';
import { checkCatalog } from './checks/registry.ts';
import { readFile } from 'node:fs/promises';
import { explain } from './policy/explain-command.ts';
import { join } from 'node:path';
import { exitCodeFor } from './findings.ts';
import { describeDrift, driftCommand, loadRun } from './report/drift/command.ts';
import type { Results } from './report/results.ts';
import { writeReports, type ExtraFormat } from './report/write.ts';
import { mergeResults, parseShard } from './run/shard.ts';
import { replayPack } from './report/evidence/replay.ts';
import { describeVerify, verifyPack } from './report/evidence/verify.ts';
import { InputError, isUserFacingError } from './errors.ts';
import { runCommand } from './run/run-command.ts';
import { suiteJsonSchema } from './suite/schema.ts';
import type { OpenedTarget } from './target/open.ts';
import { CRISP_VERSION } from './version.ts';

const USAGE = `crisp ${CRISP_VERSION} — conformance tests for private cross-Region Amazon Bedrock connectivity

Usage:
  crisp run <suite files or folders…> --target <file> [--vars <file>…] [--out <dir>] [--check <id-glob>…]
            [--evidence <dir> [--signing-key <pem>]] [--format ocsf] [--shard <i>/<n>] [--update-baseline <file>]
  crisp merge <result folders…> [--out <dir>] [--format ocsf]  join shards into one set of reports
  crisp verify <pack dir or .tar.gz> [--public-key <pem>]   exit 0 intact, 1 naming each altered/added/missing file
  crisp replay <pack dir or .tar.gz>                        re-evaluate offline; exit 0 when the verdicts match
  crisp drift --baseline <pack | results.json> (--current <pack> | <suites…> --target <file> [--vars …])
            [--out <dir>]   exit 1 on a new failure or a change to a guard: true check's observations
  crisp explain --request <file> [--target <file>]
                        why a request is allowed or denied (JSON: decision, reason, deciding statements)
  crisp schema          print the suite JSON Schema
  crisp --version

Exit codes: 0 passed · 1 a check failed · 2 invalid input · 3 incomplete (errors, e.g. unreachable target)`;

function progress(message: string): void {
  process.stderr.write(`crisp: ${message}\n`);
}

/** --format values (repeated or comma-separated) as report formats; an unknown one is a usage error. */
function extraFormats(values: readonly string[]): ExtraFormat[] {
  const formats = values.flatMap((value) => value.split(','));
  for (const format of formats) if (format !== 'ocsf') throw new UsageError(`unknown --format ${format} (known: ocsf)`);
  return formats as ExtraFormat[];
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      vars: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'reports/latest' },
      check: { type: 'string', multiple: true, default: [] },
      evidence: { type: 'string' },
      'signing-key': { type: 'string' },
      format: { type: 'string', multiple: true, default: [] },
      shard: { type: 'string' },
      'update-baseline': { type: 'string' },
    },
  });
  const formats = extraFormats(values.format);
  if (positionals.length === 0) throw new UsageError('crisp run needs at least one suite file or folder');
  if (!values.target) throw new UsageError('crisp run needs --target <file> (e.g. targets/lab.yaml)');
  let opened: OpenedTarget | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping`);
    void (opened?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { exitCode, results, reportPaths, evidence } = await runCommand({
      suites: positionals,
      target: values.target,
      vars: values.vars,
      out: values.out,
      checks: values.check,
      ...(values.evidence ? { evidence: values.evidence } : {}),
      ...(values['signing-key'] ? { signingKey: values['signing-key'] } : {}),
      formats,
      ...(values.shard ? { shard: parseShard(values.shard) } : {}),
      ...(values['update-baseline'] ? { updateBaseline: values['update-baseline'] } : {}),
      progress,
      onOpen: (target) => {
        opened = target;
      },
    });
    const { summary } = results;
    process.stdout.write(
      `crisp: ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skipped} skipped, ${summary.not_applicable} not applicable\n` +
        reportPaths.map((path) => `  wrote ${path}\n`).join('') +
        (evidence ? `  wrote evidence ${evidence.dir} and ${evidence.archive}, signed by ${evidence.fingerprint}\n` : ''),
    );
    if (evidence?.ephemeralKey)
      progress('no --signing-key or CRISP_SIGNING_KEY: the pack is signed with a key made for it; pin its fingerprint, or sign with your own key');
    for (const finding of results.findings.filter((candidate) => candidate.status === 'fail' || candidate.status === 'error')) {
      process.stdout.write(`  ${finding.status.toUpperCase()} ${finding.checkId}: ${finding.message}\n`);
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function explainCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { request: { type: 'string' }, target: { type: 'string' } } });
  if (!values.request) throw new UsageError('crisp explain needs --request <file>');
  const { request, verdict } = await explain(values.request, values.target, progress);
  process.stdout.write(
    JSON.stringify(
      {
        decision: verdict.decision,
        reason: verdict.reason,
        decidedBy: verdict.decidedBy,
        matched: verdict.matched,
        request: { principal: request.principal, action: request.action, resource: request.resource, context: request.context },
      },
      null,
      2,
    ) + '\n',
  );
  return 0;
}

async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'public-key': { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('crisp verify needs one evidence pack (folder or .tar.gz)');
  const pinned = values['public-key']
    ? await readFile(values['public-key'], 'utf8').catch(() => {
        throw new InputError('cannot read the public key', { file: values['public-key']! });
      })
    : undefined;
  const report = await verifyPack(positionals[0]!, pinned);
  for (const line of describeVerify(report)) process.stdout.write(`crisp verify: ${line}\n`);
  return report.intact ? 0 : 1;
}

async function replayCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('crisp replay needs one evidence pack (folder or .tar.gz)');
  const report = await replayPack(positionals[0]!);
  if (report.verifyProblems.length > 0) {
    for (const problem of report.verifyProblems) process.stdout.write(`crisp replay: pack not intact: ${problem}\n`);
    process.stdout.write('crisp replay: refusing to re-evaluate a pack that does not verify\n');
    return 1;
  }
  if (report.matches) {
    process.stdout.write(`crisp replay: verdicts match — ${report.replayed} findings re-evaluated offline equal results.json\n`);
    return 0;
  }
  process.stdout.write(`crisp replay: verdicts differ — ${report.differences.length} of ${Math.max(report.recorded, report.replayed)} findings\n`);
  for (const difference of report.differences.slice(0, 10)) {
    process.stdout.write(
      `  #${difference.index}: recorded ${difference.recorded ? `${difference.recorded.status} ${difference.recorded.checkId}` : '(none)'} | replayed ${difference.replayed ? `${difference.replayed.status} ${difference.replayed.checkId}` : '(none)'}\n`,
    );
  }
  return 1;
}

async function driftCommandLine(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      baseline: { type: 'string' },
      current: { type: 'string' },
      target: { type: 'string' },
      vars: { type: 'string', multiple: true, default: [] },
      check: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'reports/drift' },
    },
  });
  if (!values.baseline) throw new UsageError('crisp drift needs --baseline <pack or results.json>');
  let current;
  if (values.current) {
    current = await loadRun(values.current);
  } else {
    if (positionals.length === 0 || !values.target) throw new UsageError('crisp drift needs --current <pack>, or suites and --target to run now');
    // Run now, into an evidence pack beside the drift report, and compare with that.
    const pack = join(values.out, 'current-pack');
    const run = await runCommand({
      suites: positionals,
      target: values.target,
      vars: values.vars,
      out: join(values.out, 'current'),
      checks: values.check,
      progress,
      evidence: pack,
    });
    current = await loadRun(run.evidence!.dir);
  }
  const { report, paths } = await driftCommand(values.baseline, current, values.out);
  for (const line of describeDrift(report)) process.stdout.write(`crisp drift: ${line}\n`);
  for (const path of paths) process.stdout.write(`  wrote ${path}\n`);
  return report.exitCode;
}

async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', default: 'reports/merged' }, format: { type: 'string', multiple: true, default: [] } },
  });
  if (positionals.length === 0) throw new UsageError('crisp merge needs the result folders of the shards');
  const parts = await Promise.all(
    positionals.map(async (folder) => {
      try {
        return JSON.parse(await readFile(join(folder, 'results.json'), 'utf8')) as Results;
      } catch (error) {
        throw new InputError(`no readable results.json (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file: folder });
      }
    }),
  );
  const merged = mergeResults(parts);
  const paths = await writeReports(values.out, merged, undefined, extraFormats(values.format));
  const { summary } = merged;
  process.stdout.write(
    `crisp merge: ${parts.length} shard(s): ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skipped} skipped\n${paths.map((path) => `  wrote ${path}\n`).join('')}`,
  );
  return exitCodeFor(summary);
}

class UsageError extends Error {}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(rest);
      case 'verify':
        return await verifyCommand(rest);
      case 'replay':
        return await replayCommand(rest);
      case 'merge':
        return await mergeCommand(rest);
      case 'drift':
        return await driftCommandLine(rest);
      case 'explain':
        return await explainCommand(rest);
      case 'schema':
        process.stdout.write(JSON.stringify(suiteJsonSchema(checkCatalog().ids()), null, 2) + '\n');
        return 0;
      case '--version':
      case 'version':
        process.stdout.write(`${CRISP_VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (isUserFacingError(error)) {
      process.stderr.write(`crisp: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`crisp: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`crisp: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 3;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
