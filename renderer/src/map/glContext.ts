/**
 * WebGL context attributes for the map's deck.gl canvases.
 *
 * luma.gl asks for `preserveDrawingBuffer: true` and the browser's default multisampling on every
 * canvas. The map has five deck.gl canvases over maplibre's; on a machine without a GPU (software
 * WebGL: thin clients, virtual desktops, the CI's Chromium) each multisampled, preserved 1280x800
 * buffer is filled, resolved and copied in software on every frame, which cost the page most of its
 * start-up. Nothing reads those canvases back (picking draws into deck.gl's own framebuffer), so
 * none is preserved, and multisampling is kept only where a GPU does it: a software renderer is
 * named by its renderer
 * string (Chromium's SwiftShader still passes `failIfMajorPerformanceCaveat`).
 */
export interface DeckWebglProps {
  webgl: { antialias: boolean; preserveDrawingBuffer: boolean };
}

let software: boolean | null = null;

/** Renderer names of the software rasterisers browsers fall back to (Chromium, Mesa, Windows). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** True for the renderer string of a software rasteriser. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERER.test(name);
}

function rendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/**
 * True when the browser's WebGL runs in software (or not at all); asked once per page. `existing`
 * is a context the page already has (the maplibre map's): asking it costs nothing, where a context
 * made only to ask costs its creation, which on a software renderer is part of the start-up.
 */
export function softwareWebgl(existing?: WebGLRenderingContext | WebGL2RenderingContext | null): boolean {
  if (software === null) {
    if (existing && !existing.isContextLost()) {
      software = isSoftwareRenderer(rendererName(existing));
    } else {
      const canvas = document.createElement('canvas');
      const gl = canvas.getContext('webgl2');
      software = gl === null || isSoftwareRenderer(rendererName(gl));
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
  return software;
}

export function deckDeviceProps(isSoftware: boolean = softwareWebgl()): DeckWebglProps {
  return { webgl: { antialias: !isSoftware, preserveDrawingBuffer: false } };
}
