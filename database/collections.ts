/**
 * The cloud database as code: every collection, its indexes and its security rule. The local cloud
 * creates these on start; `npm run db:rules` prints them for the CloudBase console (README).
 * Every rule denies client access: all reads and writes go through cloud functions.
 */
export interface IndexSpec {
  name: string
  fields: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  description: string
  indexes: IndexSpec[]
}

export const clientAccessDenied = { read: false, write: false } as const

export const collections: CollectionSpec[] = [
  {
    name: 'users',
    description: '用户：openid 为 _id，资料、角色、计数',
    indexes: [{ name: 'phone', fields: { phone: 1 } }],
  },
  {
    name: 'messages',
    description: '站内消息（订阅消息的站内副本）',
    indexes: [{ name: 'owner_time', fields: { openid: 1, createdAt: -1 } }],
  },
]
