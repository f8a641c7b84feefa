/**
 * Provisions the residency half of the reference estate into moto, in the
 * source Region of the workload account: an S3 bucket and a multi-Region trail
 * homed there (logging, all management events, log file validation), and model
 * invocation logging with text delivery to a CloudWatch Logs group (retention
 * set) and an S3 bucket. Faults change the shape before it is built.
 */
import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CreateBucketCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import type { AwsClients } from '../harness/estate/clients.ts';

/** What the residency estate looks like; faults change it before it is built. */
export interface ResidencyShape {
  trail: {
    logging: boolean;
    /** The basic event selector's ReadWriteType (WriteOnly misses Bedrock's read-only invocation events). */
    readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
    includeManagementEvents: boolean;
    logFileValidation: boolean;
  };
  invocationLogging: { enabled: boolean; retentionDays: number };
  /** The calls the lab's workload makes through the Bedrock runtime stand-in before a run. */
  workload: {
    /** Which of the estate's profiles it calls. */
    profile: 'au' | 'global';
    calls: number;
    /** Calls whose inference the stand-in records in another Region (by 1-based call number). */
    strayInference?: { call: number; region: string };
  };
}

export function defaultResidencyShape(): ResidencyShape {
  return {
    trail: { logging: true, readWriteType: 'All', includeManagementEvents: true, logFileValidation: true },
    invocationLogging: { enabled: true, retentionDays: 400 },
    workload: { profile: 'au', calls: 6 },
  };
}

export const INVOCATION_LOG_GROUP = '/aws/bedrock/model-invocations';

/** What was provisioned. */
export interface Residency {
  account: string;
  sourceRegion: string;
  trailArn: string;
  trailBucket: string;
  invocationBucket: string;
}

async function bucketIn(clients: AwsClients, account: string, region: string, name: string): Promise<string> {
  // us-east-1 takes no location constraint; every other Region needs one.
  await clients.s3(account, region).send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
  return name;
}

/** Provisions the trail and invocation logging of `account` in `sourceRegion`. */
export async function provisionResidency(clients: AwsClients, account: string, sourceRegion: string, shape: ResidencyShape): Promise<Residency> {
  const trailBucket = await bucketIn(clients, account, sourceRegion, `crisp-lab-trail-${account}`);
  const cloudTrail = clients.cloudTrail(account, sourceRegion);
  const trail = await cloudTrail.send(
    new CreateTrailCommand({ Name: 'org-audit', S3BucketName: trailBucket, IsMultiRegionTrail: true, EnableLogFileValidation: shape.trail.logFileValidation }),
  );
  const trailArn = trail.TrailARN!;
  await cloudTrail.send(
    new PutEventSelectorsCommand({
      TrailName: trailArn,
      EventSelectors: [{ ReadWriteType: shape.trail.readWriteType, IncludeManagementEvents: shape.trail.includeManagementEvents }],
    }),
  );
  // moto's StartLogging takes only the name of a trail of the local Region.
  if (shape.trail.logging) await cloudTrail.send(new StartLoggingCommand({ Name: 'org-audit' }));

  const invocationBucket = await bucketIn(clients, account, sourceRegion, `crisp-lab-invocations-${account}`);
  if (shape.invocationLogging.enabled) {
    const logs = clients.logs(account, sourceRegion);
    await logs.send(new CreateLogGroupCommand({ logGroupName: INVOCATION_LOG_GROUP }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: INVOCATION_LOG_GROUP, retentionInDays: shape.invocationLogging.retentionDays }));
    await clients.bedrock(account, sourceRegion).send(
      new PutModelInvocationLoggingConfigurationCommand({
        loggingConfig: {
          cloudWatchConfig: { logGroupName: INVOCATION_LOG_GROUP, roleArn: `arn:aws:iam::${account}:role/bedrock-invocation-logging` },
          s3Config: { bucketName: invocationBucket, keyPrefix: 'invocations/' },
          textDataDeliveryEnabled: true,
          imageDataDeliveryEnabled: false,
          embeddingDataDeliveryEnabled: false,
        },
      }),
    );
  }
  return { account, sourceRegion, trailArn, trailBucket, invocationBucket };
}
