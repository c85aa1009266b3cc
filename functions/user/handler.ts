/**
 * The user function's action table: the caller's account (account.ts), 首页 (home.ts), the inbox
 * (inbox.ts), and for admins roles (roles.ts) and the dashboard (dashboard.ts).
 */
import { action, defineFunction, type DeployOptions } from '../_lib/define'
import * as s from '../_lib/schema'
import * as account from './account'
import { dashboard } from './dashboard'
import { home } from './home'
import * as inbox from './inbox'
import * as roles from './roles'

/** What CloudBase must know to run it: written into config.json and cloudbaserc.json by the build. */
const deployment: DeployOptions = {
  // home reads a handful of collections at once; bindPhone calls openapi.phonenumber
  timeoutSeconds: 5,
  openapi: ['phonenumber.getPhoneNumber'],
}

export const userFunction = defineFunction('user', deployment, {
  me: action({ access: 'user', input: s.object({}), handler: account.me }),
  subscriptionTemplates: action({ access: 'user', input: s.object({}), handler: account.subscriptionTemplates }),
  home: action({ access: 'user', input: s.object({}), handler: home }),
  updateProfile: action({ access: 'user', input: account.profileInput, handler: account.updateProfile }),
  phoneFromCode: action({ access: 'user', input: account.phoneFromCodeInput, handler: account.phoneFromCode }),
  updateSettings: action({ access: 'user', input: account.settingsInput, handler: account.updateSettings }),

  grantRole: action({ access: 'admin', input: roles.roleInput, handler: roles.grantRole }),
  revokeRole: action({ access: 'admin', input: roles.roleInput, handler: roles.revokeRole }),
  searchUsers: action({ access: 'admin', input: roles.searchUsersInput, handler: roles.searchUsers }),
  dashboard: action({ access: 'admin', input: s.object({}), handler: dashboard }),

  messages: action({ access: 'user', input: inbox.messagesInput, handler: inbox.messages }),
  markRead: action({ access: 'user', input: inbox.markReadInput, handler: inbox.markRead }),
})
