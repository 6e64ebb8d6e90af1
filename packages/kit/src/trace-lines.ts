// The runtime appends one JSON line per event to an instance's trace
// (.streamlab/<instance>/trace.jsonl). A reader can catch the last line half
// written, so readers take only the lines that end in a newline.

/** The complete lines of a trace's text: a last line without its newline is still being written. */
export function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a line still being written
  return lines.filter(Boolean);
}
