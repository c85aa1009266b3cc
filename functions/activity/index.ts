import { productionMain } from '../_lib/production'
import { activityFunction } from './handler'

export const main = productionMain(activityFunction)
