import type { ReactElement, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout, type NavItem } from './layout';
import type { Role } from '../db/schema';
import { inGroup } from '../platform/access';
import { idleLimitFor } from '../platform/session';

export interface PageOptions {
  title: string;
  status?: number;
  hasErrors?: boolean;
  backLink?: ReactNode;
}

/** Settings fixed for the app; the service's name comes from each request's service (its host). */
export interface RenderSettings {
  assetVersion: string;
  /** Content-hashed asset URLs (src/platform/web/assets.ts); without it, `?v=assetVersion`. */
  assetUrl?: (name: string) => string;
  nhsFonts: boolean;
  /** The session timeout script for signed-in pages (src/client/session.ts), if built. */
  sessionScriptUrl?: string;
}

export function renderDocument(element: ReactElement): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(element)}`;
}

/** Navigation is by role: each person sees the places their role can go. */
export function navFor(roles: readonly Role[] | undefined): NavItem[] {
  if (!roles || roles.length === 0) {
    return [
      { href: '/ipt', text: 'About IPT' },
      { href: '/refer', text: 'Refer yourself' },
      { href: '/urgent-help', text: 'Get help now' },
    ];
  }
  const items: NavItem[] = [{ href: '/home', text: 'Home' }];
  if (roles.includes('patient')) {
    items.push(
      { href: '/appointments', text: 'Appointments' },
      { href: '/progress', text: 'Your progress' },
    );
  }
  if (inGroup(roles, 'clinical')) {
    items.push(
      { href: '/staff/referrals', text: 'Referrals' },
      { href: '/staff/waiting-list', text: 'Waiting list' },
      { href: '/staff/risk', text: 'Risk alerts' },
      { href: '/diary', text: 'Diary' },
      { href: '/courses', text: 'Courses' },
      { href: '/caseload', text: 'Caseload' },
    );
  }
  if (roles.includes('service_manager')) items.push({ href: '/admin', text: 'Manage the service' });
  // Moderators and community members are here for the community: the way back to it.
  if (inGroup(roles, 'community')) items.push({ href: '/community', text: 'Community' });
  items.push({ href: '/urgent-help', text: 'Get help now' });
  return items;
}

export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  settings: RenderSettings,
  options: PageOptions,
  body: ReactNode,
): FastifyReply {
  const user = request.auth
    ? { displayName: request.auth.displayName, roles: request.auth.roles }
    : null;
  const html = renderDocument(
    <Layout
      title={options.title}
      serviceName={request.service.name}
      user={user}
      nav={navFor(request.auth?.roles)}
      hasErrors={options.hasErrors}
      backLink={options.backLink}
      assetVersion={settings.assetVersion}
      assetUrl={settings.assetUrl}
      nhsFonts={settings.nhsFonts}
      signOutCsrf={
        user && typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : undefined
      }
      sessionTimeout={
        request.auth && settings.sessionScriptUrl
          ? {
              scriptUrl: settings.sessionScriptUrl,
              idleSeconds: idleLimitFor(request.auth.roles) / 1000,
            }
          : undefined
      }
    >
      {body}
    </Layout>,
  );
  return reply
    .code(options.status ?? (options.hasErrors ? 400 : 200))
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}
