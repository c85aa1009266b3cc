// `@nutui/icons-react-taro` types only its index; each icon is imported from its own file so the
// bundle holds only the icons used.
declare module '@nutui/icons-react-taro/dist/es/icons/*.js' {
  import type { ComponentType } from 'react'

  const Icon: ComponentType<{ size?: string | number; color?: string; className?: string; onClick?: () => void }>
  export default Icon
}
declare module '@nutui/icons-react-taro/dist/es/icons/configure.js' {
  export function configure(config: { tag?: string; useSvg?: boolean; classPrefix?: string }): void
}
