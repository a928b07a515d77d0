import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { parseFolderName, parseNote } from '../../domain/notebook';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, optionalUuidQuery, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import {
  createFolder,
  createNote,
  deleteFolder,
  deleteNote,
  moveNote,
  notebookPdf,
  openNotebook,
  openOwnFolder,
  openOwnNote,
  ownFolders,
  ownNotebook,
  readOwnNote,
  renameFolder,
  shareNote,
  updateNote,
} from './notebook.service';
import {
  DeleteFolderPage,
  DeleteNotePage,
  FolderFormPage,
  MoveNotePage,
  NO_FOLDER,
  NoteFormPage,
  NotebookPage,
  NotePage,
  PrintNotebookPage,
} from './views/NotebookPages';
import { messageFor } from '../../ui/notices';

/** What the notebook says after a change (`?done=`), so a reload does not repeat the change. */
const DONE = {
  'note-deleted': 'Your note has been deleted.',
  'folder-made': 'Your folder has been made.',
  'folder-renamed': 'Your folder has been renamed.',
  'folder-deleted': 'Your folder has been deleted.',
  saved: 'Your note has been saved.',
  moved: 'Your note has been moved.',
  shared: 'Your note is now shared with your therapist.',
  unshared: 'Your note is private again. Only you can read it.',
} as const;
const doneMessage = (v: string | undefined) => messageFor(DONE, v);

const backToNotebook = <BackLink href="/notebook">Back to your notebook</BackLink>;

/** The patient's notebook (issue 11): their own notes in folders, and what their therapy shares. */
export function registerNotebookRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const patients = ROLE_GROUPS.patients;
  // Routes naming a note or folder also let staff through the first gate, so that the policy
  // answers them as it answers another patient: 404, audited (a private note is no one's else).
  const owners = [...ROLE_GROUPS.patients, ...ROLE_GROUPS.staff];
  const noteParams = z.object({ noteId: uuidParam });
  const folderParams = z.object({ folderId: uuidParam });

  app.get(
    '/notebook',
    {
      config: { access: patients },
      schema: {
        querystring: z.object({ q: singleQuery.optional(), done: singleQuery.optional() }),
      },
    },
    async (request, reply) => {
      const view = await openNotebook(useCase(request), { query: request.query.q ?? '' });
      if (!view) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: view.terms.length > 0 ? `Search results: your notebook` : 'Your notebook',
          backLink: <BackLink href="/home">Back to home</BackLink>,
        },
        <NotebookPage view={view} flash={doneMessage(request.query.done)} />,
      );
    },
  );

  app.get('/notebook/print', { config: { access: patients } }, async (request, reply) => {
    const view = await openNotebook(useCase(request), { print: true });
    if (!view) return renderNotFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: 'Your notebook, to print', backLink: backToNotebook },
      <PrintNotebookPage view={view} printedOn={ctx.clock.now()} />,
    );
  });

  app.get('/notebook/pdf', { config: { access: patients } }, async (request, reply) => {
    const file = await notebookPdf(useCase(request));
    if (!file) return renderNotFound(request, reply);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.pdf);
  });

  // ---- Notes ----

  const noteBody = () =>
    formBody({
      title: formText().default(''),
      body: formText().default(''),
      folder: formText(100).default(''),
    });

  formRoute(fastify, ctx, {
    url: '/notebook/notes/new',
    access: patients,
    body: noteBody(),
    query: z.object({ folder: optionalUuidQuery }),
    load: (request) => ownFolders(useCase(request)),
    initial: (folders, query) => ({
      title: '',
      body: '',
      folder: folders.find((f) => f.id === query.folder)?.id ?? NO_FOLDER,
    }),
    parse: (body) => {
      const note = parseNote(body);
      return {
        values: body,
        result: note.ok ? { ok: true, value: { note: note.value, folder: body.folder } } : note,
      };
    },
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Write a new note',
      backLink: backToNotebook,
      body: (
        <NoteFormPage
          csrfToken={csrfToken}
          values={values}
          errors={errors}
          folders={data}
          editing={false}
        />
      ),
    }),
    change: async (request, _folders, input) => {
      const saved = await createNote(useCase(request), input);
      if (!saved) return null;
      if (!saved.ok) return { errors: saved.errors };
      return { redirect: `/notebook/notes/${saved.note.id}?done=saved` };
    },
  });

  app.get(
    '/notebook/notes/:noteId',
    {
      config: { access: owners },
      schema: { params: noteParams, querystring: z.object({ done: singleQuery.optional() }) },
    },
    async (request, reply) => {
      const found = await readOwnNote(useCase(request), request.params.noteId);
      if (!found) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: found.note.title, backLink: backToNotebook },
        <NotePage
          found={found}
          csrfToken={reply.generateCsrf()}
          flash={doneMessage(request.query.done)}
        />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/notebook/notes/:noteId/edit',
    access: owners,
    params: noteParams,
    body: noteBody(),
    load: (request, { noteId }) => openOwnNote(useCase(request), noteId, 'notebook.note_update'),
    initial: ({ note }) => ({ title: note.title, body: note.body, folder: '' }),
    parse: (body) => ({ values: body, result: parseNote(body) }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Change your note',
      backLink: <BackLink href={`/notebook/notes/${data.note.id}`}>Back to your note</BackLink>,
      body: (
        <NoteFormPage
          csrfToken={csrfToken}
          values={values}
          errors={errors}
          folders={data.folders}
          editing
        />
      ),
    }),
    change: async (request, { note }, input) => {
      const saved = await updateNote(useCase(request), { noteId: note.id, note: input });
      return saved ? { redirect: `/notebook/notes/${note.id}?done=saved` } : null;
    },
  });

  formRoute(fastify, ctx, {
    url: '/notebook/notes/:noteId/move',
    access: owners,
    params: noteParams,
    body: formBody({ folder: formText(100).default('') }),
    load: (request, { noteId }) => openOwnNote(useCase(request), noteId, 'notebook.note_update'),
    initial: ({ note }) => ({ folder: note.folderId ?? NO_FOLDER }),
    parse: (body) => ({
      values: body,
      result:
        body.folder === ''
          ? {
              ok: false,
              errors: [
                {
                  field: 'folder',
                  href: 'folder-1',
                  message: 'Select the folder to move your note to',
                },
              ],
            }
          : { ok: true, value: body.folder },
    }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Move your note',
      backLink: <BackLink href={`/notebook/notes/${data.note.id}`}>Back to your note</BackLink>,
      body: (
        <MoveNotePage
          csrfToken={csrfToken}
          note={data.note}
          folders={data.folders}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, { note }, folder) => {
      const moved = await moveNote(useCase(request), { noteId: note.id, folder });
      if (!moved) return null;
      if (!moved.ok) return { errors: moved.errors };
      return { redirect: `/notebook/notes/${note.id}?done=moved` };
    },
  });

  app.post(
    '/notebook/notes/:noteId/share',
    {
      config: { access: owners },
      schema: { params: noteParams, body: formBody({ share: formText(10).default('') }) },
    },
    async (request, reply) => {
      const share = request.body.share === 'yes';
      const done = await shareNote(useCase(request), { noteId: request.params.noteId, share });
      if (!done) return renderNotFound(request, reply);
      return reply.redirect(
        `/notebook/notes/${request.params.noteId}?done=${share ? 'shared' : 'unshared'}`,
        303,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/notebook/notes/:noteId/delete',
    access: owners,
    params: noteParams,
    load: (request, { noteId }) => openOwnNote(useCase(request), noteId, 'notebook.note_update'),
    initial: () => ({}),
    parse: () => ({ values: {}, result: { ok: true, value: null } }),
    view: ({ data, csrfToken }) => ({
      title: 'Delete your note',
      backLink: <BackLink href={`/notebook/notes/${data.note.id}`}>Back to your note</BackLink>,
      body: <DeleteNotePage csrfToken={csrfToken} note={data.note} />,
    }),
    change: async (request, { note }) => {
      const deleted = await deleteNote(useCase(request), note.id);
      return deleted ? { redirect: '/notebook?done=note-deleted' } : null;
    },
  });

  // ---- Folders ----

  const folderBody = () => formBody({ name: formText().default('') });

  formRoute(fastify, ctx, {
    url: '/notebook/folders/new',
    access: patients,
    body: folderBody(),
    load: (request) => ownNotebook(useCase(request)),
    initial: () => ({ name: '' }),
    parse: (body) => ({ values: body, result: parseFolderName(body) }),
    view: ({ values, errors, csrfToken }) => ({
      title: 'Make a new folder',
      backLink: backToNotebook,
      body: <FolderFormPage csrfToken={csrfToken} values={values} errors={errors} />,
    }),
    change: async (request, _patient, input) => {
      const made = await createFolder(useCase(request), input);
      if (!made) return null;
      if (!made.ok) return { errors: made.errors };
      return { redirect: '/notebook?done=folder-made' };
    },
  });

  formRoute(fastify, ctx, {
    url: '/notebook/folders/:folderId/rename',
    access: owners,
    params: folderParams,
    body: folderBody(),
    load: (request, { folderId }) =>
      openOwnFolder(useCase(request), folderId, 'notebook.folder_rename'),
    initial: ({ folder }) => ({ name: folder.name }),
    parse: (body) => ({ values: body, result: parseFolderName(body) }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Rename your folder',
      backLink: backToNotebook,
      body: (
        <FolderFormPage
          csrfToken={csrfToken}
          values={values}
          errors={errors}
          renaming={data.folder.name}
        />
      ),
    }),
    change: async (request, { folder }, input) => {
      const renamed = await renameFolder(useCase(request), {
        folderId: folder.id,
        name: input.name,
      });
      if (!renamed) return null;
      if (!renamed.ok) return { errors: renamed.errors };
      return { redirect: '/notebook?done=folder-renamed' };
    },
  });

  formRoute(fastify, ctx, {
    url: '/notebook/folders/:folderId/delete',
    access: owners,
    params: folderParams,
    load: (request, { folderId }) =>
      openOwnFolder(useCase(request), folderId, 'notebook.folder_delete'),
    initial: () => ({}),
    parse: () => ({ values: {}, result: { ok: true, value: null } }),
    view: ({ data, errors, csrfToken }) => ({
      title: 'Delete your folder',
      backLink: backToNotebook,
      body: (
        <DeleteFolderPage
          csrfToken={csrfToken}
          name={data.folder.name}
          notes={data.notes}
          errors={errors}
        />
      ),
    }),
    change: async (request, { folder }) => {
      const deleted = await deleteFolder(useCase(request), folder.id);
      if (!deleted) return null;
      if (!deleted.ok) return { errors: deleted.errors };
      return { redirect: '/notebook?done=folder-deleted' };
    },
  });
}
