import { productionMain } from '../_lib/production'
import { bookcaseFunction } from './handler'

export const definition = bookcaseFunction
export const main = productionMain(bookcaseFunction)
