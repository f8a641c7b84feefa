/** Escaping for text that came from the estate (tags, names, policy text). */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an XML/HTML element body or a quoted attribute; drops characters XML 1.0 forbids. */
export function escapeXml(text: unknown): string {
  return String(text ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);
}
