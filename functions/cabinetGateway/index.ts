import { productionMain } from '../_lib/production'
import { cabinetGatewayFunction } from './handler'

export const definition = cabinetGatewayFunction
export const main = productionMain(cabinetGatewayFunction)
