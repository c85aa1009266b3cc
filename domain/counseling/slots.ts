/** Counseling's slots: the generic scheduler's rules (domain/scheduling) with counseling's numbers. */
import { defaultConfig, type CounselingConfig } from '../config'
import * as scheduling from '../scheduling/slots'
import type { Availability, DayWindow, Slot, SlotQuery } from '../scheduling/slots'

export { groupSlotsByDate, windowsOn } from '../scheduling/slots'
export type { Availability, DateException, DayWindow, Slot, SlotQuery, WeeklyWindow } from '../scheduling/slots'

export function sessionsInWindow(date: string, window: DayWindow, config: CounselingConfig = defaultConfig.counseling): Slot[] {
  return scheduling.sessionsInWindow(date, window, config)
}

export function freeSlots(query: SlotQuery, config: CounselingConfig = defaultConfig.counseling): Slot[] {
  return scheduling.freeSlots(query, config)
}

export function findFreeSlot(query: SlotQuery, start: Date, config: CounselingConfig = defaultConfig.counseling): Slot | null {
  return scheduling.findFreeSlot(query, start, config)
}

export function validateAvailability(availability: Availability, config: CounselingConfig = defaultConfig.counseling) {
  return scheduling.validateAvailability(availability, config, '咨询')
}
