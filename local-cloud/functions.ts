import type { FunctionDefinition } from '../functions/_lib/define'
import { userFunction } from '../functions/user/handler'

/** Every cloud function, by the name the mini-program calls it. */
export const functionDefinitions: Record<string, FunctionDefinition<unknown>> = {
  user: userFunction,
}
