/** The H5 app in a phone-sized frame, scaled down to fit the window's height; its route mirrors the console's URL. */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'

export const PHONE_SIZES = [
  { width: 320, height: 568, label: '320' },
  { width: 375, height: 812, label: '375' },
  { width: 414, height: 896, label: '414' },
]

const BEZEL = 10

interface Props {
  frameRef: RefObject<HTMLIFrameElement>
  /** Changes when the app must start again (persona, clock, reset). */
  generation: number
}

/** The app's route: what follows `#` in the console's URL (a deep link), else its home. */
const initialRoute = () => (window.location.hash.length > 1 ? window.location.hash : '')

export function PhoneFrame({ frameRef, generation }: Props) {
  const [sizeIndex, setSizeIndex] = useState(() => Number(sessionStorage.getItem('consolePhoneSize') ?? 1) || 1)
  const size = PHONE_SIZES[sizeIndex] ?? PHONE_SIZES[1]
  const stageRef = useRef<HTMLDivElement>(null)
  const [scale, setScale] = useState(1)
  const [src] = useState(() => `/${initialRoute()}`)

  useLayoutEffect(() => {
    const stage = stageRef.current
    if (!stage) return
    const fit = () =>
      setScale(Math.min(1, (stage.clientHeight - 16) / (size.height + 2 * BEZEL), (stage.clientWidth - 16) / (size.width + 2 * BEZEL)))
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(stage)
    return () => observer.disconnect()
  }, [size])

  // The console's address follows the app's page, so a reload or a copied link opens the same page.
  useEffect(() => {
    const timer = setInterval(() => {
      try {
        const hash = frameRef.current?.contentWindow?.location.hash ?? ''
        if (hash && hash !== window.location.hash) history.replaceState(null, '', hash)
      } catch {
        // a page from elsewhere in the frame: nothing to mirror
      }
    }, 500)
    return () => clearInterval(timer)
  }, [frameRef])

  useEffect(() => {
    if (generation > 0) frameRef.current?.contentWindow?.location.reload()
  }, [generation, frameRef])

  const choose = (index: number) => {
    sessionStorage.setItem('consolePhoneSize', String(index))
    setSizeIndex(index)
  }

  return (
    <section className='stage'>
      <div className='stage__toolbar'>
        <div className='segmented' role='group' aria-label='屏幕宽度'>
          {PHONE_SIZES.map((option, index) => (
            <button
              key={option.label}
              className={index === sizeIndex ? 'is-active' : ''}
              onClick={() => choose(index)}
              title={`${option.width} × ${option.height}`}
            >
              {option.label}
            </button>
          ))}
        </div>
        <span className='stage__size'>
          {size.width} × {size.height}
          {scale < 1 ? ` · ${Math.round(scale * 100)}%` : ''}
        </span>
        <button className='link-button' onClick={() => frameRef.current?.contentWindow?.location.reload()}>
          刷新
        </button>
        <a className='link-button' href={`/?console=0${window.location.hash}`} target='_blank' rel='noreferrer'>
          单独打开
        </a>
      </div>
      <div className='stage__area' ref={stageRef}>
        <div className='phone-holder' style={{ width: (size.width + 2 * BEZEL) * scale, height: (size.height + 2 * BEZEL) * scale }}>
          <div
            className='phone'
            style={{ width: size.width + 2 * BEZEL, height: size.height + 2 * BEZEL, transform: `scale(${scale})`, borderWidth: BEZEL }}
          >
            <iframe ref={frameRef} title='小程序（H5）' src={src} width={size.width} height={size.height} />
          </div>
        </div>
      </div>
    </section>
  )
}
