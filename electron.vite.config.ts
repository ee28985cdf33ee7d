import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main.ts'),
          // The read worker's entry (electron/core/store/readWorker.ts finds it beside index.js).
          exportWorker: resolve(import.meta.dirname, 'electron/core/replay/exportWorker.ts'),
          checkWorker: resolve(import.meta.dirname, 'electron/core/store/checkWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    build: {
      outDir: 'out/renderer',
      // The page's start is parsing and compiling its script (4.9 MB unminified, 1.5 MB minified):
      // electron-vite leaves the renderer unminified unless told.
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
