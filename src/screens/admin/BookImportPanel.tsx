import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { ImportErrorKind } from '@domain/bookcase/bookImport'
import DataTable, { type Column } from '../../components/DataTable'
import ExportButtons from '../../components/ExportButtons'
import { Loading } from '../../components/StateView'
import { useCloudData } from '../../hooks/useCloudData'
import type { Answer } from '../../../functions/contract'
import { cloud, errorText } from '../../services/cloud'
import { chooseSpreadsheet, uploadForImport } from '../../services/files'
import './admin-wide.scss'

const ERROR_LABELS: Record<ImportErrorKind, string> = {
  TAG_INVALID: '标签号无效',
  DUPLICATE_TAG: '标签重复',
  TAG_TAKEN: '标签已登记为其他书',
  ISBN_FORMAT: 'ISBN 格式错误',
  ISBN_CHECKSUM: 'ISBN 校验位错误',
  TITLE: '书名缺失',
  AUTHOR: '作者缺失',
  PLACE_INCOMPLETE: '书柜柜门不全',
  UNKNOWN_CABINET: '书柜不存在',
  UNKNOWN_DOOR: '柜门不存在',
  DOOR_FULL: '柜门已满',
}

type ImportPreview = Answer<'bookcase', 'previewImport'>
type RowError = ImportPreview['errors'][number]
const errorColumns: Column<RowError>[] = [
  { key: 'row', title: '行号', render: (e) => <Text>{e.row}</Text>, sortValue: (e) => e.row },
  { key: 'tag', title: '标签', render: (e) => <Text>{e.tag || '（空）'}</Text>, sortValue: (e) => e.tag },
  { key: 'errors', title: '问题', width: 3, render: (e) => <Text>{e.errors.map((x) => x.message).join('；')}</Text> },
]

type Step =
  | { kind: 'idle' }
  | { kind: 'checking'; name: string }
  | { kind: 'preview'; name: string; preview: ImportPreview }
  | { kind: 'committing'; name: string; preview: ImportPreview; done: number }
  | { kind: 'finished'; name: string; preview: ImportPreview; added: number }

function Counts({ preview }: { preview: ImportPreview }) {
  const items: [string, number, string?][] = [
    ['表格行数', preview.total],
    ['可导入', preview.valid, 'adm-ok'],
    ['已登记无变化', preview.unchanged],
    ['有问题', preview.errorRows, preview.errorRows ? 'adm-bad' : undefined],
  ]
  return (
    <View className='adm-counts'>
      {items.map(([label, value, tone]) => (
        <View key={label} className='adm-count'>
          <Text className={`adm-count__value ${tone ?? ''}`}>{value}</Text>
          <Text className='adm-count__label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

/** Tags the cabinets report inside that no registered book carries: to register (import) or take out. */
function StrayTags() {
  const [state, reload] = useCloudData(() => cloud.bookcase.strayTags())
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error')
    return (
      <Text className='adm-hint' onClick={reload}>
        {state.message}（点此重试）
      </Text>
    )
  return (
    <DataTable
      columns={[
        { key: 'cabinet', title: '书柜', render: (t) => <Text>{t.cabinetId}</Text>, sortValue: (t) => t.cabinetId },
        { key: 'door', title: '柜门', render: (t) => <Text>{t.door} 号门</Text>, sortValue: (t) => t.door },
        { key: 'tag', title: '标签', width: 2, render: (t) => <Text>{t.tag}</Text>, sortValue: (t) => t.tag },
      ]}
      rows={state.data}
      rowKey={(t) => `${t.cabinetId}-${t.door}-${t.tag}`}
      empty='书柜里没有未登记的标签'
    />
  )
}

/**
 * 书柜管理 → 批量导入: pick a spreadsheet (XLSX or CSV: 标签、ISBN、书名、作者、书柜、柜门), see what would
 * be registered and what is wrong row by row, then register the valid rows batch by batch with progress.
 */
export default function BookImportPanel() {
  const [step, setStep] = useState<Step>({ kind: 'idle' })

  const choose = async () => {
    try {
      const file = await chooseSpreadsheet()
      if (!file) return
      setStep({ kind: 'checking', name: file.name })
      const preview = await cloud.bookcase.previewImport({ fileID: await uploadForImport(file) })
      setStep({ kind: 'preview', name: file.name, preview })
    } catch (error) {
      setStep({ kind: 'idle' })
      Taro.showModal({ title: '无法读取表格', content: errorText(error), showCancel: false })
    }
  }

  const commit = async (name: string, preview: ImportPreview) => {
    let added = 0
    try {
      for (let batch = 0; batch < preview.batches; batch++) {
        setStep({ kind: 'committing', name, preview, done: batch })
        added += (await cloud.bookcase.commitImport({ importId: preview.importId, batch })).added
      }
      setStep({ kind: 'finished', name, preview, added })
    } catch (error) {
      // Batches are idempotent: pressing 导入 again resumes without doubling anything.
      setStep({ kind: 'preview', name, preview })
      Taro.showModal({ title: '导入中断', content: `${errorText(error)}。再次点击导入即可继续，已导入的不会重复。`, showCancel: false })
    }
  }

  return (
    <View>
      <View className='adm-card'>
        <Text>批量导入图书</Text>
        <Text className='adm-hint'>
          表格第一行为表头：标签、ISBN、书名、作者、书柜、柜门（书柜、柜门可留空，稍后上架）。支持 .xlsx 与 .csv，最多 10000 行。
        </Text>
        {step.kind !== 'committing' && (
          <Button
            className='adm-button adm-button--primary adm-import__choose'
            size='mini'
            onClick={choose}
            disabled={step.kind === 'checking'}
          >
            {step.kind === 'idle' ? '选择表格' : '重新选择表格'}
          </Button>
        )}
        {step.kind === 'checking' && <Loading text={`正在检查 ${step.name}…`} />}
      </View>
      {(step.kind === 'preview' || step.kind === 'committing' || step.kind === 'finished') && (
        <View className='adm-card adm-import__preview'>
          <Text>{step.name}</Text>
          <Counts preview={step.preview} />
          {Object.entries(step.preview.errorCounts).length > 0 && (
            <Text className='adm-hint'>
              {Object.entries(step.preview.errorCounts)
                .map(([kind, count]) => `${ERROR_LABELS[kind as ImportErrorKind]} ${count}`)
                .join(' · ')}
            </Text>
          )}
          {step.kind === 'preview' && step.preview.valid > 0 && (
            <Button
              className='adm-button adm-button--primary adm-import__commit'
              size='mini'
              onClick={() => commit(step.name, step.preview)}
            >
              导入 {step.preview.valid} 本（有问题的行不导入）
            </Button>
          )}
          {step.kind === 'preview' && step.preview.valid === 0 && <Text className='adm-hint'>没有可导入的新图书。</Text>}
          {step.kind === 'committing' && (
            <View>
              <View className='adm-progress'>
                <View className='adm-progress__bar' style={{ width: `${Math.round((step.done / step.preview.batches) * 100)}%` }} />
              </View>
              <Text className='adm-hint adm-import__progress'>
                正在导入：第 {step.done + 1}/{step.preview.batches} 批（每批 {step.preview.batchSize} 本）
              </Text>
            </View>
          )}
          {step.kind === 'finished' && <Text className='adm-ok adm-import__done'>导入完成：新登记 {step.added} 本。</Text>}
        </View>
      )}
      {(step.kind === 'preview' || step.kind === 'committing' || step.kind === 'finished') && step.preview.errors.length > 0 && (
        <View className='adm-card'>
          <Text>
            有问题的行
            {step.preview.errorRows > step.preview.errors.length
              ? `（显示前 ${step.preview.errors.length} 行，共 ${step.preview.errorRows} 行）`
              : ''}
          </Text>
          <DataTable
            columns={errorColumns}
            rows={step.preview.errors}
            rowKey={(e) => String(e.row)}
            searchText={(e) => `${e.row} ${e.tag} ${e.errors.map((x) => x.message).join(' ')}`}
            searchPlaceholder='按行号、标签、问题筛选'
          />
        </View>
      )}
      <ExportButtons label='导出库存（图书清单 + 未登记标签）' run={(format) => cloud.bookcase.exportInventory({ format })} />
      <View className='adm-card'>
        <Text>书柜上报的未登记标签</Text>
        <StrayTags />
      </View>
    </View>
  )
}
