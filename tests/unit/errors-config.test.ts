import { configuredMessages, defaultConfig, makeConfig, parseConfig } from '../../domain/config'
import { errorCodes, errorMessages, hasErrors, isErrorCode, refuse } from '../../domain/errors'
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../domain/time'

describe('error codes', () => {
  it('holds every CONTRACT.md code plus the client and domain ones, each with a Chinese message', () => {
    const contract =
      'UNAUTHENTICATED FORBIDDEN INVALID_ARGUMENT NOT_FOUND CONFLICT PROFILE_INCOMPLETE DEADLINE_PASSED TIME_CONFLICT TOO_LATE_TO_CANCEL DEPOSIT_REQUIRED LOAN_LIMIT FEE_UNPAID DOOR_BUSY CABINET_OFFLINE SLOT_TAKEN BOOKING_LIMIT CONSENT_REQUIRED INTERNAL'
    for (const code of [...contract.split(' '), 'NETWORK', 'TIMEOUT', 'SUSPENDED', 'NOT_IN_WINDOW', 'TOKEN_INVALID', 'TOKEN_EXPIRED']) {
      expect(isErrorCode(code)).toBe(true)
    }
    for (const code of errorCodes) expect(errorMessages[code]).toMatch(/[\u4e00-\u9fff]/)
    expect(isErrorCode('toString')).toBe(false)
    expect(isErrorCode('NOPE')).toBe(false)
  })

  it('refuse carries the default message unless given one', () => {
    expect(refuse('SLOT_TAKEN')).toEqual({ ok: false, code: 'SLOT_TAKEN', message: '该时段已被预约，请选择其他时段' })
    expect(refuse('CONFLICT', '活动已取消').message).toBe('活动已取消')
    expect(hasErrors({})).toBe(false)
    expect(hasErrors({ title: 'x' })).toBe(true)
  })
})

describe('config', () => {
  it('defaults are the numbers of PRODUCT.md', () => {
    expect(defaultConfig.bookcase).toEqual({
      depositFen: 4500,
      freeDays: 15,
      feePerDayFen: 100,
      loanLimit: 2,
      doorSessionMs: 2 * MINUTE_MS,
    })
    expect(defaultConfig.counseling).toEqual({
      sessionMinutes: 50,
      bufferMinutes: 10,
      minNoticeMs: 4 * HOUR_MS,
      horizonMs: 14 * DAY_MS,
      maxUpcomingBookings: 2,
      workerCancelCutoffMs: 12 * HOUR_MS,
      maxReschedules: 2,
      noShowThreshold: 3,
      noShowWindowMs: 90 * DAY_MS,
      suspensionMs: 30 * DAY_MS,
    })
    expect(defaultConfig.activity).toEqual({
      cancelCutoffMs: 2 * HOUR_MS,
      checkinOpensBeforeStartMs: 30 * MINUTE_MS,
      tokenStepMs: 30 * SECOND_MS,
      capacityMax: 10000,
    })
  })

  it('makeConfig overrides per section and leaves the defaults untouched', () => {
    const c = makeConfig({ bookcase: { loanLimit: 3 } })
    expect(c.bookcase.loanLimit).toBe(3)
    expect(c.bookcase.depositFen).toBe(4500)
    expect(c.counseling).toEqual(defaultConfig.counseling)
    expect(defaultConfig.bookcase.loanLimit).toBe(2)
  })
})

describe('APP_CONFIG', () => {
  it('lays the environment over the defaults, section by section', () => {
    expect(parseConfig(undefined)).toEqual(defaultConfig)
    expect(parseConfig('  ')).toEqual(defaultConfig)
    const config = parseConfig('{"bookcase":{"loanLimit":3,"depositFen":6000}}')
    expect(config.bookcase).toEqual({ ...defaultConfig.bookcase, loanLimit: 3, depositFen: 6000 })
    expect(config.counseling).toEqual(defaultConfig.counseling)
  })

  it.each([
    ['not json', /not JSON/],
    ['[1]', /must be an object/],
    ['{"shop":{}}', /unknown section shop/],
    ['{"bookcase":{"loanLimt":3}}', /bookcase.loanLimt is not a setting/],
    ['{"bookcase":{"loanLimit":0}}', /positive integer/],
    ['{"bookcase":{"loanLimit":"3"}}', /positive integer/],
  ])('refuses %s, naming what is wrong', (text, message) => {
    expect(() => parseConfig(text)).toThrow(message)
  })

  it('refusals state the configured numbers', () => {
    const messages = configuredMessages(
      parseConfig('{"bookcase":{"depositFen":6050,"loanLimit":3},"counseling":{"maxUpcomingBookings":4}}'),
    )
    expect(messages.DEPOSIT_REQUIRED).toBe('请先缴纳借书押金 60.50 元')
    expect(messages.LOAN_LIMIT).toBe('最多同时借阅 3 本，请先还书')
    expect(messages.BOOKING_LIMIT).toBe('最多同时保留 4 个未完成的预约')
    expect(configuredMessages(defaultConfig).DEPOSIT_REQUIRED).toBe('请先缴纳借书押金 45 元')
  })
})
