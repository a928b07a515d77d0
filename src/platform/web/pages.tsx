import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import type { ServiceInfo } from '../types';
import { inGroup } from '../access';
import {
  ERROR_PAGES,
  ErrorPage,
  FORBIDDEN_NOT_STAFF_PAGE,
  SERVER_ERROR_PAGE,
  type ErrorPageContent,
} from '../../ui/error-pages';
import { sendPage, type PageOptions, type RenderSettings } from '../../ui/render';
import { AssetManifest, defaultAssetSources } from './assets';
import { nhsukModules } from './nhsuk-modules';
import { resolve } from 'node:path';
import { NHSUK_DIST, ROOT } from './paths';

export type PageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions,
  body: ReactNode,
) => FastifyReply;

export type ErrorRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  content?: ErrorPageContent,
) => FastifyReply;

export interface WebPages {
  page: PageRenderer;
  renderError: ErrorRenderer;
  /** The content-hashed CSS and JavaScript the layout links to; the web plugin serves them. */
  assets: AssetManifest;
  /** For Fastify's `frameworkErrors`: a malformed URL is the sender's error, a 400 page. */
  frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void;
}

/** The NHS layout and error pages, built once per app from its render settings. */
export function createWebPages(settings: RenderSettings, fallbackService: ServiceInfo): WebPages {
  const assets = defaultAssets();
  const rendering: RenderSettings = {
    ...settings,
    assetUrl: settings.assetUrl ?? ((name) => assets.url(name)),
  };
  const page: PageRenderer = (request, reply, options, body) => {
    // Framework errors can arrive before any onRequest hook resolved the service.
    if (!(request.service as ServiceInfo | null)) request.service = fallbackService;
    return sendPage(request, reply, rendering, options, body);
  };
  const renderError: ErrorRenderer = (request, reply, status, content) => {
    // Only staff have a service manager to speak to.
    const notStaff = status === 403 && !inGroup(request.auth?.roles ?? [], 'staff');
    const shown =
      content ?? (notStaff ? FORBIDDEN_NOT_STAFF_PAGE : (ERROR_PAGES[status] ?? SERVER_ERROR_PAGE));
    return page(request, reply, { title: shown.title, status }, <ErrorPage content={shown} />);
  };
  return {
    page,
    renderError,
    assets,
    frameworkError: (error, request, reply) => {
      renderError(
        request,
        reply,
        error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
      );
    },
  };
}

let shared: AssetManifest | null = null;
/** Read and hashed once per process: the files do not change while it runs. */
function defaultAssets(): AssetManifest {
  if (!shared) {
    const modules = nhsukModules(NHSUK_DIST, resolve(ROOT, 'public/build'));
    shared = new AssetManifest(defaultAssetSources(ROOT, NHSUK_DIST, modules), modules);
  }
  return shared;
}
