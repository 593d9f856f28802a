/**
 * How many characters the server counts in a text: Unicode code points after NFC (domain/text.py).
 * `String.length` counts UTF-16 units, so an emoji would count twice and a 995-character text with
 * 35 🍓 would look over 1000.
 */
export function charCount(text: string): number {
  return [...text.normalize('NFC')].length;
}

// What Python's str.split() splits on, less the control characters the server refuses anyway.
const WHITESPACE_RUN = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** A description (and «Чего избегать») as the server keeps it: whitespace runs one space, ends trimmed, NFC. */
export function normalizeDescription(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').replace(/^ | $/g, '').normalize('NFC');
}

/** The characters of a description the server counts against its limit. */
export function descriptionLength(text: string): number {
  return charCount(normalizeDescription(text));
}
