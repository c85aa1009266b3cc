import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { cloud, errorText } from '../../services/cloud'
import { confirmDestructive } from '../../components/confirm'
import type { Answer, Input as ActionInput } from '../../../functions/contract'
import './RolesScreen.scss'

type Role = ActionInput<'user', 'grantRole'>['role']
type UserSummary = Answer<'user', 'searchUsers'>[number]

const roleLabels: Record<Role, string> = { admin: '管理员', organizer: '组织者', counselor: '咨询师' }

/** The other admin tools, reached from here (the admin subpackage's first page). */
const adminPages = [
  { title: '数据概览', url: '/packages/admin/pages/dashboard/index' },
  { title: '书柜管理', url: '/packages/admin/pages/bookcase/index' },
]

type Search = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; users: UserSummary[] }

/** Union staff grant and revoke roles: organizers are scoped to a team, counselors to a profile. */
export default function RolesScreen() {
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState<Search>({ status: 'idle' })
  const [scope, setScope] = useState<Record<string, string>>({})

  const run = async () => {
    if (!query.trim()) return
    setSearch({ status: 'loading' })
    try {
      setSearch({ status: 'ready', users: await cloud.user.searchUsers({ query: query.trim() }) })
    } catch (error) {
      setSearch({ status: 'error', message: errorText(error) })
    }
  }

  const change = async (user: UserSummary, role: Role, grant: boolean) => {
    const scoped = scope[user.openid]?.trim()
    if (grant && role !== 'admin' && !scoped) {
      Taro.showToast({ title: role === 'organizer' ? '请先填写队伍编号' : '请先填写咨询师编号', icon: 'none' })
      return
    }
    if (grant && role === 'admin') {
      // Granting admin hands over everything: asked once, in words that say so.
      const who = user.profile?.realName ?? user.openid
      const sure = await confirmDestructive({
        title: `授予${who}管理员？`,
        content: '管理员可以授予和撤销所有角色、管理书柜和咨询师、查看统计数据。',
        confirmText: '确认授予',
        cancelText: '不授予',
      })
      if (!sure) return
    }
    const request = {
      openid: user.openid,
      role,
      teamId: role === 'organizer' ? scoped || undefined : undefined,
      counselorId: role === 'counselor' ? scoped : undefined,
    }
    try {
      const updated = await (grant ? cloud.user.grantRole(request) : cloud.user.revokeRole(request))
      setSearch((current) =>
        current.status === 'ready'
          ? { status: 'ready', users: current.users.map((u) => (u.openid === updated.openid ? updated : u)) }
          : current,
      )
      Taro.showToast({ title: grant ? '已授予' : '已撤销', icon: 'success' })
    } catch (error) {
      Taro.showToast({ title: errorText(error), icon: 'none' })
    }
  }

  return (
    <View className='roles'>
      <View className='roles__links'>
        {adminPages.map((page) => (
          <Text key={page.url} className='roles__link' onClick={() => Taro.navigateTo({ url: page.url })}>
            {page.title}
          </Text>
        ))}
      </View>
      <View className='roles__search'>
        <Input
          className='roles__query'
          value={query}
          placeholder='姓名或手机号'
          confirmType='search'
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={run}
        />
        <Button className='roles__go' size='mini' onClick={run}>
          搜索
        </Button>
      </View>
      {search.status === 'loading' && <Loading />}
      {search.status === 'error' && <ErrorState message={search.message} onRetry={run} />}
      {search.status === 'ready' && search.users.length === 0 && <Empty title='没有找到' hint='按姓名或手机号开头搜索' />}
      {search.status === 'ready' &&
        search.users.map((user) => (
          <View key={user.openid} className='roles__user'>
            <Text className='roles__name'>{user.profile?.realName ?? '（未填资料）'}</Text>
            <Text className='roles__line'>
              {user.profile ? `${user.profile.phone} · ${user.profile.workUnit}` : user.openid}
              {user.organizerTeams.length > 0 ? ` · 队伍 ${user.organizerTeams.join('、')}` : ''}
              {user.counselorId ? ` · 咨询师 ${user.counselorId}` : ''}
            </Text>
            <Input
              className='roles__scope'
              value={scope[user.openid] ?? ''}
              placeholder='队伍编号或咨询师编号（授予组织者/咨询师时填写）'
              onInput={(e) => setScope((current) => ({ ...current, [user.openid]: e.detail.value }))}
            />
            <View className='roles__actions'>
              {(Object.keys(roleLabels) as Role[]).map((role) => {
                const has = user.roles.includes(role)
                return (
                  <Text
                    key={role}
                    className={`roles__action roles__action--${role} ${has ? 'roles__action--revoke' : ''}`}
                    onClick={() => change(user, role, !has)}
                  >
                    {has ? `撤销${roleLabels[role]}` : `授予${roleLabels[role]}`}
                  </Text>
                )
              })}
            </View>
          </View>
        ))}
    </View>
  )
}
