/** The text with LIKE's wildcards (and its escape character) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching the text anywhere. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
