// Serves the built page on 127.0.0.1 the way the panel does: the same HTML shell and CSP
// (renderPageHtml), with the harness script and theme variables added in front of the page.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { renderPageHtml } from '../../src/protocol/pageHtml';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface HarnessServer {
  origin: string;
  close(): Promise<void>;
}

export async function startHarnessServer(root: string, harnessJs: string): Promise<HarnessServer> {
  const distDir = path.join(root, 'dist', 'webview');
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const nonce = randomBytes(16).toString('base64');
        const html = renderPageHtml({
          cspSource: origin,
          scriptUri: `${origin}/dist/main.js`,
          styleUri: `${origin}/dist/main.css`,
          nonce,
          lang: url.searchParams.get('lang') ?? 'en',
          title: 'OpenRouter Settings',
        })
          .replace('</head>', `<link rel="stylesheet" href="${origin}/themes.css">\n</head>`)
          .replace('<script nonce=', `<script nonce="${nonce}" src="${origin}/harness.js"></script>\n<script nonce=`);
        return send(res, 200, 'text/html', html);
      }
      if (url.pathname === '/harness.js') return send(res, 200, TYPES['.js'], harnessJs);
      if (url.pathname === '/themes.css') return send(res, 200, TYPES['.css'], await readFile(path.join(root, 'test/webview/themes.css')));
      if (url.pathname.startsWith('/dist/')) {
        const file = path.join(distDir, path.basename(url.pathname));
        return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', await readFile(file));
      }
      send(res, 404, 'text/plain', 'not found');
    } catch (error) {
      send(res, 500, 'text/plain', String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
