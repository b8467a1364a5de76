/**
 * Cuts a long text into parts of at most `maxLength` characters, at a line break (or a
 * space, or anywhere as a last resort), for channels that refuse or mangle long messages.
 */
export function splitText(text: string, maxLength: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const window = rest.slice(0, maxLength);
    const lineBreak = window.lastIndexOf("\n");
    // A line break is the better place unless it would leave the part short.
    let cut = lineBreak > maxLength / 2 ? lineBreak : Math.max(lineBreak, window.lastIndexOf(" "));
    if (cut <= 0) cut = maxLength;
    // Never cut a surrogate pair (an emoji) in two.
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, "");
  }
  parts.push(rest);
  return parts;
}
