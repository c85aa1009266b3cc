/**
 * Taro's H5 button writes `disabled="false"` for a false prop and its stylesheet greys out any
 * `[disabled]` button: leave the prop out unless the button really is disabled.
 */
export function disabledIf(disabled: boolean): true | undefined {
  return disabled || undefined
}
