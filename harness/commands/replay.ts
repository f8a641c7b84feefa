/** `crisp replay`: re-evaluates a pack offline; exit 0 when the verdicts match what it recorded. */
import { replayPack } from '../engine/replay.ts';
import { loadTrustedSigners } from '../report/evidence/trust.ts';
import { print } from './console.ts';
import type { TrustOptions } from './verify.ts';

export async function replayCommand(pack: string, options: TrustOptions): Promise<number> {
  const report = await replayPack(pack, await loadTrustedSigners(options));
  if (report.verifyProblems.length > 0) {
    print(
      ...report.verifyProblems.map((problem) => `crisp replay: pack not intact: ${problem}`),
      'crisp replay: refusing to re-evaluate a pack that does not verify',
    );
    return 1;
  }
  print(...report.verification.map((line) => `crisp replay: ${line}`));
  if (report.matches) {
    print(`crisp replay: verdicts match — ${report.replayed} findings re-evaluated offline equal results.json`);
    return 0;
  }
  print(`crisp replay: verdicts differ — ${report.differences.length} of ${Math.max(report.recorded, report.replayed)} findings`);
  for (const difference of report.differences.slice(0, 10)) {
    const side = (finding: typeof difference.recorded) => (finding ? `${finding.status} ${finding.checkId}` : '(none)');
    print(`  #${difference.index}: recorded ${side(difference.recorded)} | replayed ${side(difference.replayed)}`);
  }
  return 1;
}
