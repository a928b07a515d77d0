import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReactNode } from 'react';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { Clock } from './clock';
import type { Notifier } from './notifier';
import type { OutboxWorker } from './outbox';
import type { SocketRegistry } from './realtime/registry';
import type { PageOptions } from '../ui/render';

/** What every feature is given when app.ts registers it. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** Renders a typed view inside the NHS layout. */
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: PageOptions,
    body: ReactNode,
  ): FastifyReply;
  cookieSettings: { secure: boolean };
  outbox: OutboxWorker;
  /** Open WebSockets by session: sign-out closes them (`closeSessionSockets`). */
  sockets: SocketRegistry;
}
