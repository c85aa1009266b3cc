/**
 * Search by words: what a person types, split on spaces (full-width too) into at most 5 words,
 * each escaped to match literally in a database regular expression. Every word must match.
 */
export const MAX_SEARCH_WORDS = 5

export function searchWords(query: string | undefined): string[] {
  if (!query) return []
  return query
    .split(/[\s\u3000]+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
}
