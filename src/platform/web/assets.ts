import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NHSUK_MODULES_PREFIX, type NhsukModules } from './nhsuk-modules';

/** Where versioned assets live: the hash in the path changes whenever the file does. */
export const VERSIONED_PREFIX = '/static/v/';

interface Asset {
  name: string;
  type: string;
  body: Buffer;
  hash: string;
  /**
   * Compressed once, on first request, off the main thread (zlib's thread pool), then kept:
   * assets never change while running.
   */
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface AssetSource {
  name: string;
  path: string;
  /** Rewrites the file as served (init.js imports the design system by its versioned URL). */
  transform?: (text: string, urlOf: (name: string) => string) => string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

const typeOf = (name: string) =>
  TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';

/**
 * The CSS and JavaScript pages link to, read once at start-up, each served under a URL holding a
 * hash of its content and cached for a year (`immutable`): an upgrade of nhsuk-frontend or an
 * edit of our own files changes the URL, so no browser keeps an old file. Sources are read in
 * order, so a file may refer to one listed before it.
 */
export class AssetManifest {
  private readonly assets = new Map<string, Asset>();
  /** The design system's per-component modules: their names already hold their hash. */
  private readonly modules = new Map<string, Asset>();

  constructor(sources: readonly AssetSource[], modules: NhsukModules | null = null) {
    for (const [name, body] of modules?.files ?? [])
      this.modules.set(name, { name, type: typeOf(name), body, hash: '' });
    for (const source of sources) {
      let body = readFileSync(source.path);
      if (source.transform)
        body = Buffer.from(
          source.transform(body.toString('utf8'), (n) => this.url(n)),
          'utf8',
        );
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
      this.assets.set(source.name, { name: source.name, type: typeOf(source.name), body, hash });
    }
  }

  /** The versioned URL of an asset; an unknown name keeps its plain, short-cached URL. */
  url(name: string): string {
    const asset = this.assets.get(name);
    return asset ? `${VERSIONED_PREFIX}${asset.hash}/${name}` : `/static/${name}`;
  }

  /** Serves `/static/v/:hash/:file`; an old hash is sent to the current file. */
  register(app: FastifyInstance): void {
    app.get(
      `${VERSIONED_PREFIX}:hash/:file`,
      { config: { access: 'public' }, compress: false },
      (request, reply) => {
        const { hash, file } = request.params as { hash: string; file: string };
        const asset = this.assets.get(file);
        if (!asset) {
          reply.callNotFound();
          return reply;
        }
        if (asset.hash !== hash)
          return reply.header('cache-control', 'no-cache').redirect(this.url(file), 302);
        return send(request, reply, asset);
      },
    );
    app.get(
      `${NHSUK_MODULES_PREFIX}:file`,
      { config: { access: 'public' }, compress: false },
      (request, reply) => {
        const asset = this.modules.get((request.params as { file: string }).file);
        if (!asset) {
          reply.callNotFound();
          return reply;
        }
        return send(request, reply, asset);
      },
    );
  }
}

/** Brotli when the browser takes it, else gzip, else the file as it is. */
async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  asset: Asset,
): Promise<FastifyReply> {
  const accepted = request.headers['accept-encoding'] ?? '';
  reply
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('vary', 'accept-encoding')
    .type(asset.type);
  if (/\bbr\b/.test(accepted)) {
    asset.br ??= brotliAsync(asset.body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length,
      },
    });
    return reply.header('content-encoding', 'br').send(await asset.br);
  }
  if (/\bgzip\b/.test(accepted)) {
    asset.gzip ??= gzipAsync(asset.body, { level: 9 });
    return reply.header('content-encoding', 'gzip').send(await asset.gzip);
  }
  return reply.send(asset.body);
}

/** Rapport's own assets and the NHS.UK design system's, in the order they may refer to each other. */
export function defaultAssetSources(
  root: string,
  nhsukDist: string,
  modules: NhsukModules | null = null,
): AssetSource[] {
  const own = (name: string) => resolve(root, 'public/static', name);
  return [
    { name: 'nhsuk-frontend.min.css', path: resolve(nhsukDist, 'nhsuk-frontend.min.css') },
    { name: 'nhsuk-frontend.min.js', path: resolve(nhsukDist, 'nhsuk-frontend.min.js') },
    { name: 'rapport.css', path: own('rapport.css') },
    { name: 'js-enabled.js', path: own('js-enabled.js') },
    { name: 'passkey.js', path: own('passkey.js') },
    {
      name: 'init.js',
      path: own('init.js'),
      transform: (text, urlOf) =>
        text
          .replaceAll("'/static/nhsuk-frontend.min.js'", `'${urlOf('nhsuk-frontend.min.js')}'`)
          .replace(
            'const COMPONENTS = null;',
            `const COMPONENTS = ${JSON.stringify(modules?.components ?? null)};`,
          ),
    },
  ];
}
