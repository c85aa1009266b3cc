/** react-dom 18's client entry, typed as far as the local console uses it (the project has no @types/react-dom). */
declare module 'react-dom/client' {
  import type { ReactNode } from 'react'

  export function createRoot(container: Element): { render(children: ReactNode): void; unmount(): void }
}
