/** `crisp merge`: joins the results of every shard of one run into one set of reports; exit code as for `run`. */
import { mergeResults, readShardResults } from '../engine/shard.ts';
import { exitCodeFor } from '../model/findings.ts';
import { writeReports, type ExtraFormat } from '../report/write.ts';
import { print } from './console.ts';

export async function mergeCommand(folders: readonly string[], options: { out: string; formats: ExtraFormat[] }): Promise<number> {
  const parts = await Promise.all(folders.map(readShardResults));
  const merged = mergeResults(parts);
  const paths = await writeReports(options.out, merged, undefined, options.formats);
  const { summary } = merged;
  print(
    `crisp merge: ${parts.length} shard(s): ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skipped} skipped`,
    ...paths.map((path) => `  wrote ${path}`),
  );
  return exitCodeFor(summary);
}
