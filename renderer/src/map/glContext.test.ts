import { describe, expect, it } from 'vitest';
import { deckDeviceProps, isSoftwareRenderer } from './glContext';

describe("the map canvases' WebGL context", () => {
  it('recognises the software rasterisers by their renderer names, and real GPUs as hardware', () => {
    expect(
      isSoftwareRenderer(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(
      isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)'),
    ).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(
      false,
    );
    expect(
      isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)'),
    ).toBe(false);
  });

  it('never preserves the drawing buffer, and multisamples only on a GPU', () => {
    expect(deckDeviceProps(true)).toEqual({ webgl: { antialias: false, preserveDrawingBuffer: false } });
    expect(deckDeviceProps(false)).toEqual({ webgl: { antialias: true, preserveDrawingBuffer: false } });
  });
});
