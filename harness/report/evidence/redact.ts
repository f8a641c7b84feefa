/**
 * Redaction for evidence: credentials, tokens, secrets and Authorization headers
 * never leave the run. Keys are judged by name, at any depth.
 */

const SECRET_KEY = /secret|password|passwd|token|credential|authorization|private.?key|session.?key|access.?key|signing.?key/i;

/** A deep copy with every secret-looking value replaced by "[redacted]". */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redact(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(child)])) as T;
  }
  return value;
}
