import { productionMain } from '../_lib/production'
import { cronFunction } from './handler'

export const definition = cronFunction
export const main = productionMain(cronFunction)
