/**
 * `crisp run`: runs suites against a target and writes the reports; prints the
 * summary and every failing finding. Exit code per docs/ARCHITECTURE.md §5.
 */
import { runSuites, type RunOptions } from '../engine/run.ts';
import type { OpenedTarget } from '../estate/open.ts';
import { launchLab } from '../../lab/index.ts';
import { failingLines, print, progress, summaryLines } from './console.ts';

/** The options `crisp run` parses; progress and the lab launcher are wired here. */
export type RunCommandOptions = Omit<RunOptions, 'progress' | 'launchLab' | 'onOpen'>;

export async function runCommand(options: RunCommandOptions): Promise<number> {
  let opened: OpenedTarget | undefined;
  const interruption = new AbortController();
  // The first Ctrl-C stops reading and lets the run write every report with what was observed,
  // then exit 130; before the target is open, or on a second Ctrl-C, it closes the target (the
  // lab's moto and stand-ins) and exits at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (opened && !interruption.signal.aborted) {
      progress(`${signal}: stopping; writing the reports with what was observed (again to stop at once)`);
      interruption.abort(signal);
      return;
    }
    progress(`${signal}: stopping`);
    void (opened?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { exitCode, results, reportPaths, evidence } = await runSuites({
      ...options,
      progress,
      launchLab,
      interrupted: interruption.signal,
      onOpen: (target) => {
        opened = target;
      },
    });
    print(
      ...summaryLines(results),
      ...reportPaths.map((path) => `  wrote ${path}`),
      ...(evidence ? [`  wrote evidence ${evidence.dir} and ${evidence.archive}, signed by ${evidence.fingerprint}`] : []),
    );
    if (evidence?.ephemeralKey)
      progress('no --signing-key or CRISP_SIGNING_KEY: the pack is signed with a key made for it; pin its fingerprint, or sign with your own key');
    print(...failingLines(results));
    return results.interrupted ? 130 : exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
