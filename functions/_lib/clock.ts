/** Every function reads time through this, so the local cloud can set or advance it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
