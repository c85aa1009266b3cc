export * from './slots'
export * from './booking'
export * from './crisis'
export * from './intake'
