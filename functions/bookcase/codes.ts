/**
 * What an admin prints for a cabinet: its mini-program code (WeChat opens the cabinet page with the
 * cabinet id as `scene`) and a label sheet with the code and one label per door.
 */
import { Workbook } from 'exceljs'
import type { ActionContext } from '../_lib/define'
import { saveFile } from '../_lib/exports'
import type { BookcaseConfig } from '../../domain/config'
import { CODE_PAGES } from '../../domain/links'
import { formatYuanCn } from '../../domain/money'
import { miniProgramCode, type MiniProgramCode } from '../_lib/wxacode'
import { loadCabinet } from './doors'
import type { CabinetRecord } from './records'

async function labelSheet(cabinet: CabinetRecord, code: MiniProgramCode, config: BookcaseConfig): Promise<Buffer> {
  const workbook = new Workbook()
  const sheet = workbook.addWorksheet('柜门标签')
  sheet.getColumn(1).width = 28
  sheet.getColumn(2).width = 28
  sheet.addRow([`${cabinet.name}（${cabinet._id}）`]).font = { bold: true, size: 16 }
  sheet.addRow([cabinet.place]).font = { size: 12 }
  const { depositFen, freeDays } = config
  sheet.addRow([`微信扫一扫，借书还书；押金 ${formatYuanCn(depositFen)}，免费借阅 ${freeDays} 天`])
  const image = workbook.addImage({ buffer: code.image as any, extension: code.extension === 'png' ? 'png' : 'jpeg' })
  sheet.addImage(image, { tl: { col: 0, row: 3 }, ext: { width: 300, height: 300 } })
  const firstLabelRow = 20
  for (let door = 1; door <= cabinet.doorCount; door++) {
    const row = sheet.getRow(firstLabelRow + Math.floor((door - 1) / 2) * 2)
    const cell = row.getCell(((door - 1) % 2) + 1)
    cell.value = `${door} 号门`
    cell.font = { bold: true, size: 28 }
    cell.alignment = { horizontal: 'center', vertical: 'middle' }
    cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }
    const under = sheet.getRow(row.number + 1).getCell(cell.col)
    under.value = `${cabinet.name} · ${cabinet._id}-${door}`
    under.alignment = { horizontal: 'center' }
    under.border = { bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }
    row.height = 48
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** Admin: the cabinet's code image and its label sheet, stored for printing, with links to both. */
export async function cabinetCode(ctx: ActionContext, cabinetId: string) {
  const cabinet = await loadCabinet(ctx, cabinetId)
  const code = await miniProgramCode(ctx, CODE_PAGES.cabinet, cabinet._id)
  const image = await saveFile(ctx, `codes/cabinets/${cabinet._id}`, `cabinet-${cabinet._id}.${code.extension}`, code.image)
  const labels = await saveFile(
    ctx,
    `codes/cabinets/${cabinet._id}`,
    `labels-${cabinet._id}.xlsx`,
    await labelSheet(cabinet, code, ctx.config.bookcase),
  )
  ctx.log.info('cabinetCode', { by: ctx.openid, cabinetId: cabinet._id })
  return {
    cabinetId: cabinet._id,
    name: cabinet.name,
    page: CODE_PAGES.cabinet,
    scene: cabinet._id,
    code: image,
    labels,
    doors: Array.from({ length: cabinet.doorCount }, (_, i) => ({ door: i + 1, label: `${i + 1} 号门` })),
  }
}
