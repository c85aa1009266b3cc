import { isProfileComplete, maskPhone, normalizeProfile, profileRules, validateProfile } from '../../domain/profile'

const good = { realName: '张三', phone: '13800138000', workUnit: '市总工会' }

describe('validateProfile', () => {
  it('accepts a complete profile', () => {
    expect(validateProfile(good)).toEqual({})
    expect(isProfileComplete(good)).toBe(true)
  })

  it.each(['张三', '欧阳娜娜', '阿卜杜·热合曼', 'John', 'Anna·Li', '张'.repeat(20), '㐀㐁'])('accepts the name %s', (realName) => {
    expect(validateProfile({ ...good, realName }).realName).toBeUndefined()
  })

  it.each(['张', '张'.repeat(21), '张 三', '张3', '·张三', '张三·', 'Zhang-San', '张三!'])(
    'refuses the name %j with a named message',
    (realName) => {
      expect(validateProfile({ ...good, realName }).realName).toBe('姓名应为 2–20 个汉字或字母')
    },
  )

  it.each(['13800138000', '19912345678', '16612345678'])('accepts the phone %s', (phone) => {
    expect(validateProfile({ ...good, phone }).phone).toBeUndefined()
  })

  it.each(['12800138000', '1380013800', '138001380001', '23800138000', '+8613800138000', '1380013800a'])(
    'refuses the phone %s',
    (phone) => {
      expect(validateProfile({ ...good, phone }).phone).toBe('手机号应为 11 位手机号')
    },
  )

  it('work unit 2–50 characters, counted as characters', () => {
    expect(validateProfile({ ...good, workUnit: '工会' }).workUnit).toBeUndefined()
    expect(validateProfile({ ...good, workUnit: '单'.repeat(50) }).workUnit).toBeUndefined()
    expect(validateProfile({ ...good, workUnit: '单' }).workUnit).toBe('工作单位应为 2–50 个字')
    expect(validateProfile({ ...good, workUnit: '单'.repeat(51) }).workUnit).toBe('工作单位应为 2–50 个字')
    expect(validateProfile({ ...good, workUnit: '𠀀'.repeat(50) }).workUnit).toBeUndefined()
  })

  it('missing or non-string fields are named as missing', () => {
    expect(validateProfile({})).toEqual({ realName: '请填写姓名', phone: '请填写手机号', workUnit: '请填写工作单位' })
    expect(validateProfile({ realName: 42, phone: null, workUnit: ['x'] })).toEqual({
      realName: '请填写姓名',
      phone: '请填写手机号',
      workUnit: '请填写工作单位',
    })
    expect(isProfileComplete(null)).toBe(false)
    expect(isProfileComplete(undefined)).toBe(false)
    expect(isProfileComplete({ ...good, phone: '' })).toBe(false)
  })

  it('the rules the server schema reuses stay consistent with the validator', () => {
    expect(profileRules.realName.pattern.test('张三')).toBe(true)
    expect(profileRules.phone.pattern.test('13800138000')).toBe(true)
    expect(profileRules.workUnit).toMatchObject({ min: 2, max: 50 })
  })
})

describe('normalizeProfile', () => {
  it('trims, unifies name dots and cleans the phone', () => {
    const p = normalizeProfile({ realName: ' 阿卜杜•热合曼 ', phone: '+86 138-0013-8000', workUnit: '  市总工会   机关 ' })
    expect(p).toEqual({ realName: '阿卜杜·热合曼', phone: '13800138000', workUnit: '市总工会 机关' })
    expect(isProfileComplete(p)).toBe(true)
    expect(normalizeProfile({ realName: 1 }).realName).toBe('')
  })
})

describe('maskPhone', () => {
  it('hides the middle four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000')
    expect(maskPhone('123')).toBe('123')
  })
})
