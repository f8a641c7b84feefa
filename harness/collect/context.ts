/** What a collector needs: SDK clients for the target and a place to report progress. */
import type { AwsClients } from '../estate/clients.ts';
import type { TargetKind } from '../model/capabilities.ts';
import type { DataPlaneSettings } from '../estate/schema.ts';

export interface CollectContext {
  clients: AwsClients;
  targetKind: TargetKind;
  /** A human-readable label for the target in messages, e.g. `moto at http://127.0.0.1:5000`. */
  targetLabel: string;
  /** Live probing settings; absent means vantage outside with nothing mapped. */
  dataPlane?: DataPlaneSettings;
  /** Contents of dataPlane.caFile, read once. */
  caPem?: string;
  /** Progress lines (stderr in the CLI). */
  progress(message: string): void;
  /**
   * Aborted when the run is interrupted (Ctrl-C): what is not read by then is recorded as an
   * error saying so, and the run goes on to evaluate and write every report with what was
   * observed. Its reason is the signal's name.
   */
  interrupted?: AbortSignal;
}
