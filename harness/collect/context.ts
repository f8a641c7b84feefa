/** What a collector needs: SDK clients for the target and a place to report progress. */
import type { AwsClients } from '../target/clients.ts';
import type { TargetKind } from '../target/capabilities.ts';

export interface CollectContext {
  clients: AwsClients;
  targetKind: TargetKind;
  /** A human-readable label for the target in messages, e.g. `moto at http://127.0.0.1:5000`. */
  targetLabel: string;
  /** Progress lines (stderr in the CLI). */
  progress(message: string): void;
}
