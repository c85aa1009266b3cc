export * from './sha256'
