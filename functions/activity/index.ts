import { productionMain } from '../_lib/production'
import { activityFunction } from './handler'

export const definition = activityFunction
export const main = productionMain(activityFunction)
