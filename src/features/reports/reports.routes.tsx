import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { THERAPIES } from '../../db/schema';
import { FOCAL_AREAS } from '../../domain/ipt';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { queryOf, singleQuery } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import { DATE_RANGE_QUERY } from '../../ui/date-range';
import { offsetFrom } from '../../ui/pager';
import { listLocations } from '../locations';
import { ETHNIC_CATEGORIES, GENDERS } from '../referral';
import { listTherapists } from '../therapists';
import { csvLines } from './reports.csv';
import { BASE_ROW, FIGURES } from './reports.figures';
import { filterQuery, parseFigure, parseReportFilter } from './reports.forms';
import { EXPORT_TABLES, dashboard, equity, exportCsv, patientList } from './reports.service';
import {
  DashboardPage,
  EquityPage,
  PatientListPage,
  type FilterOptions,
  type ReportContext,
} from './views/ReportPages';

const THERAPY_NAMES: Record<(typeof THERAPIES)[number], string> = {
  ipt: 'Interpersonal therapy (IPT)',
  cbt: 'Cognitive behavioural therapy',
  counselling_for_depression: 'Counselling for depression',
  dynamic_interpersonal_therapy: 'Dynamic interpersonal therapy',
  couple_therapy_for_depression: 'Couple therapy for depression',
  guided_self_help: 'Guided self-help',
};

const FILTER_QUERY = {
  ...DATE_RANGE_QUERY,
  therapist: singleQuery.optional(),
  supervisor: singleQuery.optional(),
  location: singleQuery.optional(),
  therapy: singleQuery.optional(),
  focal: singleQuery.optional(),
};

const GENDER_LABELS = new Map<string, string>(GENDERS.map((g) => [g.code, g.label]));
const ETHNIC_LABELS = new Map<string, string>(ETHNIC_CATEGORIES.map((e) => [e.code, e.label]));

function groupLabel(dimension: string, group: string): string {
  if (group === 'not_recorded') return 'Not recorded';
  if (dimension === 'gender') return GENDER_LABELS.get(group) ?? group;
  if (dimension === 'ethnicity') return ETHNIC_LABELS.get(group) ?? group;
  if (dimension === 'deprivation') {
    const q = group.replace('quintile-', '');
    return q === '1' ? '1 (most deprived)' : q === '5' ? '5 (least deprived)' : q;
  }
  return group === 'under-18' ? 'Under 18' : group;
}

export function registerReportRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  async function options(serviceId: string): Promise<FilterOptions> {
    const [therapists, locations] = await Promise.all([
      listTherapists(ctx.db, serviceId),
      listLocations(ctx.db, serviceId),
    ]);
    return {
      therapists: therapists.map((t) => ({ id: t.userId, name: t.displayName })),
      supervisors: therapists
        .filter((t) => t.roles.includes('supervisor'))
        .map((t) => ({ id: t.userId, name: t.displayName })),
      locations: locations.map((l) => ({ id: l.id, name: l.name })),
      therapies: THERAPIES.map((t) => ({ id: t, name: THERAPY_NAMES[t] })),
      focalAreas: FOCAL_AREAS.map((a) => ({ id: a.id, name: a.clinicalName })),
    };
  }

  async function context(request: FastifyRequest, query: Record<string, string | undefined>) {
    const parsed = parseReportFilter(query, ctx.clock.now());
    const report: ReportContext = {
      values: parsed.values,
      errors: parsed.errors,
      period: parsed.period,
      query: filterQuery(parsed.values, parsed.period),
      options: await options(request.service.id),
    };
    return { parsed, report };
  }

  const back = <BackLink href="/admin">Back to manage the service</BackLink>;

  app.get(
    '/admin/reports',
    { config: { access: ROLE_GROUPS.managers }, schema: { querystring: queryOf(FILTER_QUERY) } },
    async (request, reply) => {
      const { parsed, report } = await context(request, request.query);
      const data =
        parsed.errors.length > 0 ? null : await dashboard(useCase(request), parsed.filter);
      return ctx.page(
        request,
        reply,
        { title: 'Service dashboard', hasErrors: parsed.errors.length > 0, backLink: back },
        <DashboardPage ctx={report} report={data} />,
      );
    },
  );

  app.get(
    '/admin/reports/equity',
    { config: { access: ROLE_GROUPS.managers }, schema: { querystring: queryOf(FILTER_QUERY) } },
    async (request, reply) => {
      const { parsed, report } = await context(request, request.query);
      const data = parsed.errors.length > 0 ? null : await equity(useCase(request), parsed.filter);
      return ctx.page(
        request,
        reply,
        {
          title: 'Equity of outcomes',
          hasErrors: parsed.errors.length > 0,
          backLink: (
            <BackLink href={`/admin/reports?${report.query}`}>Back to the dashboard</BackLink>
          ),
        },
        <EquityPage ctx={report} equity={data} groupLabel={groupLabel} />,
      );
    },
  );

  // The people behind a figure: clinicians and managers, each seeing only patients they may read.
  app.get(
    '/admin/reports/patients',
    {
      config: { access: ROLE_GROUPS.clinical },
      schema: {
        querystring: queryOf({
          ...FILTER_QUERY,
          figure: singleQuery.optional(),
          offset: singleQuery.optional(),
        }),
      },
    },
    async (request, reply) => {
      // No figure: the courses that ended; a name we do not know is not a page.
      const figure = parseFigure(request.query.figure ?? 'ended');
      if (!figure) return renderNotFound(request, reply);
      const { parsed, report } = await context(request, request.query);
      const uc = useCase(request);
      const list =
        parsed.errors.length > 0
          ? null
          : await patientList(uc, {
              figure,
              filter: parsed.filter,
              offset: offsetFrom(request.query),
            });
      if (parsed.errors.length === 0 && !list) return renderNotFound(request, reply);
      const user = requireAuth(request);
      return ctx.page(
        request,
        reply,
        {
          title: FIGURES[figure].label,
          hasErrors: parsed.errors.length > 0,
          backLink: user.roles.includes('service_manager') ? (
            <BackLink href={`/admin/reports?${report.query}`}>Back to the dashboard</BackLink>
          ) : (
            <BackLink href="/home">Back to home</BackLink>
          ),
        },
        list ? (
          <PatientListPage
            ctx={report}
            list={list}
            whenLabel={BASE_ROW[FIGURES[figure].base].whenLabel}
            canExport={user.roles.includes('service_manager')}
          />
        ) : (
          <DashboardPage ctx={report} report={null} />
        ),
      );
    },
  );

  // CSV downloads: service managers only; streamed a page at a time.
  for (const table of EXPORT_TABLES) {
    app.get(
      `/admin/reports/export/${table}.csv`,
      {
        config: { access: ROLE_GROUPS.managers },
        schema: { querystring: queryOf({ ...FILTER_QUERY, figure: singleQuery.optional() }) },
      },
      async (request, reply) => {
        const parsed = parseReportFilter(request.query, ctx.clock.now());
        const figure = parseFigure(request.query.figure ?? 'ended');
        if (parsed.errors.length > 0 || !figure) return renderNotFound(request, reply);
        const csv = await exportCsv(useCase(request), ctx.database, {
          table,
          filter: parsed.filter,
          figure,
        });
        if (!csv) return renderNotFound(request, reply);
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${csv.filename}"`)
          .type('text/csv; charset=utf-8')
          .send(Readable.from(csvLines(csv.header, csv.pages)));
      },
    );
  }
}
