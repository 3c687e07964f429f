// GitHub's anchor for a markdown heading, defined once: the docs generator writes links with it,
// the docs test checks them, and the extension opens the troubleshooting page at a section with it.

/** The anchor GitHub (and VS Code's markdown preview) gives a heading made of `text`. */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
