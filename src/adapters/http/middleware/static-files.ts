// Serves the built web page from one directory for GET/HEAD requests no route took. Refuses
// anything that could leave the directory (`..`, encoded separators, NUL, dotfiles, symlinks
// pointing out) and knows only the file types the page is built from. Source maps (the page's
// original TypeScript) only when asked for; the bundles then name theirs in a `SourceMap` header,
// since the build leaves no `sourceMappingURL` comment in them.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const MAPPED = new Set(['.js', '.mjs', '.css']);

export interface StaticOptions {
  /** Serve `*.map` files and point bundles at them; default off. */
  readonly serveSourceMaps?: boolean;
}

export function staticFiles(directory: string, options: StaticOptions = {}): Middleware {
  const serveSourceMaps = options.serveSourceMaps ?? false;
  const rootPromise = realpath(directory).catch(() => null);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const root = await rootPromise;
    const file = root === null ? null : await resolveFile(root, ctx.path);
    if (file === null || (file.extension === '.map' && !serveSourceMaps)) return next();
    ctx.state.staticFile = true;
    ctx.status = 200;
    ctx.type = file.contentType;
    ctx.length = file.size;
    ctx.set('Cache-Control', 'no-cache');
    if (serveSourceMaps && MAPPED.has(file.extension) && (await isFile(`${file.path}.map`))) {
      ctx.set('SourceMap', `${path.basename(file.path)}.map`);
    }
    if (ctx.method === 'GET') ctx.body = createReadStream(file.path);
  };
}

interface StaticFile {
  readonly path: string;
  readonly size: number;
  readonly contentType: string;
  /** Lower-case, with the dot: `.js`. */
  readonly extension: string;
}

async function resolveFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch (_error) {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const segments = relative.split('/').filter(Boolean);
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  if (relative.endsWith('/') || segments.length === 0) segments.push('index.html');
  const candidate = path.join(root, ...segments);
  const extension = path.extname(candidate).toLowerCase();
  const contentType = CONTENT_TYPES[extension];
  if (contentType === undefined) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(root + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, contentType, extension } : null;
  } catch (_error) {
    return null;
  }
}

async function isFile(candidate: string): Promise<boolean> {
  return stat(candidate).then((info) => info.isFile(), () => false);
}
