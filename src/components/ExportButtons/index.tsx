import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import { errorText } from '../../services/cloud'
import { openExport, type ExportFormat, type SavedFile } from '../../services/files'
import './index.scss'

/** This month in Shanghai ('YYYY-MM'); the device clock is good enough for a default the person sees and changes. */
export function currentMonth(): string {
  const shanghai = new Date(Date.now() + 8 * 3600 * 1000)
  return shanghai.toISOString().slice(0, 7)
}

/**
 * "导出 Excel" and "导出 CSV" for one report: asks the cloud for the file, then opens it (a link that
 * lasts minutes). With `month`, a month picker chooses the report's month.
 */
export default function ExportButtons({
  label,
  run,
  withMonth = false,
}: {
  label: string
  run: (format: ExportFormat, month: string) => Promise<SavedFile & { rows: number }>
  withMonth?: boolean
}) {
  const [month, setMonth] = useState(currentMonth())
  const [busy, setBusy] = useState(false)
  const go = async (format: ExportFormat) => {
    setBusy(true)
    try {
      const file = await run(format, month)
      Taro.showToast({ title: `已导出 ${file.rows} 行`, icon: 'success' })
      await openExport(file).catch(async () => {
        await Taro.setClipboardData({ data: file.url }).catch(() => undefined)
        Taro.showModal({ title: '文件已生成', content: '下载链接已复制，10 分钟内有效', showCancel: false })
      })
    } catch (error) {
      Taro.showModal({ title: '导出失败', content: errorText(error), showCancel: false })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='export'>
      {label && <Text className='export__label'>{label}</Text>}
      {withMonth && (
        <Picker mode='date' fields='month' value={month} onChange={(event) => setMonth(String(event.detail.value).slice(0, 7))}>
          <Text className='export__month'>{month.replace('-', ' 年 ')} 月 ▾</Text>
        </Picker>
      )}
      <Button className='export__button export__button--xlsx' size='mini' disabled={busy} onClick={() => go('xlsx')}>
        导出 Excel
      </Button>
      <Button className='export__button export__button--csv' size='mini' disabled={busy} onClick={() => go('csv')}>
        导出 CSV
      </Button>
    </View>
  )
}
