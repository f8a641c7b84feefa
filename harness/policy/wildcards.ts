/**
 * IAM wildcard matching: `*` any run of characters, `?` one character. Actions
 * compare case-insensitively; ARNs segment by segment (a wildcard never spans the
 * first five colons), case-sensitively.
 */

/** Marks the following character as literal, never a wildcard. */
export const LITERAL = '\u0000';

const cache = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression for an IAM wildcard pattern (cached). */
function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regExp = cache.get(key);
  if (!regExp) {
    let source = '';
    for (let index = 0; index < pattern.length; index += 1) {
      const character = pattern[index]!;
      // LITERAL marks the next character as itself (from the ${*} and ${?} policy variables).
      if (character === LITERAL) source += escapeRegExp(pattern[++index] ?? '');
      else if (character === '*') source += '.*';
      else if (character === '?') source += '.';
      else source += escapeRegExp(character);
    }
    regExp = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, regExp);
  }
  return regExp;
}

/** True when `value` matches the wildcard `pattern`. */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  if (pattern.includes(LITERAL) && !/[*?]/.test(pattern.replace(/\u0000[*?$]/g, ''))) {
    const plain = pattern.replace(/\u0000/g, '');
    return ignoreCase ? plain.toLowerCase() === value.toLowerCase() : plain === value;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

/** Splits an ARN into its six parts (the last keeps any further colons); undefined if it is not an ARN. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** True when an ARN matches an ARN pattern, segment by segment. */
export function matchesArn(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const wanted = splitArn(pattern);
  const actual = splitArn(arn);
  // A pattern that is not a six-part ARN never matches an ARN (a wildcard cannot stand in for colons).
  if (!wanted || !actual) return !wanted && !actual && matchesWildcard(pattern, arn);
  return wanted.every((part, index) => matchesWildcard(part, actual[index]!));
}

/** True when an action (service:Name) matches an action pattern. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchesWildcard(pattern, action, true);
}
