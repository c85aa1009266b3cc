import { productionMain } from '../_lib/production'
import { counselingFunction } from './handler'

export const main = productionMain(counselingFunction)
