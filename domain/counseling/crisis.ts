/**
 * Crisis words in an intake. A match shows the national psychological assistance hotline at once
 * and flags the booking urgent for the counselor. The list errs on the side of flagging: a false
 * alarm costs a counselor a look, a miss may cost a life. Text is compared without spaces or
 * punctuation (不 想 活, 自-杀) and in both simplified and traditional forms.
 */
export const CRISIS_HOTLINE = '12356'
export const CRISIS_MESSAGE = `如果您正处于危机中或有伤害自己的想法，请立即拨打全国心理援助热线 ${CRISIS_HOTLINE}，或拨打 120 / 110。`

export const CRISIS_WORDS: readonly string[] = [
  '自杀 自殺 轻生 輕生 不想活 想死 去死 寻死 尋死 求死 死了算了 一了百了 结束生命 結束生命 结束自己 結束自己',
  '活不下去 活着没意思 活着没有意义 活著沒意思 割腕 跳楼 跳樓 跳河 跳江 跳桥 卧轨 上吊 服毒 喝农药 吞药 烧炭',
  '遗书 遺書 自残 自殘 自伤 伤害自己 傷害自己 离开这个世界 不想醒来 suicide killmyself endmylife',
]
  .join(' ')
  .split(' ')

/**
 * Whitespace and ASCII, CJK, full-width and general punctuation removed, Latin lower-cased.
 * Explicit ranges rather than \p{P}: older mini-program JS engines lack Unicode property escapes.
 */
const NOISE = /[\s!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/g
function squeeze(text: string): string {
  return text.toLowerCase().replace(NOISE, '')
}

const SQUEEZED_WORDS = CRISIS_WORDS.map(squeeze)

export function detectCrisis(...texts: ReadonlyArray<string | null | undefined>): { urgent: boolean; matched: string[] } {
  const text = squeeze(texts.filter((t): t is string => typeof t === 'string').join('\n'))
  const matched = CRISIS_WORDS.filter((_, i) => text.includes(SQUEEZED_WORDS[i]))
  return { urgent: matched.length > 0, matched }
}
