/**
 * KMS collector: one key (by id, ARN or alias) — who manages it, its state,
 * whether it rotates, and its key policy parsed.
 */
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import type { CollectContext } from './context.ts';
import type { KmsKeyView, ObservationRequest } from '../model/observations.ts';

/**
 * Whether a key rotates. AWS-managed keys rotate every year by AWS (not
 * configurable), so only customer keys are asked; a key type that cannot rotate
 * (asymmetric, HMAC, imported material, custom key store) does not rotate, and a
 * key whose state forbids the question (pending deletion) leaves it unknown.
 */
async function rotationOf(context: CollectContext, request: ObservationRequest, keyArn: string, keyManager: string | undefined): Promise<boolean | undefined> {
  if (keyManager === 'AWS') return true;
  try {
    const status = await context.clients.kms(request.account, request.region).send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
    return status.KeyRotationEnabled === true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'UnsupportedOperationException') return false;
    if (name === 'KMSInvalidStateException') return undefined;
    throw error;
  }
}

/** DescribeKey, GetKeyRotationStatus (customer keys) and GetKeyPolicy (`default`, the only policy name; moto requires it). */
export async function collectKms(context: CollectContext, request: ObservationRequest<'kms.key'>): Promise<KmsKeyView> {
  if (request.kind !== 'kms.key') throw new Error(`no KMS collector for ${request.kind}`);
  const keyId = request.args?.keyId;
  if (!keyId) throw new Error('kms.key needs args.keyId');
  const client = context.clients.kms(request.account, request.region);
  const metadata = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  if (!metadata?.KeyId) throw new Error(`DescribeKey answered no metadata for ${keyId}`);
  // Who manages the key decides which rules apply to it: an answer without it is not guessed either way.
  if (!metadata.KeyManager) throw new Error(`DescribeKey did not say who manages ${keyId}`);
  // Aliases are not accepted by GetKeyRotationStatus or GetKeyPolicy: the key's ARN is.
  const keyArn = metadata.Arn ?? metadata.KeyId;
  const rotationEnabled = await rotationOf(context, request, keyArn, metadata.KeyManager);
  const { Policy } = await client.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  let policy: unknown;
  if (Policy) {
    try {
      policy = JSON.parse(Policy);
    } catch {
      // A key policy that cannot be read is never judged as "no policy".
      throw new Error(`the key policy of ${keyArn} is not JSON`);
    }
  }
  return {
    keyId: metadata.KeyId,
    arn: metadata.Arn ?? '',
    keyManager: metadata.KeyManager,
    ...(metadata.KeyState ? { keyState: metadata.KeyState } : {}),
    ...(rotationEnabled !== undefined ? { rotationEnabled } : {}),
    ...(policy !== undefined ? { policy } : {}),
  };
}
