/**
 * Local mode: the H5 app opened top-level on a wide screen moves into the console's phone frame,
 * keeping its route. A phone (narrow screen, whatever its layout viewport) keeps the app full-screen;
 * `/?console=0` opens the app alone on a wide screen too.
 */
export const FRAME_REDIRECT_SCRIPT = `<script>(function(){try{var wide=Math.min(window.screen.width,window.innerWidth)>=900;if(window.self===window.top&&wide&&!/[?&]console=0/.test(location.search)){location.replace('/__local/console/'+location.hash)}}catch(e){}})()</script>`

/** The app's index.html with the frame redirect at the end of <head> (after its viewport meta). */
export function withFrameRedirect(indexHtml: string): string {
  return indexHtml.replace(/<\/head>/i, (end) => FRAME_REDIRECT_SCRIPT + end)
}
