/**
 * Door sessions: an opened door belongs to one person for 2 minutes. The door document is the lock —
 * a conditional update claims it only when it is closed and its last hold has run out (or its holder
 * died before the open command left), so two people opening the same door at once get one door and
 * one DOOR_BUSY. A session is listed on its owner's deposit account, so no refund runs while it is open.
 */
import { randomBytes } from 'crypto'
import type { ActionContext } from '../_lib/define'
import { AppError, refuseUnless } from '../_lib/envelope'
import { notify } from '../_lib/notify'
import { accruingFees, checkBorrowEligibility, doorSessionExpiresAt } from '../../domain/bookcase'
import { formatYuanCn } from '../../domain/money'
import { MINUTE_MS, formatMonthDayCn } from '../../domain/time'
import { listDoorSession, readAccount } from './deposit'
import { findById } from '../_lib/documents'
import { cabinetLink } from './link'
import {
  CABINETS,
  CABINET_DOORS,
  DOOR_SESSIONS,
  LOANS,
  type CabinetRecord,
  type DepositAccount,
  type DoorHolder,
  type DoorRecord,
  type LoanRecord,
  type SessionPurpose,
  type SessionRecord,
} from './records'
import { doorId } from './closePlan'

/** A cabinet counts as online when it was heard from within this time. */
export const CABINET_ONLINE_MS = 2 * MINUTE_MS

export function isOnline(cabinet: CabinetRecord, now: Date): boolean {
  return cabinet.lastSeenAt !== null && now.getTime() - new Date(cabinet.lastSeenAt).getTime() <= CABINET_ONLINE_MS
}

export async function loadCabinet(ctx: ActionContext, cabinetId: string): Promise<CabinetRecord> {
  const cabinet = await findById<CabinetRecord>(ctx.db, CABINETS, cabinetId)
  if (!cabinet) throw new AppError('NOT_FOUND', '书柜不存在，请确认扫描的是职工书柜的二维码')
  return cabinet
}

export async function openLoansOf(ctx: ActionContext, openid: string): Promise<LoanRecord[]> {
  const { data } = await ctx.db
    .collection<LoanRecord>(LOANS)
    .where({ openid, status: 'onLoan' })
    .orderBy('borrowedAt', 'asc')
    .limit(100)
    .get()
  return data
}

/** Whether the person may borrow now: full deposit, nothing owed (fees accruing on books out count), under the limit. */
export async function borrowDecision(ctx: ActionContext, openid: string) {
  const account = await readAccount(ctx, openid)
  const loans = await openLoansOf(ctx, openid)
  const unsettled =
    account.owedFee +
    accruingFees(
      loans.map((loan) => ({ borrowedAt: new Date(loan.borrowedAt) })),
      ctx.now,
      ctx.config.bookcase,
    )
  return {
    account,
    decision: checkBorrowEligibility(
      { depositFen: account.balance, unsettledFeeFen: unsettled, activeLoans: account.activeLoans },
      ctx.config.bookcase,
    ),
  }
}

const holding = (session: SessionRecord, now: Date) =>
  session.status === 'open' || (session.status === 'opening' && now.getTime() < new Date(session.expiresAt).getTime())

/** Opens a door for the caller; a retry while the caller's own session holds the door answers that session. */
export async function openDoor(ctx: ActionContext, cabinetId: string, doorNumber: number, purpose: SessionPurpose) {
  const cabinet = await loadCabinet(ctx, cabinetId)
  const door = await findById<DoorRecord>(ctx.db, CABINET_DOORS, doorId(cabinetId, doorNumber))
  if (!door) throw new AppError('NOT_FOUND', `该书柜没有 ${doorNumber} 号柜门`)
  if (door.sessionId) {
    const current = await findById<SessionRecord>(ctx.db, DOOR_SESSIONS, door.sessionId)
    if (current && current.openid === ctx.openid && holding(current, ctx.now)) return sessionView(current, ctx.openid, ctx.now)
  }
  let account: DepositAccount | null = null
  if (purpose === 'borrow') {
    const checked = await borrowDecision(ctx, ctx.openid)
    refuseUnless(checked.decision)
    account = checked.account
  }
  if (!isOnline(cabinet, ctx.now)) throw new AppError('CABINET_OFFLINE')
  return claimAndOpen(ctx, door, purpose, account)
}

/** Opens a door with free space for a return; anyone may return a book. */
export async function openReturnDoor(ctx: ActionContext, cabinetId: string) {
  const cabinet = await loadCabinet(ctx, cabinetId)
  const { data: mine } = await ctx.db
    .collection<SessionRecord>(DOOR_SESSIONS)
    .where({ openid: ctx.openid, cabinetId, purpose: 'return', status: ctx._.in(['opening', 'open']) })
    .orderBy('createdAt', 'desc')
    .limit(1)
    .get()
  if (mine[0] && holding(mine[0], ctx.now)) return sessionView(mine[0], ctx.openid, ctx.now)
  if (!isOnline(cabinet, ctx.now)) throw new AppError('CABINET_OFFLINE')
  const { data: doors } = await ctx.db.collection<DoorRecord>(CABINET_DOORS).where({ cabinetId }).orderBy('door', 'asc').limit(100).get()
  const candidates = doors.filter((door) => isFree(door, ctx.now) && door.tags.length + door.unknownTags.length < door.capacity)
  for (const door of candidates) {
    try {
      return await claimAndOpen(ctx, door, 'return')
    } catch (error) {
      // Someone took this door a moment ago: try the next one.
      if (!(error instanceof AppError && error.code === 'DOOR_BUSY')) throw error
    }
  }
  throw new AppError('DOOR_BUSY', '暂时没有空闲的还书柜门，请稍后再试或换一个书柜')
}

/**
 * A hold whose open command never reached the cabinet link this long after it was taken belongs to a
 * request that died (functions stop at their timeout, well under this): the door is free again.
 */
export const DEAD_DOOR_CLAIM_MS = 30_000

function deadClaim(door: DoorRecord, now: Date): boolean {
  return (
    door.commandSent === false && door.claimedAt !== undefined && now.getTime() - new Date(door.claimedAt).getTime() >= DEAD_DOOR_CLAIM_MS
  )
}

export function isFree(door: DoorRecord, now: Date): boolean {
  return !door.open && (new Date(door.heldUntil).getTime() <= now.getTime() || deadClaim(door, now))
}

/**
 * Claims the door and sends the open command. The claim carries its owner (and their loans on loan,
 * when read) so that the door's close needs no read of the session.
 */
async function claimAndOpen(ctx: ActionContext, door: DoorRecord, purpose: SessionPurpose, account: DepositAccount | null = null) {
  const sessionId = `S${randomBytes(10).toString('hex')}`
  const expiresAt = doorSessionExpiresAt(ctx.now, ctx.config.bookcase)
  const _ = ctx._
  const holder: DoorHolder = {
    sessionId,
    openid: ctx.openid,
    createdAt: ctx.now,
    activeLoans: account ? account.activeLoans : null,
    loanYear: account?.loanYear ?? null,
  }
  const claim = await ctx.db
    .collection(CABINET_DOORS)
    .where(
      _.and([
        { _id: door._id, open: false },
        _.or([{ heldUntil: _.lte(ctx.now) }, { commandSent: false, claimedAt: _.lte(new Date(ctx.now.getTime() - DEAD_DOOR_CLAIM_MS)) }]),
      ]),
    )
    .update({ data: { sessionId, heldUntil: expiresAt, claimedAt: ctx.now, commandSent: false, holder: _.set(holder) } })
  if (claim.stats.updated !== 1) throw new AppError('DOOR_BUSY')
  // Taken over from a request that died before sending its command: that session never opened anything.
  if (door.sessionId && deadClaim(door, ctx.now))
    await ctx.db
      .collection(DOOR_SESSIONS)
      .where({ _id: door.sessionId, status: 'opening' })
      .update({ data: { status: 'failed', failReason: '请求中断' } })
  const session: SessionRecord = {
    _id: sessionId,
    openid: ctx.openid,
    cabinetId: door.cabinetId,
    door: door.door,
    purpose,
    status: 'opening',
    createdAt: ctx.now,
    expiresAt,
    openedAt: null,
    closedAt: null,
    failReason: null,
    leftOpenNotified: false,
    outcome: null,
  }
  const { _id, ...fields } = session
  await ctx.db.collection(DOOR_SESSIONS).doc(_id).set({ data: fields })
  // Listed on the account after the session exists, so a refund that sees it listed finds it holding.
  try {
    await listDoorSession(ctx, sessionId, purpose)
  } catch (error) {
    await giveUpSession(ctx, door, sessionId, '押金不足')
    throw error
  }
  const answer = await cabinetLink(ctx).open({
    commandId: sessionId,
    cabinetId: door.cabinetId,
    door: door.door,
  })
  if (answer.accepted) {
    await ctx.db
      .collection(CABINET_DOORS)
      .where({ _id: door._id, sessionId })
      .update({ data: { commandSent: true } })
  } else {
    await giveUpSession(ctx, door, sessionId, answer.reason)
    ctx.log.error('openCommandNotSent', { sessionId, cabinetId: door.cabinetId, door: door.door, reason: answer.reason })
    throw new AppError('CABINET_OFFLINE', '书柜未响应开门指令，请稍后再试')
  }
  // The cabinet may already have answered (doorOpened) while the command was being sent.
  const latest = (await findById<SessionRecord>(ctx.db, DOOR_SESSIONS, sessionId)) ?? session
  return sessionView(latest, ctx.openid, ctx.now)
}

/** A session whose door never opened: failed, and the door free for the next person at once. */
async function giveUpSession(ctx: ActionContext, door: DoorRecord, sessionId: string, reason: string | null): Promise<void> {
  await ctx.db
    .collection(DOOR_SESSIONS)
    .where({ _id: sessionId, status: 'opening' })
    .update({ data: { status: 'failed', failReason: reason } })
  await ctx.db
    .collection(CABINET_DOORS)
    .where({ _id: door._id, sessionId, open: false })
    .update({ data: { heldUntil: ctx.now } })
}

/** An opening session past its time is expired even before the cron has marked it. */
function effectiveStatus(session: SessionRecord, now: Date): SessionRecord['status'] {
  return session.status === 'opening' && now.getTime() >= new Date(session.expiresAt).getTime() ? 'expired' : session.status
}

function sessionMessage(session: SessionRecord, status: SessionRecord['status'], viewer: string): string {
  switch (status) {
    case 'opening':
      return '正在开门，请稍候…'
    case 'open':
      return session.purpose === 'borrow'
        ? `${session.door} 号柜门已打开，取书后请关好柜门`
        : `${session.door} 号柜门已打开，放入图书后请关好柜门`
    case 'failed':
      return `柜门未能打开${session.failReason ? `（${session.failReason}）` : ''}，请重试`
    case 'expired':
      return '开门超时，柜门未打开，请重新操作'
    case 'closed': {
      const lines = [
        ...(session.outcome?.borrowed ?? []).map(
          (b) => `借阅成功《${b.title}》 应还日期 ${formatMonthDayCn(new Date(b.dueAt))}${b.overLimit ? '（超额）' : ''}`,
        ),
        ...(session.outcome?.returned ?? []).map((r) =>
          r.borrower === viewer
            ? `还书成功《${r.title}》 借阅 ${r.days} 天 ${r.fee > 0 ? `逾期费 ${formatYuanCn(r.fee)}` : '未产生逾期费'}`
            : `还书成功《${r.title}》`,
        ),
      ]
      return lines.length > 0 ? lines.join('\n') : '柜门已关闭，本次没有借出或归还图书'
    }
  }
}

export function sessionView(session: SessionRecord, viewer: string, now: Date) {
  const status = effectiveStatus(session, now)
  return {
    sessionId: session._id,
    cabinetId: session.cabinetId,
    door: session.door,
    purpose: session.purpose,
    status,
    expiresAt: session.expiresAt,
    /** by the server's clock: what the door screen counts down from */
    remainingMs: Math.max(0, new Date(session.expiresAt).getTime() - now.getTime()),
    openedAt: session.openedAt,
    closedAt: session.closedAt,
    message: sessionMessage(session, status, viewer),
    borrowed: (session.outcome?.borrowed ?? []).map(({ loanId, title, dueAt, overLimit }) => ({ loanId, title, dueAt, overLimit })),
    // Fees of a book someone else borrowed stay private to its borrower.
    returned: (session.outcome?.returned ?? []).map(({ loanId, title, days, fee, borrower }) =>
      borrower === viewer ? { loanId, title, mine: true, days, fee } : { loanId, title, mine: false, days: null, fee: null },
    ),
  }
}

export async function loadSession(ctx: ActionContext, sessionId: string) {
  const session = await findById<SessionRecord>(ctx.db, DOOR_SESSIONS, sessionId)
  if (!session || session.openid !== ctx.openid) throw new AppError('NOT_FOUND', '开门记录不存在')
  return sessionView(session, ctx.openid, ctx.now)
}

/**
 * Cron: opening sessions past their 2 minutes (command never answered) become expired; the owner of
 * a door still open past its session is reminded once to close it (its close still counts for them).
 */
export async function expireStaleSessions(ctx: ActionContext): Promise<{ expired: number; leftOpen: number }> {
  const sessions = ctx.db.collection<SessionRecord>(DOOR_SESSIONS)
  const { data: stale } = await sessions
    .where({ status: 'opening', expiresAt: ctx._.lte(ctx.now) })
    .limit(100)
    .get()
  let expired = 0
  for (const session of stale) {
    const { stats } = await sessions.where({ _id: session._id, status: 'opening' }).update({ data: { status: 'expired' } })
    expired += stats.updated
  }
  const { data: open } = await sessions
    .where({ status: 'open', leftOpenNotified: false, expiresAt: ctx._.lte(ctx.now) })
    .limit(100)
    .get()
  for (const session of open) {
    await notify(ctx, {
      openid: session.openid,
      kind: 'doorLeftOpen',
      title: '柜门未关闭',
      body: `${session.door} 号柜门仍未关闭，请关好柜门；柜门关闭时取走的图书将记在您的名下`,
      key: `leftOpen-${session._id}`,
    })
    await sessions.where({ _id: session._id, status: 'open' }).update({ data: { leftOpenNotified: true } })
  }
  return { expired, leftOpen: open.length }
}
