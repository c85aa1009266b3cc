import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import './counseling.scss'

/**
 * Asks the counselor for a reason the worker will read, in the page itself: an editable showModal
 * has no input on H5, so a dialog of our own serves both platforms the same way.
 */
export default function ReasonSheet({
  title,
  confirmText,
  onConfirm,
  onClose,
}: {
  title: string
  confirmText: string
  onConfirm: (reason: string) => void
  onClose: () => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const submit = () => {
    const text = reason.trim()
    if (!text) return setError('请填写原因，来访者会看到它')
    if (Array.from(text).length > 200) return setError('原因不能超过 200 字')
    onConfirm(text)
  }
  return (
    <View className='sheet'>
      <View className='sheet__mask' onClick={onClose} />
      <View className='sheet__panel'>
        <Text className='sheet__title'>{title}</Text>
        <Textarea
          className={`field__textarea sheet__input ${error ? 'field__textarea--error' : ''}`}
          value={reason}
          maxlength={200}
          focus
          placeholder='请填写原因（来访者可见）'
          onInput={(e) => {
            setReason(e.detail.value)
            if (e.detail.value.trim()) setError('')
          }}
        />
        {error && <Text className='field__error sheet__error'>{error}</Text>}
        <View className='sheet__buttons'>
          <Button className='calm__button calm__button--ghost sheet__cancel' onClick={onClose}>
            再想想
          </Button>
          <Button className='calm__button calm__button--danger sheet__confirm' onClick={submit}>
            {confirmText}
          </Button>
        </View>
      </View>
    </View>
  )
}
