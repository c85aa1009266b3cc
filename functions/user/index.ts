import { productionMain } from '../_lib/production'
import { userFunction } from './handler'

export const definition = userFunction
export const main = productionMain(userFunction)
