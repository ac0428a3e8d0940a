/**
 * The offsets at which the lines of a script start, with the line breaks TypeScript and
 * JavaScript count (CR, LF, CRLF, U+2028, U+2029), for lines and columns as editors show them.
 */
export function scriptLineStarts(text: string): number[] {
  const starts = [0];
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 0x0d && text.charCodeAt(at + 1) === 0x0a) continue;
    if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) starts.push(at + 1);
  }
  return starts;
}
