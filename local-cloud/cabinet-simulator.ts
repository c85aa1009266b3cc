/**
 * The cabinet simulator: the local cloud's stand-in for the smart bookcases and their vendor link.
 * It receives `open` commands (as the cabinet link of the local runtime), keeps each door's physical
 * contents, lets a person (the H5 simulator panel, a test) take a tag out of an open door, put one in
 * and close the door, and reports to `cabinetGateway` exactly as a cabinet would: signed HTTP events,
 * each with the `at` it happened. Offline, it queues events and delivers them later, in order, with
 * their original `at`.
 */
import { randomBytes } from 'node:crypto'
import { signCabinetRequest } from '../functions/cabinetGateway/signature'
import type { CabinetLink, LinkAnswer, OpenCommand } from '../functions/bookcase/link'
import { BOOKS, CABINETS, CABINET_DOORS, type BookRecord, type CabinetRecord, type DoorRecord } from '../functions/bookcase/records'
import { localCabinetSecret, type ControlAnswer, type ControlRoutes, type LocalRuntime } from './types'

/** normal: opens doors; unresponsive: takes commands and never answers; failOpen: answers openFailed. */
export type CabinetMode = 'normal' | 'unresponsive' | 'failOpen'

interface PhysicalDoor {
  door: number
  open: boolean
  tags: string[]
  commandId: string | null
}

interface CabinetEventBody {
  type: 'heartbeat' | 'doorOpened' | 'openFailed' | 'doorClosed'
  eventId: string
  at: number
  [field: string]: unknown
}

interface SimulatedCabinet {
  cabinetId: string
  online: boolean
  mode: CabinetMode
  /** Doors kept in memory while the cloud may not know their contents (open, or events queued). */
  doors: Map<number, PhysicalDoor>
  queue: CabinetEventBody[]
  lastHeartbeatAt: number
}

export interface Delivery {
  statusCode: number
  body: any
}

export class SimulatorError extends Error {}

/** Simulated time between heartbeats: well inside the cloud's 2-minute online window. */
const HEARTBEAT_EVERY_MS = 60_000

export class CabinetSimulator implements CabinetLink {
  private cabinets = new Map<string, SimulatedCabinet>()
  private timer: NodeJS.Timeout | undefined

  constructor(private runtime: LocalRuntime) {}

  private get db() {
    return this.runtime.cloud.sdkFor({ OPENID: '', SOURCE: 'local_simulator' }).database()
  }

  private cabinet(cabinetId: string): SimulatedCabinet {
    let cabinet = this.cabinets.get(cabinetId)
    if (!cabinet) {
      cabinet = { cabinetId, online: true, mode: 'normal', doors: new Map(), queue: [], lastHeartbeatAt: 0 }
      this.cabinets.set(cabinetId, cabinet)
    }
    return cabinet
  }

  /** A door's physical state: what the cloud knows while the cabinet has nothing unreported. */
  private async door(cabinetId: string, door: number): Promise<PhysicalDoor> {
    const cabinet = this.cabinet(cabinetId)
    const kept = cabinet.doors.get(door)
    if (kept && (kept.open || cabinet.queue.length > 0 || !cabinet.online)) return kept
    const { data } = await this.db
      .collection<DoorRecord>(CABINET_DOORS)
      .where({ _id: `${cabinetId}-${door}` })
      .get()
    if (!data[0]) throw new SimulatorError(`${cabinetId} 没有 ${door} 号柜门`)
    const fresh: PhysicalDoor = { door, open: false, tags: [...data[0].tags, ...data[0].unknownTags], commandId: null }
    cabinet.doors.set(door, fresh)
    return fresh
  }

  private async openDoorOf(cabinetId: string, door: number): Promise<PhysicalDoor> {
    const physical = await this.door(cabinetId, door)
    if (!physical.open) throw new SimulatorError(`${door} 号柜门没有打开`)
    return physical
  }

  /** The link: the cloud sends an open command. */
  async open(command: OpenCommand): Promise<LinkAnswer> {
    const cabinet = this.cabinet(command.cabinetId)
    if (!cabinet.online) return { accepted: false, reason: '书柜未连接' }
    if (cabinet.mode === 'unresponsive') return { accepted: true }
    if (cabinet.mode === 'failOpen') {
      await this.emit(command.cabinetId, { type: 'openFailed', commandId: command.commandId, door: command.door, reason: '柜门锁故障' })
      return { accepted: true }
    }
    const physical = await this.door(command.cabinetId, command.door)
    physical.open = true
    physical.commandId = command.commandId
    await this.emit(command.cabinetId, { type: 'doorOpened', commandId: command.commandId, door: command.door })
    return { accepted: true }
  }

  async take(cabinetId: string, door: number, tag: string): Promise<void> {
    const physical = await this.openDoorOf(cabinetId, door)
    if (!physical.tags.includes(tag)) throw new SimulatorError(`${door} 号柜门里没有标签 ${tag}`)
    physical.tags = physical.tags.filter((inside) => inside !== tag)
  }

  async put(cabinetId: string, door: number, tag: string): Promise<void> {
    const physical = await this.openDoorOf(cabinetId, door)
    if (!physical.tags.includes(tag)) physical.tags.push(tag)
  }

  /**
   * Closes the door and reports its tags; answers the gateway's reply (null when queued offline).
   * `at`: when the cabinet saw it (default now), for tests that need an exact instant.
   */
  async close(cabinetId: string, door: number, at?: Date): Promise<Delivery | null> {
    const physical = await this.openDoorOf(cabinetId, door)
    physical.open = false
    const commandId = physical.commandId
    physical.commandId = null
    return this.emit(cabinetId, { type: 'doorClosed', ...(commandId ? { commandId } : {}), door, tags: [...physical.tags] }, at)
  }

  /** Opens a door by hand (a technician's key): the close then has no command id. */
  async openByHand(cabinetId: string, door: number): Promise<void> {
    const physical = await this.door(cabinetId, door)
    physical.open = true
    physical.commandId = null
  }

  async heartbeat(cabinetId: string): Promise<Delivery | null> {
    const cabinet = this.cabinet(cabinetId)
    const { data } = await this.db.collection<DoorRecord>(CABINET_DOORS).where({ cabinetId }).orderBy('door', 'asc').limit(100).get()
    const doors = await Promise.all(data.map((record) => this.door(cabinetId, record.door)))
    cabinet.lastHeartbeatAt = this.runtime.clock.now().getTime()
    return this.emit(cabinetId, { type: 'heartbeat', doors: doors.map((d) => ({ door: d.door, closed: !d.open, tags: [...d.tags] })) })
  }

  async heartbeatAll(): Promise<void> {
    for (const cabinetId of await this.cabinetIds()) if (this.cabinet(cabinetId).online) await this.heartbeat(cabinetId)
  }

  /** Offline: events queue up. Back online: the queue is delivered in order, then a heartbeat. */
  async setOnline(cabinetId: string, online: boolean): Promise<Delivery[]> {
    const cabinet = this.cabinet(cabinetId)
    cabinet.online = online
    if (!online) return []
    const delivered: Delivery[] = []
    while (cabinet.queue.length > 0) {
      const next = cabinet.queue[0]
      delivered.push(await this.deliver(cabinetId, next))
      cabinet.queue.shift()
    }
    await this.heartbeat(cabinetId)
    return delivered
  }

  setMode(cabinetId: string, mode: CabinetMode): void {
    this.cabinet(cabinetId).mode = mode
  }

  private async emit(cabinetId: string, fields: Record<string, unknown>, at = this.runtime.clock.now()): Promise<Delivery | null> {
    const event = { ...fields, eventId: `sim-${randomBytes(8).toString('hex')}`, at: at.getTime() } as CabinetEventBody
    const cabinet = this.cabinet(cabinetId)
    if (!cabinet.online) {
      cabinet.queue.push(event)
      return null
    }
    return this.deliver(cabinetId, event)
  }

  /** The secret the cabinet was given (its record): seeded locally with LOCAL_CABINET_SECRET, or made by the admin. */
  private async secretOf(cabinetId: string): Promise<string> {
    const { data } = await this.db.collection<CabinetRecord>(CABINETS).where({ _id: cabinetId }).get()
    return data[0]?.secret ?? localCabinetSecret()
  }

  /** Signs and posts one event to cabinetGateway, as the HTTP access service would hand it over. */
  async deliver(cabinetId: string, event: object, options: { timestamp?: number; secret?: string } = {}): Promise<Delivery> {
    const body = JSON.stringify(event)
    const secret = options.secret ?? (await this.secretOf(cabinetId))
    const timestamp = String(options.timestamp ?? this.runtime.clock.now().getTime())
    const headers = {
      'content-type': 'application/json',
      'x-cabinet-id': cabinetId,
      'x-timestamp': timestamp,
      'x-signature': signCabinetRequest(secret, timestamp, body),
    }
    const answer = await this.runtime.invoke(
      'cabinetGateway',
      { httpMethod: 'POST', headers, body, isBase64Encoded: false },
      { OPENID: '', SOURCE: 'wx_http' },
    )
    return { statusCode: answer.statusCode, body: JSON.parse(answer.body) }
  }

  private async cabinetIds(): Promise<string[]> {
    const { data } = await this.db.collection<CabinetRecord>(CABINETS).orderBy('_id', 'asc').limit(100).get()
    return data.map((cabinet) => cabinet._id)
  }

  /** Everything the simulator panel shows: each cabinet's doors, and the books out on loan (to put back). */
  async state() {
    const cabinets = []
    for (const cabinetId of await this.cabinetIds()) {
      const cabinet = this.cabinet(cabinetId)
      const { data } = await this.db.collection<DoorRecord>(CABINET_DOORS).where({ cabinetId }).orderBy('door', 'asc').limit(100).get()
      const doors = await Promise.all(data.map((record) => this.door(cabinetId, record.door)))
      cabinets.push({
        cabinetId,
        online: cabinet.online,
        mode: cabinet.mode,
        queued: cabinet.queue.length,
        doors: doors.map((d) => ({ door: d.door, open: d.open, tags: [...d.tags], commandId: d.commandId })),
      })
    }
    const { data: onLoan } = await this.db.collection<BookRecord>(BOOKS).where({ status: 'onLoan' }).limit(100).get()
    return { cabinets, booksOnLoan: onLoan.map((book) => ({ tag: book._id, title: book.title })) }
  }

  /**
   * Keeps the cabinets online on a running server: checks every second and sends a heartbeat once a
   * minute of the local clock has passed (right away after the clock is advanced).
   */
  startHeartbeats(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      const now = this.runtime.clock.now().getTime()
      void (async () => {
        for (const cabinetId of await this.cabinetIds()) {
          const cabinet = this.cabinet(cabinetId)
          if (cabinet.online && Math.abs(now - cabinet.lastHeartbeatAt) >= HEARTBEAT_EVERY_MS) await this.heartbeat(cabinetId)
        }
      })().catch((error) => console.error('cabinet simulator heartbeat failed', error))
    }, 1000)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}

const simulators = new WeakMap<LocalRuntime, CabinetSimulator>()

/** The runtime's simulator, created on first use and plugged in as its cabinet link. */
export function cabinetSimulator(runtime: LocalRuntime): CabinetSimulator {
  let simulator = simulators.get(runtime)
  if (!simulator) {
    simulator = new CabinetSimulator(runtime)
    simulators.set(runtime, simulator)
    runtime.attachCabinetLink(simulator)
  }
  return simulator
}

/** The simulator's dev controls under /__local/cabinets… (CONTRACT.md: take, put, close, go offline). */
export const cabinetSimulatorRoutes: ControlRoutes = (runtime) => {
  const simulator = cabinetSimulator(runtime)
  const run = async (work: () => Promise<unknown>): Promise<ControlAnswer> => {
    try {
      return { status: 200, body: { ok: true, data: (await work()) ?? null } }
    } catch (error) {
      if (error instanceof SimulatorError) return { status: 400, body: { ok: false, code: 'INVALID_ARGUMENT', message: error.message } }
      throw error
    }
  }
  const door = (body: any) => Number(body.door)
  return {
    'GET cabinets': () => run(() => simulator.state()),
    /** { cabinetId, door, tag } */
    'POST cabinets/take': (body) => run(() => simulator.take(String(body.cabinetId), door(body), String(body.tag))),
    'POST cabinets/put': (body) => run(() => simulator.put(String(body.cabinetId), door(body), String(body.tag))),
    /** { cabinetId, door }: sends the signed doorClosed (queued while offline). */
    'POST cabinets/close': (body) => run(() => simulator.close(String(body.cabinetId), door(body))),
    'POST cabinets/heartbeat': (body) => run(() => simulator.heartbeat(String(body.cabinetId))),
    /** { cabinetId, online: false } queues events; { online: true } delivers them in order. */
    'POST cabinets/online': (body) => run(() => simulator.setOnline(String(body.cabinetId), body.online !== false)),
    /** { cabinetId, mode: normal | unresponsive | failOpen } */
    'POST cabinets/mode': (body) =>
      run(async () => {
        if (!['normal', 'unresponsive', 'failOpen'].includes(body.mode))
          throw new SimulatorError('mode 应为 normal、unresponsive 或 failOpen')
        simulator.setMode(String(body.cabinetId), body.mode)
      }),
  }
}
