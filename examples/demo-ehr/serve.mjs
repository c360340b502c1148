#!/usr/bin/env node
// A tiny static server for the demo EHR, with no dependencies. It listens on
// 127.0.0.1 only and serves the files of this folder.
//
//   node examples/demo-ehr/serve.mjs            port 8088 (or $PORT)
//   node examples/demo-ehr/serve.mjs 9000       port 9000
//   node examples/demo-ehr/serve.mjs --port 0   a free port (printed)
//
// Also a module: `startDemoServer({ port })` resolves to
// { server, port, url, close() }.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = dirname(fileURLToPath(import.meta.url));
export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 8088;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
// Only the demo's own files are served (not this script).
const SERVED = new Set(['.html', '.js', '.css', '.svg', '.png', '.ico']);

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'Bad Request\n');
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  if (pathname.includes('\0')) return send(res, 400, 'Bad Request\n');
  const file = normalize(join(ROOT, pathname));
  if (file !== ROOT && !file.startsWith(ROOT + sep)) return send(res, 403, 'Forbidden\n');
  const ext = extname(file).toLowerCase();
  if (!SERVED.has(ext)) return send(res, 404, 'Not Found\n');
  try {
    const st = await stat(file);
    if (!st.isFile()) return send(res, 404, 'Not Found\n');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // The demo loads nothing from elsewhere.
      // A strict policy, as real EHRs have: the extension must work under it.
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    send(res, 404, 'Not Found\n');
  }
}

/** Starts the server on 127.0.0.1; port 0 picks a free port. */
export function startDemoServer({ port = DEFAULT_PORT, host = HOST } = {}) {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      handle(req, res).catch(() => send(res, 500, 'Internal Server Error\n'));
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

function portFromArgs(argv, env) {
  let value;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a === '-p') value = argv[++i];
    else if (a.startsWith('--port=')) value = a.slice(7);
    else if (a === '--help' || a === '-h') {
      console.log('usage: node serve.mjs [PORT | --port PORT]   (default $PORT or 8088; 0 = any free port)');
      process.exit(0);
    } else if (/^\d+$/.test(a)) value = a;
    else {
      console.error(`serve.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  value ??= env.DEMO_EHR_PORT ?? env.PORT ?? String(DEFAULT_PORT);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`serve.mjs: bad port ${value}`);
    process.exit(2);
  }
  return n;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = portFromArgs(process.argv.slice(2), process.env);
  startDemoServer({ port }).then(
    ({ url, close }) => {
      console.log(`Demo EHR: ${url}  (Ctrl-C to stop)`);
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      console.error(`serve.mjs: cannot listen on ${HOST}:${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
