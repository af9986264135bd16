// Development: the API server restarts on change (tsx watch) and Vite serves the web app with hot
// reload on http://localhost:5173, forwarding /api to the server.
import { spawn } from 'node:child_process';

// Forms on the Vite dev server post to the API from another origin; allow that one in development.
const serverEnv = { ...process.env, EXTRA_ORIGINS: process.env.EXTRA_ORIGINS ?? 'http://localhost:5173' };
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'src/server/main.ts'], { stdio: 'inherit', env: serverEnv }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
