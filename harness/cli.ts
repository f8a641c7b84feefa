#!/usr/bin/env node
/**
 * The `crisp` command: argument parsing (commander) and dispatch to harness/commands/.
 * Exit codes (docs/ARCHITECTURE.md §5): 0 all passed or skipped with a reason, 1 a
 * check failed, 2 invalid input or usage, 3 no failure but an error (the verdict is
 * incomplete, e.g. the target was unreachable).
 */
import { Command, CommanderError, Option } from 'commander';
import { driftCommand } from './commands/drift.ts';
import { explainCommand } from './commands/explain.ts';
import { mergeCommand } from './commands/merge.ts';
import { policyCommand } from './commands/policy.ts';
import { replayCommand } from './commands/replay.ts';
import { runCommand } from './commands/run.ts';
import { schemaCommand } from './commands/schema.ts';
import { verifyCommand } from './commands/verify.ts';
import { parseShard } from './engine/shard.ts';
import { InputErrors, isUserFacingError, UsageError } from './model/errors.ts';
import { neutraliseLine, neutraliseLines } from './model/terminal-text.ts';
import { CRISP_VERSION } from './model/version.ts';
import type { ExtraFormat } from './report/write.ts';

const EXIT_CODES = `
Exit codes: 0 passed (or skipped with a reason) · 1 a check failed · 2 invalid input or usage ·
            3 incomplete (errors, e.g. an unreachable target; the reports are still written)`;

/** Repeatable options: every occurrence is kept, in order (absent: undefined, read as none). */
const repeatable = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** --format values (repeated or comma-separated) as report formats; an unknown one is a usage error. */
function extraFormats(values: readonly string[]): ExtraFormat[] {
  const formats = values.flatMap((value) => value.split(','));
  for (const format of formats) if (format !== 'ocsf') throw new UsageError(`unknown --format ${format} (known: ocsf)`);
  return formats as ExtraFormat[];
}

const formatOption = () => new Option('--format <format>', 'an extra report format, repeatable or comma-separated (known: ocsf)').argParser(repeatable);

/**
 * Commander's text made inert: its own line breaks kept, but an argument it echoes (an unknown
 * option) is one line whatever it holds — a newline typed into it must not forge a line.
 */
function inert(text: string, argv: readonly string[]): string {
  let safe = text;
  for (const arg of argv) if (/[^\t\x20-\x7e]/.test(arg)) safe = safe.split(arg).join(neutraliseLine(arg));
  return neutraliseLines(safe);
}

/** The program, with each verb's options, help text and action; `done` receives the action's exit code. */
function program(done: (code: number) => void, argv: readonly string[] = []): Command {
  const crisp = new Command('crisp')
    .description('Conformance tests for private cross-Region and cross-partition Amazon Bedrock connectivity')
    .version(CRISP_VERSION, '-v, --version', 'print the crisp version')
    .helpOption('-h, --help', 'show help for crisp or a command')
    .addHelpText('after', EXIT_CODES)
    .showHelpAfterError()
    .exitOverride()
    // Help and parse errors echo what was typed: made inert like every other line crisp prints.
    .configureOutput({ writeOut: (text) => process.stdout.write(inert(text, argv)), writeErr: (text) => process.stderr.write(inert(text, argv)) });

  crisp
    .command('run')
    .description('run suites against a target and write results.json, junit.xml and report.html')
    .argument('<suites...>', 'suite files or folders of suites (*.yaml)')
    .requiredOption('--target <file>', 'target file (YAML or JSON), e.g. targets/lab.yaml')
    .option('--vars <file>', 'vars file (flat map or terraform output -json); repeatable, later files win', repeatable)
    .option('--instances <file>', 'a list of var maps (YAML or JSON): every suite runs once per entry, e.g. one per app VPC')
    .option('--out <dir>', 'report folder', 'reports/latest')
    .option('--check <id-glob>', 'only checks whose id matches (* wildcard); repeatable', repeatable)
    .option('--evidence <dir>', 'write a signed evidence pack to this folder (and <dir>.tar.gz)')
    .option('--signing-key <pem>', 'Ed25519 private key for the pack (else CRISP_SIGNING_KEY, else a key made for the pack)')
    .addOption(formatOption())
    .option('--shard <i/n>', 'run only shard i of n of the check instances (merge the shards with crisp merge)')
    .option('--update-baseline <file>', "store this run's latency samples as the baseline for latency.regression")
    .addHelpText('after', EXIT_CODES)
    .action(async (suites: string[], options) => {
      done(
        await runCommand({
          suites,
          target: options.target,
          vars: options.vars ?? [],
          ...(options.instances ? { instances: options.instances } : {}),
          out: options.out,
          checks: options.check ?? [],
          formats: extraFormats(options.format ?? []),
          ...(options.evidence ? { evidence: options.evidence } : {}),
          ...(options.signingKey ? { signingKey: options.signingKey } : {}),
          ...(options.shard ? { shard: parseShard(options.shard) } : {}),
          ...(options.updateBaseline ? { updateBaseline: options.updateBaseline } : {}),
        }),
      );
    });

  crisp
    .command('merge')
    .description('join the result folders of every shard of one run into one set of reports (exit code as for run)')
    .argument('<folders...>', 'the shards’ result folders (each holding results.json)')
    .option('--out <dir>', 'report folder', 'reports/merged')
    .addOption(formatOption())
    .action(async (folders: string[], options) => done(await mergeCommand(folders, { out: options.out, formats: extraFormats(options.format ?? []) })));

  const trustOptions = (command: Command) =>
    command
      .option('--public-key <pem>', 'a public key (PEM) the pack must be signed with; repeatable', repeatable)
      .option('--fingerprint <sha256>', 'a signer fingerprint (SHA256:<hex>) the pack must be signed by; repeatable', repeatable)
      .addHelpText('after', '\nWithout --public-key, --fingerprint or CRISP_TRUSTED_KEYS only integrity is checked, and the output says so.');
  const trustOf = (options: { publicKey?: string[]; fingerprint?: string[] }) => ({
    publicKeys: options.publicKey ?? [],
    fingerprints: options.fingerprint ?? [],
  });

  trustOptions(
    crisp
      .command('verify')
      .description('check that an evidence pack is intact (and authentic, with a pinned signer): exit 0, or 1 naming each altered, added or missing file')
      .argument('<pack>', 'evidence pack folder or .tar.gz'),
  ).action(async (pack: string, options) => done(await verifyCommand(pack, trustOf(options))));

  trustOptions(
    crisp
      .command('replay')
      .description("re-evaluate an evidence pack offline from its observations; exit 0 when the verdicts match the pack's")
      .argument('<pack>', 'evidence pack folder or .tar.gz'),
  ).action(async (pack: string, options) => done(await replayCommand(pack, trustOf(options))));

  crisp
    .command('drift')
    .description('compare a baseline run with a current one; exit 1 on a new failure or a change a guard: true check reads')
    .argument('[suites...]', 'suites to run now (with --target), when no --current pack is given')
    .requiredOption('--baseline <pack|results.json>', 'the accepted baseline: an evidence pack or a results.json')
    .option('--current <pack>', 'the current run as an evidence pack (else suites and --target run now)')
    .option('--target <file>', 'target file, to run the suites now')
    .option('--vars <file>', 'vars file; repeatable', repeatable)
    .option('--check <id-glob>', 'only checks whose id matches; repeatable', repeatable)
    .option('--out <dir>', 'drift report folder', 'reports/drift')
    .option('--public-key <pem>', 'a public key (PEM) the baseline pack must be signed with; repeatable', repeatable)
    .option('--fingerprint <sha256>', 'a signer fingerprint the baseline pack must be signed by; repeatable', repeatable)
    .action(async (suites: string[], options) =>
      done(
        await driftCommand({
          ...trustOf(options),
          baseline: options.baseline,
          ...(options.current ? { current: options.current } : {}),
          suites,
          ...(options.target ? { target: options.target } : {}),
          vars: options.vars ?? [],
          checks: options.check ?? [],
          out: options.out,
        }),
      ),
    );

  crisp
    .command('explain')
    .description(
      'why a request is allowed or denied: the decision and the statements that decided it, as JSON; a file of many requests (JSON array or JSON Lines) answers one JSON line each, and `expect` on a request makes a mismatch exit 1',
    )
    .requiredOption('--request <file>', 'request file (YAML, JSON, a JSON array or JSON Lines): principal, action, resource, context, policies, expect')
    .option('--target <file>', "read the principal's policies and its account's SCPs and RCPs from this target")
    .action(async (options) => done(await explainCommand({ request: options.request, ...(options.target ? { target: options.target } : {}) })));

  crisp
    .command('policy')
    .description('print the least-privilege IAM policy each role needs for the suites (JSON on stdout, a summary on stderr); nothing is read from the estate')
    .argument('<suites...>', 'suite files or folders of suites (*.yaml)')
    .option('--target <file>', 'the target the suites will run against (its kind decides what is planned; default aws)')
    .option('--vars <file>', 'vars file; repeatable, later files win', repeatable)
    .option('--check <id-glob>', 'only checks whose id matches; repeatable', repeatable)
    .action(async (suites: string[], options) =>
      done(await policyCommand({ suites, ...(options.target ? { target: options.target } : {}), vars: options.vars ?? [], checks: options.check ?? [] })),
    );

  crisp
    .command('schema')
    .description('print the suite JSON Schema (committed as suites/suite.schema.json)')
    .action(() => done(schemaCommand()));

  // `crisp version` predates --version; kept for scripts that use it.
  crisp.command('version', { hidden: true }).action(() => {
    process.stdout.write(`${CRISP_VERSION}\n`);
    done(0);
  });
  return crisp;
}

/** Exit code for commander's own outcomes: help and version are successes, every parse error is a usage error. */
function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  // `crisp` alone shows the help as an error: no command is a usage error.
  return 2;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await program((code) => (exitCode = code), argv).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    if (isUserFacingError(error)) {
      // One line per problem; a line break inside one (a file name, an estate string) is shown, never obeyed.
      const lines = error instanceof InputErrors ? error.errors.map((each) => each.message) : [error.message];
      process.stderr.write(`crisp: ${lines.map(neutraliseLine).join('\n')}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`crisp: ${neutraliseLine(error.message)}\n(crisp <command> --help for usage)\n`);
      return 2;
    }
    process.stderr.write(`crisp: internal error: ${neutraliseLines((error as Error).stack ?? String(error))}\n`);
    return 3;
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  // An interrupted run has written its reports; the calls it stopped waiting for may still be in flight.
  if (code === 130) process.exit(code);
  process.exitCode = code;
}
