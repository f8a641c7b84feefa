/**
 * Whether a name/value pair (a Lambda environment variable, a header) looks like
 * a credential. Pure: the value is judged here and never returned — the reason
 * names the shape only, so it can leave the collector while the value cannot.
 *
 * The rule, in order (the first that matches gives the reason):
 * 1. The value has a credential's shape, whatever its name: an AWS access key id
 *    (AKIA/ASIA + 16 upper-case letters or digits), an AWS secret access key
 *    (exactly 40 base64 characters mixing upper case, lower case and digits), a
 *    PEM block header, a `Bearer …` token or `Basic …` authorization, a JWT
 *    (`eyJ….eyJ….…`), a URL with a password or a credential parameter in it (or a
 *    Slack webhook), or a well-known vendor token prefix (GitHub, GitLab, Slack,
 *    Stripe, Google API keys, `sk-…`).
 * 2. The value is a long opaque string: 32+ characters of a token alphabet
 *    (letters, digits, `+/=_-`; no dots, colons or spaces, so ARNs, URLs, model ids and
 *    host names are out), either hexadecimal or random-looking (≥ 4.5 bits of
 *    entropy per character, or ≥ 4.0 with case and digits switching as random text
 *    does) — unless the name says it is a digest or an identifier (…_ID, …_SHA,
 *    …_HASH, …_COMMIT, …_VERSION, …_DIGEST, …_ETAG, …_BUILD).
 * 3. The name says credential — a word that is or ends in SECRET, PASSWORD/PASSWD,
 *    TOKEN, CREDENTIAL(S)/CREDS, APIKEY (DB_PASSWORD, DBPASSWORD, clientSecret; not
 *    TOKENIZER), or the phrases API_KEY, PRIVATE_KEY, ACCESS_KEY, SECRET_KEY,
 *    SIGNING_KEY, SESSION_KEY —
 *    and the value is not plainly something else: a name ending in a reference word
 *    (…_ID, …_ARN, …_NAME, …_USER, …_URL, …_URI, …_ENDPOINT, …_PATH, …_REGION, …_HEADER,
 *    …_TTL, …_ENABLED, …) holding a value under 64 characters is a pointer to a
 *    credential, not one (SECRET_ID=prod/db); so is a value that is empty, a boolean,
 *    an ARN, an alias, a URL without a password, a `{{resolve:…}}` reference or a
 *    slash-separated path (a secret's or parameter's name), and a number where the name
 *    counts (MAX_TOKENS=4096, TOKEN_LIMIT) — a number under PASSWORD is a PIN.
 * A name that itself has a definite credential shape (rule 1) is masked by the caller.
 */

/** The value shapes that are credentials whatever they are called. */
const VALUE_SHAPES: { pattern: RegExp; reason: string }[] = [
  { pattern: /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, reason: 'value looks like an AWS access key id' },
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, reason: 'value holds a PEM private key' },
  { pattern: /-----BEGIN [A-Z0-9 ]+-----/, reason: 'value holds a PEM block' },
  { pattern: /^\s*Bearer\s+\S{8,}/i, reason: 'value is a Bearer token' },
  { pattern: /^\s*Basic\s+[A-Za-z0-9+/=]{8,}\s*$/i, reason: 'value is a Basic authorization' },
  { pattern: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/, reason: 'value looks like a JWT' },
  { pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i, reason: 'value is a URL with a password in it' },
  {
    pattern: /[?&](api[_-]?key|access[_-]?token|token|secret|password|sig|signature|x-amz-signature|x-amz-security-token)=[^&\s]{8,}/i,
    reason: 'value is a URL carrying a credential parameter',
  },
  { pattern: /^https:\/\/hooks\.slack\.com\/services\//, reason: 'value is a Slack webhook URL' },
  {
    pattern:
      /(?<![A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|[sr]k_(live|test)_[A-Za-z0-9]{16,}|AIza[A-Za-z0-9_-]{35}|sk-[A-Za-z0-9_-]{20,})/,
    reason: 'value has a vendor API token prefix',
  },
];

/** A name word that says credential: whole or at its end (DB_PASSWORD, DBPASSWORD, ClientSecret, apiKey), never TOKENIZER. */
const SENSITIVE_WORD = /(SECRETS?|PASSWORDS?|PASSWD|TOKENS?|CREDENTIALS?|CREDS|APIKEY|ACCESSKEY|PRIVATEKEY|SECRETKEY|SIGNINGKEY|SESSIONKEY)$/;
/** Two-word name phrases ending in KEY that say the same. */
const SENSITIVE_KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'SECRET', 'SIGNING', 'SESSION']);
/** Last name words that make a sensitive-sounding name a pointer or a setting, not a credential. */
const REFERENCE_WORDS = new Set([
  'ID',
  'IDS',
  'ARN',
  'ARNS',
  'NAME',
  'NAMES',
  'URL',
  'URI',
  'ENDPOINT',
  'PATH',
  'REGION',
  'HEADER',
  'PARAM',
  'PARAMETER',
  'TTL',
  'LENGTH',
  'SECONDS',
  'TIMEOUT',
  'ENABLED',
  'DISABLED',
  'TYPE',
  'FILE',
  'ALIAS',
  // Who holds the credential, not the credential (BEDROCK_CREDENTIAL_USER=bedrock-proxy).
  'USER',
  'USERS',
  'USERNAME',
]);
/** Last name words that make a long hexadecimal value a digest or an identifier. */
const DIGEST_WORDS = new Set(['ID', 'SHA', 'HASH', 'COMMIT', 'REVISION', 'VERSION', 'DIGEST', 'CHECKSUM', 'ETAG', 'BUILD']);

/** The upper-case words of a name: FOO_BAR, foo-bar, fooBar and FooBAR all split. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toUpperCase());
}

/** Shannon entropy of a string, in bits per character. */
export function entropyOf(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How often neighbouring characters change class (upper, lower, digit, other), per pair. */
function classChangeRate(text: string): number {
  const classOf = (char: string) => (/[A-Z]/.test(char) ? 'U' : /[a-z]/.test(char) ? 'L' : /[0-9]/.test(char) ? 'D' : 'O');
  let changes = 0;
  for (let index = 1; index < text.length; index += 1) if (classOf(text[index]!) !== classOf(text[index - 1]!)) changes += 1;
  return changes / Math.max(1, text.length - 1);
}

/**
 * True for a token-alphabet string that reads as random rather than as words: letters
 * and digits, and either ≥ 4.5 bits of entropy per character, or ≥ 4.0 with upper case,
 * lower case and digits switching at least every other character or so (CamelCase words
 * switch about once in three; random alphanumerics about twice in three).
 */
function isRandomLooking(text: string): boolean {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text) || !/[A-Za-z]/.test(text) || !/[0-9]/.test(text)) return false;
  const entropy = entropyOf(text);
  if (entropy >= 4.5) return true;
  return entropy >= 4.0 && /[A-Z]/.test(text) && /[a-z]/.test(text) && classChangeRate(text) >= 0.45;
}

/** True when the value points at something (an ARN, alias, URL without a password, path of words, a resolve reference). */
function isReference(value: string): boolean {
  return (
    /^arn:aws[a-z-]*:/.test(value) ||
    /^alias\//.test(value) ||
    /^\{\{resolve:/.test(value) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^/\s@]+(\/\S*)?$/i.test(value) ||
    /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+\/?$/.test(value)
  );
}

/** Name words that make a number a limit or a count (MAX_TOKENS=4096), not a PIN. */
const COUNT_WORDS = new Set(['MAX', 'MIN', 'LIMIT', 'COUNT', 'NUM', 'NUMBER', 'SIZE', 'BUDGET', 'PER', 'RATE']);

/** True when the value is a setting no one would call a credential: empty, a boolean, or a count where the name says count. */
function isPlainSetting(value: string, words: string[], phrase: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || /^(true|false|yes|no|on|off|enabled|disabled|none|null)$/i.test(trimmed)) return true;
  const counted = /TOKENS?$/.test(phrase) || words.some((word) => COUNT_WORDS.has(word));
  return counted && /^-?\d{1,12}(\.\d+)?$/.test(trimmed);
}

/** Why the value alone looks like a credential, or undefined. */
function valueShape(value: string, words: string[]): string | undefined {
  for (const shape of VALUE_SHAPES) if (shape.pattern.test(value)) return shape.reason;
  if (/^[A-Za-z0-9/+]{40}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value)) {
    return 'value looks like an AWS secret access key (40 base64 characters)';
  }
  const trimmed = value.trim();
  // The token alphabet has no colon or dot, so ARNs, URLs and host names never reach here; a slash-separated base64 key does.
  if (trimmed.length >= 32) {
    const last = words[words.length - 1] ?? '';
    if (/^[0-9a-f]+$/i.test(trimmed) && /[a-f]/i.test(trimmed) && /[0-9]/.test(trimmed)) {
      return DIGEST_WORDS.has(last) ? undefined : 'value is a long hexadecimal string (a token or key?)';
    }
    if (isRandomLooking(trimmed) && !DIGEST_WORDS.has(last)) return 'value is a long high-entropy string';
  }
  return undefined;
}

/** The sensitive word or phrase in a name, if any. */
function sensitivePhrase(words: string[]): string | undefined {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (SENSITIVE_WORD.test(word)) return word;
    if (word === 'KEY' && index > 0 && SENSITIVE_KEY_QUALIFIERS.has(words[index - 1]!)) return `${words[index - 1]}_KEY`;
  }
  return undefined;
}

/**
 * Why a name/value pair looks like a credential (a short reason that never quotes
 * the value), or undefined when it does not. See the module comment for the rule.
 */
export function credentialShape(name: string, value: string): string | undefined {
  const words = wordsOf(name);
  const byValue = valueShape(value, words);
  if (byValue) return byValue;
  const phrase = sensitivePhrase(words);
  if (!phrase) return undefined;
  if (isPlainSetting(value, words, phrase) || isReference(value.trim())) return undefined;
  const last = words[words.length - 1] ?? '';
  // SECRET_ID=prod-db, TOKEN_URL=…: the name points at a credential; the value (already judged above) is not one.
  if (REFERENCE_WORDS.has(last) && value.length < 64) return undefined;
  return `name says ${phrase} and the value is not a reference`;
}

/**
 * True when a name is itself shaped like a credential (someone pasted a key as a
 * variable name): such a name is masked before it leaves the collector.
 */
export function isCredentialShapedName(name: string): boolean {
  // Only the definite shapes: a long variable name is often high in entropy without being a key.
  return (
    VALUE_SHAPES.some((shape) => shape.pattern.test(name)) || (/^[A-Za-z0-9/+]{40}$/.test(name) && /[a-z]/.test(name) && /[A-Z]/.test(name) && /\d/.test(name))
  );
}
