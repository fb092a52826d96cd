/**
 * An id made from a name (goals, alert rules): lower-case ASCII words joined by dashes, at
 * most 48 characters; a name with no such character gets a time-based id.
 */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    // NFKD splits an accented letter into the letter and its mark: the mark goes.
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return s === '' ? `id-${Date.now().toString(36)}` : s;
}
