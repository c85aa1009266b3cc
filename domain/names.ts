/** Names shown to others: one masking rule for every public board (leaderboards, lottery winners). */

/** Two-character surnames, kept whole when masking (欧阳娜娜 → 欧阳**). */
const COMPOUND_SURNAMES: readonly string[] = (
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 南宫 西门 万俟 闻人 澹台 公冶 申屠 ' +
  '太史 仲孙 钟离 赫连 呼延 濮阳 百里 东郭 司空 第五 拓跋 淳于 单于 太叔 公羊 左丘 梁丘 谷梁 亓官 司寇 巫马 鲜于 闾丘'
).split(' ')

/**
 * Keeps the surname and stars every other character, one star each: 张三 → 张*, 张小明 → 张**,
 * 欧阳娜娜 → 欧阳**, 欧阳锋 → 欧阳*. A compound surname is kept only when a given name follows it
 * (欧阳 alone is 欧 + 阳 → 欧*). The dot of a transcribed name stays (阿卜杜·热合曼 → 阿**·***).
 * A one-character or empty name becomes 匿名 rather than showing the whole name.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length < 2) return '匿名'
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.includes(chars[0] + chars[1]) ? 2 : 1
  return chars.map((c, i) => (i < keep || c === '·' ? c : '*')).join('')
}
