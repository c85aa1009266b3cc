// Taro's config (React rules) plus TypeScript parsing.
module.exports = {
  root: true,
  extends: ['taro/react'],
  parser: '@typescript-eslint/parser',
  plugins: ['@typescript-eslint'],
  rules: {
    'react/jsx-uses-react': 'off',
    'react/react-in-jsx-scope': 'off',
    'no-unused-vars': 'off',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    'import/no-commonjs': 'off',
  },
  overrides: [
    {
      // The local console is a plain browser page (React DOM), not Taro: HTML elements and browser globals are its own.
      files: ['local-cloud/console/app/**'],
      rules: { 'react/forbid-elements': 'off', 'no-restricted-globals': 'off' },
    },
  ],
  ignorePatterns: ['node_modules/', '/build/', 'dist/', '/cloudfunctions/', '.local-cloud/'],
}
