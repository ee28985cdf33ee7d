#!/usr/bin/env node
// Draws build/icon.png, the app icon electron-builder turns into each platform's format: a dark
// operations-room square with a radar over a map grid, a dashed border line, units and one
// incident. 1024x1024 because macOS wants at least 512 and scales down better than up.
// Run `node build/drawIcon.mjs` after changing it; the PNG is committed so packaging needs no step.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 1024;
const C = SIZE / 2;
const DISC = 350;

const hex = (h, alpha = 1) => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
  alpha,
];
const GREEN = '#3ee6b0';

// Signed distances in pixels (negative inside); coverage turns one into antialiased alpha.
const coverage = (d) => Math.min(1, Math.max(0, 0.5 - d));
const roundedRect = (x, y, half, radius) => {
  const qx = Math.abs(x - C) - (half - radius);
  const qy = Math.abs(y - C) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const ring = (x, y, cx, cy, r, width) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
/** Distance to a segment, and how far along it the nearest point lies. */
const segment = (x, y, [ax, ay], [bx, by]) => {
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.hypot(dx, dy);
  const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (length * length)));
  return { d: Math.hypot(x - ax - t * dx, y - ay - t * dy), along: t * length };
};

// A border as maps draw one: a ragged dashed line across the disc.
const BORDER = [
  [170, 690],
  [300, 610],
  [390, 650],
  [500, 520],
  [590, 555],
  [690, 420],
  [860, 360],
];
const borderDistance = (x, y) => {
  let best = { d: Infinity, along: 0 };
  let offset = 0;
  for (let i = 1; i < BORDER.length; i++) {
    const a = BORDER[i - 1];
    const b = BORDER[i];
    const s = segment(x, y, a, b);
    if (s.d < best.d) best = { d: s.d, along: offset + s.along };
    offset += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return best;
};

const UNITS = [
  [640, 330],
  [395, 420],
  [705, 640],
  [300, 520],
];
const INCIDENT = [560, 625];
// The sweep turns clockwise on screen; its bright edge points up and to the right.
const SWEEP_AT = -Math.PI / 4;
const SWEEP_TRAIL = (75 * Math.PI) / 180;
const SWEEP_TIP = [C + DISC * Math.cos(SWEEP_AT), C + DISC * Math.sin(SWEEP_AT)];

function pixel(x, y) {
  let rgb = [0, 0, 0];
  let alpha = 0;
  const over = ([r, g, b, a], cover) => {
    const k = a * cover;
    if (k <= 0) return;
    const out = k + alpha * (1 - k);
    rgb = rgb.map((c, i) => ([r, g, b][i] * k + c * alpha * (1 - k)) / out);
    alpha = out;
  };

  const body = roundedRect(x, y, 456, 190);
  if (body > 1) return [0, 0, 0, 0];
  const t = y / SIZE;
  over([22 - 14 * t, 33 - 21 * t, 45 - 27 * t, 1], coverage(body));
  // The map grid of the operations-room wall.
  const gx = Math.abs(((x + 28) % 56) - 28);
  const gy = Math.abs(((y + 28) % 56) - 28);
  over(hex('#9fb3c8', 0.07), coverage(Math.min(gx, gy) - 1) * coverage(body + 8));

  const inDisc = coverage(circle(x, y, C, C, DISC));
  over(hex('#0b2a29', 0.7), inDisc);
  const angle = Math.atan2(y - C, x - C);
  const behind = (((SWEEP_AT - angle) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  if (behind < SWEEP_TRAIL) over(hex(GREEN, 0.5 * (1 - behind / SWEEP_TRAIL) ** 1.6), inDisc);
  for (const [r, width, a] of [
    [117, 4, 0.4],
    [233, 4, 0.4],
  ])
    over(hex(GREEN, a), coverage(ring(x, y, C, C, r, width)));
  over(hex(GREEN, 0.28), coverage(Math.min(Math.abs(x - C), Math.abs(y - C)) - 1.5) * inDisc);

  const border = borderDistance(x, y);
  const dash = border.along % 44 < 26 ? 1 : 0;
  over(hex('#e6edf5', 0.75), coverage(border.d - 4) * dash * coverage(circle(x, y, C, C, DISC - 14)));

  over(hex(GREEN, 1), coverage(segment(x, y, [C, C], SWEEP_TIP).d - 4));
  over(hex(GREEN, 1), coverage(ring(x, y, C, C, DISC, 12)));
  over(hex(GREEN, 1), coverage(circle(x, y, C, C, 12)));

  for (const [ux, uy] of UNITS) {
    over(hex(GREEN, 0.25), coverage(circle(x, y, ux, uy, 34)));
    over(hex('#b8ffe9', 1), coverage(circle(x, y, ux, uy, 16)));
  }
  const [ix, iy] = INCIDENT;
  over(hex('#ff5b4f', 0.9), coverage(ring(x, y, ix, iy, 50, 8)));
  over(hex('#ff5b4f', 1), coverage(circle(x, y, ix, iy, 24)));

  // A thin lit rim, so the square reads on a dark dock or taskbar too.
  over(hex('#5d7388', 0.8), coverage(Math.abs(body + 3) - 2.5));
  return [...rgb, alpha];
}

const png = new PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
    const i = (y * SIZE + x) * 4;
    png.data[i] = Math.round(r);
    png.data[i + 1] = Math.round(g);
    png.data[i + 2] = Math.round(b);
    png.data[i + 3] = Math.round(a * 255);
  }
}
writeFileSync(fileURLToPath(new URL('icon.png', import.meta.url)), PNG.sync.write(png));
