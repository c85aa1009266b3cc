/** Money is integer fen (分) everywhere; these helpers only format it for people. */

/** 4500 → '45.00' */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** 4500 → '45 元', 150 → '1.50 元': whole yuan without decimals, as on the cabinets' notices. */
export function formatYuanCn(fen: number): string {
  return fen % 100 === 0 ? `${fen / 100} 元` : `${fenToYuan(fen)} 元`
}
