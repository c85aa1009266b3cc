import { productionMain } from '../_lib/production'
import { counselingFunction } from './handler'

export const definition = counselingFunction
export const main = productionMain(counselingFunction)
