import { productionMain } from '../_lib/production'
import { payNotifyFunction } from './handler'

export const definition = payNotifyFunction
export const main = productionMain(payNotifyFunction)
