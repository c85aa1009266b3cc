/** Mini-program codes (cloud call `wxacode.getUnlimited`): a page opened with a `scene` of at most 32 characters. */
import type { ActionContext } from './define'
import { AppError } from './envelope'
import { isSceneId } from '../../domain/links'

export interface MiniProgramCode {
  image: Buffer
  extension: 'png' | 'jpg'
}

/** Printed about 8 cm wide at 300 dpi. */
const CODE_WIDTH = 860

/** The mini-program code of a page with `scene` (cloud call wxacode.getUnlimited), with its file extension. */
export async function miniProgramCode(ctx: ActionContext, page: string, scene: string): Promise<MiniProgramCode> {
  if (!isSceneId(scene)) throw new AppError('INVALID_ARGUMENT', '编号超过小程序码的 32 个字符上限，无法生成小程序码')
  try {
    const answer = await ctx.cloud.openapi.wxacode.getUnlimited({ scene, page, width: CODE_WIDTH, checkPath: true })
    return { image: Buffer.from(answer.buffer), extension: answer.contentType === 'image/png' ? 'png' : 'jpg' }
  } catch (error) {
    ctx.log.error('wxacodeFailed', { page, scene, error: String((error as Error)?.message ?? error) })
    throw new AppError('INTERNAL', '小程序码生成失败：请确认小程序已发布该页面，稍后重试')
  }
}
