/**
 * Text for a terminal, made inert. Strings crisp prints come partly from the estate
 * (tags, names, policy ids, messages that quote them), from files people pass and from
 * evidence packs anyone may have made. A terminal — or a CI log viewer — acts on what
 * they carry: ANSI escape sequences erase lines and recolour text (a tag can print a
 * green "ALL GOOD" over a failure), a carriage return or newline forges a line, and
 * bidirectional overrides reorder what is shown (an id reads backwards). Every such
 * character is shown as a visible escape (`\u001b`, `\u202e`) instead, so nothing is
 * lost and nothing acts. Pure: the console (harness/commands/console.ts) and cli.ts
 * apply it to every line they write.
 */

/**
 * C0 controls except tab (ESC, CR, LF, BEL, backspace…), DEL and the C1 controls (0x9b is a
 * one-character CSI), the Arabic letter mark, LRM/RLM, the line and paragraph separators, and
 * the bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The escape shown in place of an unsafe character: `\u001b`, `\u202e`. The JSON form on purpose:
 * inside JSON crisp prints (explain) it is the same character, so the output still parses to the
 * exact value, and anywhere else it reads as what it is.
 */
function visibleEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line, inert: every control, bidi or line-breaking character becomes a visible escape (newlines included). */
export function neutraliseLine(text: string): string {
  return text.replace(UNSAFE, visibleEscape);
}

/** Text of several lines (crisp's own line breaks kept), each line made inert. */
export function neutraliseLines(text: string): string {
  return text.split('\n').map(neutraliseLine).join('\n');
}

/** True when a string holds a character {@link neutraliseLine} would escape. */
export function hasUnsafeTerminalText(text: string): boolean {
  return new RegExp(UNSAFE.source).test(text);
}
