/**
 * Redaction for evidence: credentials, tokens, secrets and Authorization headers
 * never leave the run. Keys are judged by name, values by shape (a credential-looking
 * value, a URL's user name and password), at any depth.
 */
import { credentialShape } from '../../model/credential-shapes.ts';
import { withoutUserinfo } from '../../model/urls.ts';

const SECRET_KEY = /secret|password|passwd|token|credential|authorization|private.?key|session.?key|access.?key|signing.?key/i;
/**
 * Keys that name a secret rather than hold one (`secret_id`, `SecretArn`, `bedrock_credential_user`):
 * their string values are identifiers, kept unless credential-shaped, so evidence and replays keep them.
 */
const NAMES_A_SECRET = /(?:[_-](?:id|ids|arn|arns|name|names|user|users))$|[a-z](?:Id|Ids|Arn|Arns|Name|Names|User|Users)$/;

/** Whether the value under `key` is redacted for its key's name: secrets held as text or structures, never a number or flag. */
function redactedByKey(key: string, child: unknown): boolean {
  if (!SECRET_KEY.test(key) || child === null || typeof child === 'number' || typeof child === 'boolean') return false;
  return typeof child !== 'string' || !NAMES_A_SECRET.test(key);
}

/** A deep copy with every secret-looking value replaced by "[redacted]". */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redact(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        redactedByKey(key, child) || (typeof child === 'string' && credentialShape(key, child)) ? '[redacted]' : redact(child),
      ]),
    ) as T;
  }
  if (typeof value === 'string') return (credentialShape('', value) ? '[redacted]' : withoutUserinfo(value)) as T;
  return value;
}
