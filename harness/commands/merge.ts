/** `crisp merge`: joins the results of every shard of one run into one set of reports; exit code as for `run`. */
import { mergeResults, readShardResults } from '../engine/shard.ts';
import { exitCodeFor } from '../model/findings.ts';
import { OUTPUT_FILES, writeReports, type ExtraFormat } from '../report/write.ts';
import { checkOutputFolder, isWithin } from '../engine/output-paths.ts';
import { InputError } from '../model/errors.ts';
import type { Results } from '../model/results.ts';
import { print } from './console.ts';

export async function mergeCommand(folders: readonly string[], options: { out: string; formats: ExtraFormat[] }): Promise<number> {
  await checkOutputFolder(options.out, '--out', OUTPUT_FILES);
  const overwritten = folders.find((folder) => isWithin(options.out, folder) && isWithin(folder, options.out));
  if (overwritten)
    throw new InputError('is both a shard to merge and --out: the merge would overwrite its results; choose another --out', { file: overwritten });
  const parts: Results[] = [];
  for (const folder of folders) parts.push(await readShardResults(folder));
  const merged = mergeResults(parts, folders);
  const { paths } = await writeReports(options.out, merged, options.formats);
  const { summary } = merged;
  print(
    `crisp merge: ${parts.length} shard(s): ${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.skipped} skipped`,
    ...paths.map((path) => `  wrote ${path}`),
  );
  return exitCodeFor(summary);
}
