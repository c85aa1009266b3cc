/**
 * What a door close means, decided from what was read (no I/O): the door's new contents, the loans
 * to make and to close, the books to move and the alerts. The plan is written onto the door with the
 * door's new contents in one conditional update, so a repeat of the event finds it and finishes it.
 */
import { diffDoorTags } from '../../domain/bookcase'
import type { AlertDraft } from './alerts'
import type { BookRecord, DoorClose, DoorRecord, LoanRecord } from './records'

export const doorId = (cabinetId: string, door: number) => `${cabinetId}-${door}`
/** A loan's id: the session that made it and the book's tag (a repeat makes the same loan). */
export const loanIdOf = (sessionId: string, tag: string) => `${sessionId}-${tag}`

/** The session a close counts for: who owns what leaves the door. */
export interface ClosingSession {
  id: string
  openid: string
  /** the owner's books on loan when the door was claimed, when known */
  activeLoans: number | null
  loanYear: number | null
}

export interface CloseReads {
  cabinetId: string
  eventKey: string
  eventId: string
  door: DoorRecord
  tags: string[]
  at: Date
  session: ClosingSession | null
  /** registered books among the tags that left, and among those that arrived without an open loan */
  books: Map<string, BookRecord>
  /** open loans of the books that arrived, by tag */
  openLoans: Map<string, LoanRecord>
}

/** The door's fields a close writes, with the plan. */
export interface ClosedDoor {
  tags: string[]
  unknownTags: string[]
  /** the door goes back to whoever comes next, unless someone has claimed it since */
  freed: boolean
  close: DoorClose
}

/** The tags a close must read books for, once the open loans of the arrivals are known. */
export function tagsToRead(door: DoorRecord, tags: string[], openLoanTags: Set<string>): { taken: string[]; arrived: string[] } {
  const { taken, arrived } = diffDoorTags([...door.tags, ...door.unknownTags], tags)
  return { taken, arrived: arrived.filter((tag) => !openLoanTags.has(tag)) }
}

export function planClose(reads: CloseReads): ClosedDoor {
  const { cabinetId, eventKey, door, at, session, books, openLoans } = reads
  const { taken, arrived } = diffDoorTags([...door.tags, ...door.unknownTags], reads.tags)
  const alert = (draft: Omit<AlertDraft, 'cabinetId' | 'door' | 'at'>): AlertDraft => ({ ...draft, cabinetId, door: door.door, at })
  const close: DoorClose = {
    eventKey,
    sessionId: session?.id ?? null,
    openid: session?.openid ?? null,
    at,
    answer: { eventId: reads.eventId, type: 'doorClosed', result: {} },
    taken: [],
    returned: [],
    shelve: [],
    missing: [],
    forget: [],
    alerts: [],
  }
  const shelved = door.tags.filter((tag) => !taken.includes(tag))
  const unknownTags = door.unknownTags.filter((tag) => !taken.includes(tag))

  for (const tag of taken) {
    const book = books.get(tag)
    if (!book || book.status !== 'shelved') continue
    if (session) {
      close.taken.push({ tag, title: book.title, isbn: book.isbn })
    } else {
      close.missing.push(seen(book))
      close.alerts.push(alert({ kind: 'missingBook', tag, openid: null, note: `柜门关闭时《${book.title}》不在柜内，且没有开门会话` }))
    }
  }

  for (const tag of arrived) {
    const loan = openLoans.get(tag)
    if (loan) {
      shelved.push(tag)
      close.returned.push({
        loanId: loan._id,
        tag,
        title: loan.title,
        openid: loan.openid,
        borrowedAt: new Date(loan.borrowedAt),
        waived: loan.waived,
      })
      close.shelve.push({ _id: tag, loanId: loan._id })
      continue
    }
    const book = books.get(tag)
    if (!book) {
      unknownTags.push(tag)
      close.alerts.push(alert({ kind: 'unknownTag', tag, openid: null, note: '柜内出现未登记的标签' }))
      continue
    }
    shelved.push(tag)
    close.shelve.push(seen(book))
    const elsewhere = book.cabinetId !== cabinetId || book.door !== door.door
    if (book.status === 'shelved' && book.cabinetId && book.door !== null && elsewhere)
      close.forget.push({ cabinetId: book.cabinetId, door: book.door, tag })
    if (book.status === 'shelved' || book.status === 'lost') {
      close.alerts.push(
        alert({
          kind: book.status === 'lost' ? 'lostReturned' : 'bookMoved',
          tag,
          openid: null,
          note: book.status === 'lost' ? `已按丢失处理的《${book.title}》被放回` : `《${book.title}》未经借阅出现在此柜门`,
        }),
      )
    }
  }

  close.answer.result = {
    sessionId: session?.id ?? null,
    borrowed: close.taken.map((book) => book.tag),
    returned: close.returned.map((loan) => loan.tag),
    missing: close.missing.map((book) => book._id),
    unknown: arrived.filter((tag) => unknownTags.includes(tag)),
  }
  // A late close must not free the door from someone who has claimed it since.
  const heldByAnother = door.sessionId !== null && door.sessionId !== session?.id && !door.open
  return { tags: shelved, unknownTags, freed: !heldByAnother, close }
}

/** A book is changed by the close only while it is still as the close saw it. */
function seen(book: BookRecord) {
  return { _id: book._id, status: book.status, cabinetId: book.cabinetId, door: book.door, loanId: book.loanId }
}
