/** The events a cabinet sends, and how far its `at` is trusted. */
import { MINUTE_MS } from '../../domain/time'
import { isSaneInstant } from '../_lib/schema'
import type { AlertDraft } from './alerts'

export type CabinetEvent =
  | { type: 'heartbeat'; eventId: string; at: Date; doors: { door: number; closed: boolean; tags: string[] }[] }
  | { type: 'doorOpened'; eventId: string; at: Date; commandId: string; door: number }
  | { type: 'openFailed'; eventId: string; at: Date; commandId: string; door: number; reason: string }
  | { type: 'doorClosed'; eventId: string; at: Date; commandId?: string; door: number; tags: string[] }

export type DoorClosedEvent = Extract<CabinetEvent, { type: 'doorClosed' }>

export interface EventAnswer {
  eventId: string
  type: CabinetEvent['type']
  /** What the event did, for the cabinet's log and for tests. */
  result: Record<string, unknown>
}

/** How far a cabinet's clock may run ahead of the cloud's, or behind a session's opening. */
export const CLOCK_SKEW_MS = 5 * MINUTE_MS

/**
 * Why a cabinet's `at` cannot be used, or null when it can: outside any sane date, later than its
 * receipt beyond the skew, or before the door session it belongs to was opened.
 */
export function clockProblem(at: Date, receivedAt: Date, sessionOpenedAt: Date | null): string | null {
  const ms = at.getTime()
  if (!isSaneInstant(ms)) return '不是合理的日期'
  if (ms > receivedAt.getTime() + CLOCK_SKEW_MS) return '晚于云端收到事件的时间'
  if (sessionOpenedAt && ms < new Date(sessionOpenedAt).getTime() - CLOCK_SKEW_MS) return '早于本次开门'
  return null
}

/** The admin's alert of a cabinet clock out of bounds: the receive time counts instead. */
export function clockAlert(cabinetId: string, event: { at: Date; door: number }, problem: string, now: Date): AlertDraft {
  const reported = isSaneInstant(event.at.getTime()) ? event.at.toISOString() : String(event.at.getTime())
  return {
    kind: 'clockWrong',
    cabinetId,
    door: event.door,
    tag: null,
    openid: null,
    note: `书柜时钟异常：事件时间 ${reported} ${problem}，已按收到的时间处理`,
    at: now,
  }
}
