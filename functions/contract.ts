/**
 * The contract between the mini-program and the cloud functions, read off the functions' own action
 * tables: each action's input is what its schema accepts, its output what its handler answers, as it
 * arrives after JSON. The app imports this file for types only (`import type`), so nothing of the
 * functions enters its bundle.
 *
 * One wire format for instants: epoch milliseconds. A `Date` in an answer would arrive as ISO text;
 * `Wire` turns it into `InstantMustBeEpochMs` so that no screen can use it, and `NoDates` below makes
 * the type check fail for the function that answers one.
 */
import type { ActionSpec, Actions } from './_lib/define'
import type { activityFunction } from './activity/handler'
import type { bookcaseFunction } from './bookcase/handler'
import type { counselingFunction } from './counseling/handler'
import type { userFunction } from './user/handler'

/** What a `Date` becomes on the wire if a handler answers one: unusable, so it is noticed. */
export interface InstantMustBeEpochMs {
  readonly instantMustBeEpochMs: never
}

/** A value as `JSON.stringify` → `JSON.parse` delivers it. */
export type Wire<T> = T extends Date
  ? InstantMustBeEpochMs
  : T extends (...args: never[]) => unknown
    ? never
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T

export type ActionInput<S> = S extends ActionSpec<any, any, infer W> ? W : never
export type ActionOutput<S> = S extends ActionSpec<any, infer O, any> ? Wire<Awaited<O>> : never

/** One function's client: `activity.signup({ activityId })` → the handler's answer. */
export type FunctionClient<A extends Actions> = {
  [K in keyof A]: {} extends ActionInput<A[K]>
    ? (input?: ActionInput<A[K]>) => Promise<ActionOutput<A[K]>>
    : (input: ActionInput<A[K]>) => Promise<ActionOutput<A[K]>>
}

export interface Contract {
  activity: FunctionClient<typeof activityFunction.actions>
  bookcase: FunctionClient<typeof bookcaseFunction.actions>
  counseling: FunctionClient<typeof counselingFunction.actions>
  user: FunctionClient<typeof userFunction.actions>
}

export type FunctionName = keyof Contract
/** The answer of one action, e.g. `Answer<'activity', 'detail'>`: screens and test fixtures use it. */
export type Answer<F extends FunctionName, K extends keyof Contract[F]> = Contract[F][K] extends (...args: any[]) => Promise<infer O>
  ? O
  : never
/** The input of one action. */
export type Input<F extends FunctionName, K extends keyof Contract[F]> = Contract[F][K] extends (input: infer I) => Promise<unknown>
  ? NonNullable<I>
  : never

/** True when some answer of the function still carries a `Date` (see `Wire`). */
type HasDate<T, Depth extends unknown[] = []> = Depth['length'] extends 8
  ? false
  : T extends InstantMustBeEpochMs
    ? true
    : T extends readonly (infer U)[]
      ? HasDate<U, [...Depth, 0]>
      : T extends object
        ? true extends { [K in keyof T]-?: HasDate<T[K], [...Depth, 0]> }[keyof T]
          ? true
          : false
        : false
type NoDates<F extends FunctionName> = true extends { [K in keyof Contract[F]]: HasDate<Answer<F, K>> }[keyof Contract[F]] ? false : true

// Fails the type check for a function that answers a Date somewhere.
export const instantsAreEpochMs: { [F in FunctionName]: NoDates<F> } = { activity: true, bookcase: true, counseling: true, user: true }
