import path from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = path.dirname(fileURLToPath(import.meta.url));
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served by both shells: app://fieldtape/ in Electron and the web shell.
export default defineConfig({
  root: path.resolve(__dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 2048,
    // Two pages: the app, and the Electron shell's always-on-top recording indicator (main/electron/indicator-window.ts).
    rolldownOptions: {
      input: {
        index: path.resolve(__dirname, 'renderer', 'index.html'),
        indicator: path.resolve(__dirname, 'renderer', 'indicator.html'),
      },
    },
  },
});
