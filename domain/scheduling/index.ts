export * from './slots'
export * from './booking'
