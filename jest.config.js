// Every project runs with TZ=UTC (set by the npm scripts), as cloud functions do.
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } },
  ],
}
const moduleNameMapper = { '^@domain/(.*)$': '<rootDir>/domain/$1', '^@/(.*)$': '<rootDir>/src/$1' }
const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node' }

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'cloud', testMatch: ['<rootDir>/tests/cloud/**/*.test.ts'] },
    { ...common, displayName: 'screens', testEnvironment: 'jsdom', testMatch: ['<rootDir>/tests/screens/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    // What deploys: the built weapp and cloudfunctions/ bundles (npm run build:weapp, build:cloud first).
    { ...common, displayName: 'build', testMatch: ['<rootDir>/tests/build/**/*.test.ts'] },
  ],
}
