import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { answerPrivacy, installPrivacyHandler, onPrivacyPopup, openPrivacyContract } from '../../services/privacy'
import './index.scss'

const AGREE_BUTTON_ID = 'agree-privacy'

/** Shown when personal data is about to be collected and the person has not agreed yet. */
export default function PrivacyPopup() {
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    // Registered by the page that collects data, as WeChat's privacy guide does it.
    installPrivacyHandler()
    return onPrivacyPopup(setVisible)
  }, [])
  if (!visible) return null
  return (
    <View className='privacy-popup'>
      <View className='privacy-popup__panel'>
        <Text className='privacy-popup__title'>用户隐私保护提示</Text>
        <Text className='privacy-popup__text'>
          在使用志愿报名、借书和心理咨询服务前，请阅读并同意《职工服务小程序隐私保护指引》。我们仅为提供服务收集姓名、手机号、工作单位以及查找附近书柜时的位置等必要信息。
        </Text>
        <Text className='privacy-popup__link' onClick={openPrivacyContract}>
          查看《隐私保护指引》
        </Text>
        <View className='privacy-popup__actions'>
          <Button className='privacy-popup__refuse' onClick={() => answerPrivacy(false)}>
            拒绝
          </Button>
          <Button
            id={AGREE_BUTTON_ID}
            className='privacy-popup__agree'
            openType={'agreePrivacyAuthorization' as any}
            onClick={() => answerPrivacy(true, AGREE_BUTTON_ID)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
