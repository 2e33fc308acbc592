/** Text as a regular expression that matches it literally (a key, a folder, a name read from a file). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
