/** S3 collector: the Region a bucket lives in (GetBucketLocation). */
import { GetBucketLocationCommand } from '@aws-sdk/client-s3';
import type { CollectContext } from './context.ts';
import type { ObservationCatalog, ObservationRequest } from '../model/observations.ts';

/** GetBucketLocation: an empty constraint is us-east-1, and the legacy `EU` is eu-west-1 (S3 API reference). */
export async function collectS3(context: CollectContext, request: ObservationRequest<'s3.bucketRegion'>): Promise<ObservationCatalog['s3.bucketRegion']> {
  const bucket = request.args?.bucket ?? '';
  const { LocationConstraint } = await context.clients.s3(request.account, request.region).send(new GetBucketLocationCommand({ Bucket: bucket }));
  const constraint = String(LocationConstraint ?? '');
  return { bucket, region: constraint === '' ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint };
}
