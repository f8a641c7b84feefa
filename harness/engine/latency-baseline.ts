/** `--update-baseline FILE`: stores this run's successful latency samples per profile for later regression checks. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConverseTranscript, LatencyBaselineFile, Observations } from '../model/observations.ts';
import { ms, okLatencies, okTtfts } from '../checks/latency/samples.ts';

/** Writes the baseline file; returns the profiles it holds. */
export async function writeLatencyBaseline(path: string, observations: Observations): Promise<string[]> {
  const profiles: LatencyBaselineFile['profiles'] = {};
  for (const [key, outcome] of Object.entries(observations.toJSON())) {
    if (!key.startsWith('probe.converse@') || !outcome.ok) continue;
    const transcript = outcome.data as ConverseTranscript;
    profiles[transcript.profileId] = { api: transcript.api, latencyMs: okLatencies(transcript).map(ms), ttftMs: okTtfts(transcript).map(ms) };
  }
  const file: LatencyBaselineFile = { writtenAt: new Date().toISOString(), profiles };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(file, null, 2) + '\n');
  return Object.keys(profiles);
}
