/** Escaping for text that came from the estate (tags, names, policy text). */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that change how a reader sees the text around them: C0 controls (an ANSI
 * escape starts with ESC), DEL, C1 controls (CSI U+009B), and the bidirectional marks,
 * embeddings, overrides and isolates ("Trojan Source": U+202E makes `vpc-1 gnirts` read
 * backwards). Tab, line feed and carriage return are text.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;

/**
 * What stands in for an invisible character: its code point in brackets (ESC → `[U+001B]`,
 * RLO → `[U+202E]`) — visible in any font, so an auditor sees that the estate held one,
 * and inert, so it neither colours a terminal nor reorders the page.
 */
export function neutralise(text: string): string {
  return text.replace(INVISIBLE, (character) => `[U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Escapes text for an XML/HTML element body or a quoted attribute; neutralises the characters XML 1.0 forbids and those that hide or reorder text. */
export function escapeXml(text: unknown): string {
  return neutralise(String(text ?? '')).replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);
}
