/** Check-in on site: the organizer's rotating codes, a volunteer's scan of them, and check-in by hand. */
import type { ActionContext } from '../_lib/define'
import { requireSetting } from '../_lib/env'
import { AppError, refuseUnless } from '../_lib/envelope'
import { canOrganizerCheckIn, checkinWindow, decideScan, type ScanKind } from '../../domain/activity/signup'
import { nextRotationAt, tokenStep, type TokenCheck } from '../../domain/activity/token'
import { issueToken, verifyToken } from './checkinToken'
import { checkinLink, tokenFromScan } from '../../domain/links'
import { MINUTE_MS } from '../../domain/time'
import { SIGNUPS } from './records'
import { findSignup, organizedActivity, requireActivity } from './store'
import { readDetail } from './browse'
import { organizerSignupView, signupView } from './views'

/** The code the organizer shows, changing every step (30 s); the screen fetches the next at `refreshAt`. */
export async function checkinCode(ctx: ActionContext, activityId: string, kind: ScanKind) {
  const config = ctx.config.activity
  const activity = await organizedActivity(ctx, activityId)
  if (activity.status !== 'published') throw new AppError('CONFLICT', '只有报名中的活动可以签到')
  const window = checkinWindow(activity, config)
  const token = issueToken(requireSetting(ctx.env, 'checkinSecret'), activityId, kind, ctx.now, config)
  return {
    activityId,
    kind,
    token,
    /** What the QR code carries: a link WeChat's own scanner opens at the check-in page. */
    link: ctx.env.checkinUrlPrefix ? checkinLink(ctx.env.checkinUrlPrefix, token) : null,
    step: tokenStep(ctx.now, config),
    refreshAt: nextRotationAt(ctx.now, config).getTime(),
    windowStart: window.start.getTime(),
    windowEnd: window.end.getTime(),
    now: ctx.now.getTime(),
  }
}

/**
 * A volunteer's scan. `scanned`: the token, or the check-in link that carries it (what a scanner
 * reads from the code). Answers the detail view too, so the activity's page shows the new state.
 */
export async function scan(ctx: ActionContext, kind: ScanKind, scanned: string, expectedActivityId?: string) {
  const config = ctx.config.activity
  const token = tokenFromScan(scanned) ?? scanned
  const check = verifyToken(requireSetting(ctx.env, 'checkinSecret'), token, ctx.now, { activityId: expectedActivityId, kind }, config)
  refuseUnless<Extract<TokenCheck, { ok: true }>>(check)
  const activity = await requireActivity(ctx, check.activityId)
  const signup = await findSignup(ctx, activity._id, ctx.openid)
  const live = signup && signup.status !== 'pending' ? { ...signup, status: signup.status } : null
  const decision = decideScan(kind, { activity, signup: live, now: ctx.now }, config)
  refuseUnless(decision)
  const field = kind === 'checkin' ? 'checkedInAt' : 'checkedOutAt'
  if (!decision.repeated) {
    await ctx.db
      .collection(SIGNUPS)
      .where({ _id: signup!._id, status: 'confirmed', [field]: null })
      .update({ data: { [field]: ctx.now } })
  }
  const updated = (await findSignup(ctx, activity._id, ctx.openid))!
  return {
    activityId: activity._id,
    title: activity.title,
    kind,
    repeated: decision.repeated,
    signup: signupView(updated),
    detail: await readDetail(ctx, activity),
  }
}

/** The organizer checks someone in by hand (no phone, a failed scan): recorded with who did it. */
export async function manualCheckin(ctx: ActionContext, activityId: string, openid: string) {
  const config = ctx.config.activity
  const activity = await organizedActivity(ctx, activityId)
  if (!canOrganizerCheckIn(activity, ctx.now, config)) {
    throw new AppError('NOT_IN_WINDOW', `活动开始前 ${config.checkinOpensBeforeStartMs / MINUTE_MS} 分钟起才能签到`)
  }
  const signup = await findSignup(ctx, activityId, openid)
  if (!signup || signup.status !== 'confirmed') throw new AppError('CONFLICT', '只能为已获得名额的报名者签到')
  await ctx.db
    .collection(SIGNUPS)
    .where({ _id: signup._id, checkedInAt: null })
    .update({ data: { checkedInAt: ctx.now, manualCheckin: ctx._.set({ by: ctx.openid, at: ctx.now }) } })
  return organizerSignupView((await findSignup(ctx, activityId, openid))!)
}
