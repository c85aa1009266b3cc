/** ISBN-10 and ISBN-13 (ISO 2108): the check digit must match; hyphens and spaces are ignored. */

export type IsbnCheck = { ok: true; isbn: string } | { ok: false; reason: 'FORMAT' | 'CHECKSUM' }

export function checkIsbn(text: string): IsbnCheck {
  const isbn = text.replace(/[\s-]/g, '').toUpperCase()
  if (/^\d{9}[\dX]$/.test(isbn)) {
    const sum = [...isbn].reduce((acc, ch, i) => acc + (ch === 'X' ? 10 : Number(ch)) * (10 - i), 0)
    return sum % 11 === 0 ? { ok: true, isbn } : { ok: false, reason: 'CHECKSUM' }
  }
  if (/^\d{13}$/.test(isbn)) {
    const sum = [...isbn].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0)
    return sum % 10 === 0 ? { ok: true, isbn } : { ok: false, reason: 'CHECKSUM' }
  }
  return { ok: false, reason: 'FORMAT' }
}

/** The ISBN-13 with these first 12 digits (for seeds and tests). */
export function isbn13(first12: string): string {
  const sum = [...first12].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0)
  return `${first12}${(10 - (sum % 10)) % 10}`
}
