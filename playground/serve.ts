/**
 * A tiny static file server for the built playground, on localhost only. The page computes
 * everything itself; this only hands out files.
 *   PORT=8080 npx tsx playground/serve.ts [folder]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.json': 'application/json',
};

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `headers` go on every file served (the strict-CSP test serves the page under a Content-Security-Policy). */
export function servePlayground(folder: string, port: number, headers: Readonly<Record<string, string>> = {}): Promise<RunningServer> {
  const root = resolve(folder);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!(file === root || file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(response);
  });
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      done({ url: `http://localhost:${actual}/`, close: () => new Promise((closed) => server.close(() => closed())) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const folder = resolve(process.argv[2] ?? join(import.meta.dirname, 'dist'));
  if (!existsSync(join(folder, 'index.html'))) {
    console.error(`no built playground in ${folder}: run npx tsx playground/build.ts first (npm run playground does both)`);
    process.exit(1);
  }
  const port = Number(process.env['PORT'] ?? 8080);
  const { url } = await servePlayground(folder, port);
  console.log(`ricci playground: ${url}  (serving ${folder}; Ctrl-C stops)`);
}
