import { productionMain } from '../_lib/production'
import { userFunction } from './handler'

export const main = productionMain(userFunction)
