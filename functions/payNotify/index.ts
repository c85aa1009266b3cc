import { productionMain } from '../_lib/production'
import { payNotifyFunction } from './handler'

export const main = productionMain(payNotifyFunction)
