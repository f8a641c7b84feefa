/** Reading latency transcripts: the successful samples of a profile, as the checks use them. */
import type { ConverseTranscript } from '../../model/observations.ts';
import type { Interval } from '../../stats/latency-stats.ts';

export function okLatencies(transcript: ConverseTranscript): number[] {
  return transcript.samples.filter((sample) => sample.outcome === 'ok' && sample.latencyMs !== undefined).map((sample) => sample.latencyMs!);
}

export function okTtfts(transcript: ConverseTranscript): number[] {
  return transcript.samples.filter((sample) => sample.outcome === 'ok' && sample.ttftMs !== undefined).map((sample) => sample.ttftMs!);
}

/** Rounds for messages and evidence (results stay deterministic: no clock, fixed precision). */
export const ms = (value: number) => Math.round(value * 10) / 10;

/** An interval rounded the same way. */
export const msInterval = (interval: Interval): Interval => ({ estimate: ms(interval.estimate), low: ms(interval.low), high: ms(interval.high) });
