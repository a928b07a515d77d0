import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import type { AppContext } from '../../platform/context';
import { queryOf } from '../../platform/edge';
import { ServiceContact } from '../../ui/ServiceContact';
import { serviceContact } from '../admin';
import { loadContentPages } from './content';
import { InfoPage, LandingPage, type InfoLink } from './views/InfoPage';

/** URL → content file. The IPT pages share a contents list; the others stand alone. */
const IPT_ROUTES: [string, string][] = [
  ['/ipt', 'what-is-ipt'],
  ['/ipt/treatment', 'treatment'],
  ['/ipt/preparing', 'preparing'],
  ['/ipt/video-sessions', 'video-sessions'],
  ['/ipt/how-its-offered', 'how-its-offered'],
  ['/ipt/who-delivers-it', 'who-delivers-it'],
  ['/ipt/faqs', 'faqs'],
  ['/ipt/after-treatment', 'after-treatment'],
];
/** Pages that tell people to contact the service: they show its contact details. */
const OTHER_ROUTES: [string, string][] = [
  ['/urgent-help', 'urgent-help'],
  ['/accessibility', 'accessibility'],
  ['/privacy', 'privacy'],
];

export const CONTENT_DIR = resolve(import.meta.dirname, '../../../content/pages');

export function registerPublicInfoRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // These pages read nothing from the query string.
  const schema = () => ({ querystring: queryOf({}) });
  const pages = loadContentPages(CONTENT_DIR);
  const get = (slug: string) => {
    const page = pages.get(slug);
    if (!page) throw new Error(`content/pages/${slug}.md is missing`);
    return page;
  };
  const related: InfoLink[] = IPT_ROUTES.map(([href, slug]) => ({ href, title: get(slug).title }));

  app.get('/', { config: { access: 'public' }, schema: schema() }, async (request, reply) =>
    ctx.page(
      request,
      reply,
      { title: 'Interpersonal therapy for depression' },
      <LandingPage serviceName={request.service.name} links={related} />,
    ),
  );

  for (const [url, slug] of IPT_ROUTES) {
    const page = get(slug);
    app.get(url, { config: { access: 'public' }, schema: schema() }, async (request, reply) =>
      ctx.page(
        request,
        reply,
        {
          title: page.title,
          // The first IPT page is the start of the section; the others go back to it.
          backLink:
            url === '/ipt' ? (
              <BackLink href="/">Back to the home page</BackLink>
            ) : (
              <BackLink href="/ipt">Back to about interpersonal therapy</BackLink>
            ),
        },
        <InfoPage page={page} related={related} />,
      ),
    );
  }
  for (const [url, slug] of OTHER_ROUTES) {
    const page = get(slug);
    app.get(url, { config: { access: 'public' }, schema: schema() }, async (request, reply) => {
      const contact = await serviceContact(ctx.db, request.service.id);
      return ctx.page(
        request,
        reply,
        { title: page.title, backLink: <BackLink href="/">Back to the home page</BackLink> },
        <InfoPage
          page={page}
          related={[]}
          contact={<ServiceContact serviceName={request.service.name} contact={contact} />}
        />,
      );
    });
  }
}
