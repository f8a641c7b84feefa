/**
 * Policy variables in Resource and condition values: `${aws:username}`,
 * `${aws:PrincipalTag/team}`, the escapes `${*}`, `${?}`, `${$}`, and defaults
 * `${key, 'fallback'}`. A variable with no value and no default makes the
 * string unusable (undefined): the element does not match, as in IAM.
 */
import type { ContextValue } from './types.ts';
import { LITERAL } from './wildcards.ts';

const VARIABLE = /\$\{([^}]+)\}/g;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** Looks a context key up case-insensitively. */
export function contextLookup(context: Readonly<Record<string, ContextValue>>, key: string): ContextValue | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * Substitutes variables. The escapes `${*}` and `${?}` become LITERAL-marked
 * characters, which wildcard matching treats as themselves. Values substituted
 * from the context are literal too: a `*` in a user name is not a wildcard.
 */
export function substituteVariables(text: string, context: Readonly<Record<string, ContextValue>>): string | undefined {
  if (!text.includes('${')) return text;
  let missing = false;
  const literal = (value: string) => value.replace(/[*?]/g, (character) => `${LITERAL}${character}`);
  const value = text.replace(VARIABLE, (_whole, inner: string) => {
    const trimmed = inner.trim();
    if (trimmed in ESCAPES) return trimmed === '$' ? '$' : `${LITERAL}${ESCAPES[trimmed]}`;
    const [key, fallback] = trimmed.split(/,\s*/, 2) as [string, string | undefined];
    const found = contextLookup(context, key);
    if (typeof found === 'string') return literal(found);
    if (fallback !== undefined) return literal(fallback.replace(/^'(.*)'$/, '$1'));
    missing = true;
    return '';
  });
  return missing ? undefined : value;
}
