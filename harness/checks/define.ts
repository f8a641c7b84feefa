/**
 * The shape of a check (docs/ARCHITECTURE.md §3): metadata validated at load time, the
 * observations it needs, and a pure, synchronous evaluate().
 */
import type { z } from 'zod';
import type { Capability } from '../model/capabilities.ts';
import type { FindingDraft, Severity } from '../model/findings.ts';
import type { Observations, ObservationRequest } from '../model/observations.ts';

/** A check as its file defines it; `P` is the type of its validated parameters. */
export interface CheckDefinition<P = unknown> {
  /** Equals the file name (without .ts) and never changes: reports, baselines and drift key on it. */
  id: string;
  /** The desired condition, stated as a fact. */
  title: string;
  severity: Severity;
  /** Why it matters, in the user's terms, citing the AWS pattern or documentation (shown to users: no internal references). */
  rationale: string;
  /** What to change when it fails. */
  remediation: string;
  /** Validates and types the suite's `with` block for this check. */
  params: z.ZodType<P>;
  /** Target behaviours the check depends on; missing ones turn every finding into `skipped`. */
  requires?: readonly Capability[];
  /** The observations evaluate() reads, derived from the parameters. */
  needs(params: P): ObservationRequest[];
  /**
   * Observations that depend on what `needs` returned (probes of endpoint IPs, the
   * VPC resolver): asked after the first collection; a missing input means none.
   */
  probes?(params: P, observations: Observations): ObservationRequest[];
  /** Pure and synchronous: reads observations, returns one finding per in-scope resource. */
  evaluate(observations: Observations, params: P): FindingDraft[];
}

/** A check whose parameter type has been erased, as registries hold it. */
export type AnyCheck = CheckDefinition<any>;

/** Looks checks up by id (the registry's catalogue; the suite loader reads through it). */
export interface CheckCatalog {
  get(id: string): AnyCheck | undefined;
  ids(): string[];
}

/** Declares a check; identity function that keeps the parameter type flowing into needs/evaluate. */
export function defineCheck<P>(definition: CheckDefinition<P>): CheckDefinition<P> {
  return definition;
}
