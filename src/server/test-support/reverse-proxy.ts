import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { EventStreamReader } from './event-stream';

/** Debian's nginx (`apt-get install nginx`; .ci/run installs it on a fresh machine). */
export const NGINX = '/usr/sbin/nginx';

export interface ReverseProxy {
  /** http://127.0.0.1:<port>, where nginx listens. */
  readonly url: string;
  readonly port: number;
  /** Stops nginx (and waits for it to exit), then removes its directory. */
  stop(): Promise<void>;
}

export interface ReverseProxyOptions {
  /** The port to listen on (see `freePort`: the app's PUBLIC_URL must be known before nginx starts). */
  readonly port: number;
  /** The app instances, `127.0.0.1:<port>` each; nginx takes turns between them (round robin). */
  readonly upstreams: readonly string[];
  /** nginx's proxy_read_timeout: a response silent this long is cut off. */
  readonly readTimeoutSeconds: number;
  /** Further locations, each sent to its own server (e.g. a stand-in that never sends a heartbeat). */
  readonly extraLocations?: readonly { readonly path: string; readonly upstream: string }[];
}

/** A port nothing listens on now (there is a small window in which something else could take it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function nginxConfig(directory: string, options: ReverseProxyOptions): string {
  const location = (path: string, upstream: string) => `
    location ${path} {
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout ${options.readTimeoutSeconds}s;
      # proxy_buffering is left at its default (on): the app's X-Accel-Buffering: no must turn it off.
      # Which instance answered, so a test can see that nginx took turns.
      add_header X-Upstream $upstream_addr always;
    }`;
  // As root, nginx would hand its workers to `nobody`, who may not write into this directory.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};` : '';
  return `${user}
worker_processes 1;
pid ${directory}/nginx.pid;
lock_file ${directory}/nginx.lock;
error_log ${directory}/error.log info;
events { worker_connections 256; }
http {
  access_log ${directory}/access.log;
  default_type application/octet-stream;
  client_body_temp_path ${directory}/temp/body;
  proxy_temp_path ${directory}/temp/proxy;
  fastcgi_temp_path ${directory}/temp/fastcgi;
  uwsgi_temp_path ${directory}/temp/uwsgi;
  scgi_temp_path ${directory}/temp/scgi;
  upstream app {
${options.upstreams.map((address) => `    server ${address};`).join('\n')}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${options.port};
${location('/', 'app')}
${(options.extraLocations ?? []).map((extra) => location(extra.path, extra.upstream)).join('\n')}
  }
}
`;
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Starts nginx in the foreground as a child process, with a configuration of its own in a temporary
 * directory (pid file, logs, temp paths), proxying to `upstreams`; answers once it accepts connections.
 */
export async function startReverseProxy(options: ReverseProxyOptions): Promise<ReverseProxy> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx`);
  const directory = mkdtempSync(join(tmpdir(), 'cxc-nginx-'));
  mkdirSync(join(directory, 'temp'));
  const configFile = join(directory, 'nginx.conf');
  writeFileSync(configFile, nginxConfig(directory, options));
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', directory, '-e', join(directory, 'error.log'), '-c', configFile, '-g', 'daemon off;'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const errorLog = () => {
    const file = join(directory, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  };

  const stop = async () => {
    if (running) {
      // SIGTERM: nginx's fast shutdown, which does not wait for open streams.
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(directory, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await connects(options.port))) {
    if (!running || Date.now() > deadline) {
      const log = errorLog();
      await stop();
      throw new Error(`nginx did not start: ${output}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${options.port}`, port: options.port, stop };
}

/** An event stream opened with a real HTTP client (node's http), e.g. through the reverse proxy. */
export interface OpenedHttpStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly events: EventStreamReader;
}

/** Opens `url` as a browser's EventSource would, with the session cookie `cxc_session=<token>` when given. */
export function openHttpStream(url: string, sessionToken?: string): Promise<OpenedHttpStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      {
        headers: {
          accept: 'text/event-stream',
          ...(sessionToken ? { cookie: `cxc_session=${sessionToken}` } : {}),
        },
        // Its own connection, closed with the stream.
        agent: false,
      },
      (response) =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          events: new EventStreamReader(response),
        }),
    );
    request.once('error', reject);
  });
}
