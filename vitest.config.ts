import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { interfaceMessages } from './vite.config.ts';

/**
 * Unit and integration tests. Server tests run in Node against real databases (SQLite always,
 * PostgreSQL when TEST_DATABASE_URL is set); web tests render components in happy-dom.
 * Browser tests live in e2e/ with their own config.
 */
export default defineConfig({
  plugins: [vue(), interfaceMessages()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/server/**/*.test.ts', 'src/shared/**/*.test.ts', 'i18n/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['src/web/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
