/**
 * Runs the crisp CLI in this process and, as the process exits, writes its own peak
 * resident set size and CPU time to the JSON file named by CRISP_BENCH_USAGE: the
 * benchmark runs crisp as a child so its figures are crisp's alone (the lab, moto and
 * the stand-ins run elsewhere).
 *
 *   CRISP_BENCH_USAGE=usage.json node bench/support/measured-cli.ts run …
 */
import { writeFileSync } from 'node:fs';

const usageFile = process.env.CRISP_BENCH_USAGE;
const started = performance.now();
process.once('exit', () => {
  if (!usageFile) return;
  const usage = process.resourceUsage();
  writeFileSync(
    usageFile,
    JSON.stringify({ maxRssKiB: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, wallMs: performance.now() - started }),
  );
});
const { main } = await import('../../harness/cli.ts');
process.exitCode = await main(process.argv.slice(2));
