/**
 * Writes `checked: YYYY-MM-DD` into an entry's front matter and changes nothing else: every other byte of
 * the file (comments, quoting, key order, line endings, the body) stays as the curator wrote it. Returns
 * the new text, or undefined when the file already records that check (or a later one).
 */
export function setChecked(text: string, date: string): string | undefined {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = text.slice(bom.length).split(newline);
  if (!/^---[ \t]*$/.test(lines[0] ?? ''))
    throw new Error('front matter not found: the file must start with "---"');
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (close < 0) throw new Error('front matter is not closed');

  const existing = lines.findIndex((l, i) => i > 0 && i < close && /^checked[ \t]*:/.test(l));
  if (existing >= 0) {
    const line = lines[existing] ?? '';
    const m = /^checked[ \t]*:[ \t]*(['"]?)(\d{4}-\d{2}-\d{2})?\1([ \t]*#.*)?[ \t]*$/.exec(line);
    if (m?.[2] && m[2] >= date) return undefined;
    lines[existing] = `checked: ${date}${m?.[3] ?? ''}`;
  } else {
    // After `updated:` (or `added:`) when it is a one-line value, else just before the closing fence.
    const after = ['updated', 'added']
      .map((key) =>
        lines.findIndex((l, i) => i > 0 && i < close && new RegExp(`^${key}[ \\t]*:[ \\t]*\\S`).test(l)),
      )
      .find((i) => i >= 0);
    lines.splice(after === undefined ? close : after + 1, 0, `checked: ${date}`);
  }
  return bom + lines.join(newline);
}
