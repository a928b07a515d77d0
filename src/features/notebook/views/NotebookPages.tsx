import { Button, InsetText, Tag } from 'nhsuk-react-components';
import { formatLondonDate } from '../../../domain/calendar';
import { FOLDER_NAME_MAX, NOTE_TITLE_MAX, type Group } from '../../../domain/notebook';
import { RadiosField, TextareaField, TextField, type Choice } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { NotebookItem } from '../notebook.items';
import type { FolderRow, NoteRow, NotebookView, OwnNote, SharedNote } from '../notebook.service';

/** The notebook's own stylesheet: a tidy printout (no header, menus or buttons). */
export const NotebookStyles = () => <link rel="stylesheet" href="/static/notebook.css" />;

/** Text as the person wrote it: paragraphs, with their line breaks kept. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p key={i} className="notebook-text">
            {p}
          </p>
        ))}
    </>
  );
}

const SharedTag = () => <Tag modifier="blue">Shared with your therapist</Tag>;

function NoteList({ notes }: { notes: readonly NoteRow[] }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {notes.map((n) => (
        <li key={n.id}>
          <a href={`/notebook/notes/${n.id}`}>{n.title}</a>{' '}
          <span className="nhsuk-body-s nhsuk-u-secondary-text-color">
            last changed {formatLondonDate(n.updatedAt)}
          </span>{' '}
          {n.sharedAt ? <SharedTag /> : null}
        </li>
      ))}
    </ul>
  );
}

function SearchForm({ query }: { query: string }) {
  return (
    <form method="get" action="/notebook" role="search" className="notebook-no-print">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="q">
          Search your notebook
        </label>
        <div className="nhsuk-hint" id="q-hint">
          For example, a name or a word you remember
        </div>
        <input
          className="nhsuk-input nhsuk-u-width-two-thirds"
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          aria-describedby="q-hint"
          maxLength={200}
        />
      </div>
      <Button type="submit" secondary>
        Search
      </Button>
    </form>
  );
}

function SharedGroups({
  groups,
  open,
  level,
}: {
  groups: readonly Group<NotebookItem>[];
  open: boolean;
  level: 'h2' | 'h3';
}) {
  const H = level;
  return (
    <>
      {groups.map((g) => (
        <section key={g.kind} aria-labelledby={`shared-${g.kind}`}>
          <H className="nhsuk-heading-s" id={`shared-${g.kind}`}>
            {g.heading}
          </H>
          {g.items.map((item, i) =>
            open ? (
              <div key={`${item.href}-${i}`} className="notebook-item">
                <p className="nhsuk-u-margin-bottom-1">
                  <strong>{item.title}</strong>{' '}
                  <span className="nhsuk-body-s">({formatLondonDate(item.date)})</span>
                </p>
                {item.text ? <Paragraphs text={item.text} /> : null}
              </div>
            ) : (
              <details key={`${item.href}-${i}`} className="nhsuk-details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">
                    {item.title}, {formatLondonDate(item.date)}
                  </span>
                </summary>
                <div className="nhsuk-details__text">
                  {item.text ? <Paragraphs text={item.text} /> : null}
                  <p>
                    <a href={item.href}>Open {item.title}</a>
                  </p>
                </div>
              </details>
            ),
          )}
        </section>
      ))}
    </>
  );
}

/** Notes grouped into the patient's folders (in name order), then those in no folder. */
function byFolder(folders: readonly FolderRow[], notes: readonly NoteRow[]) {
  return [
    ...folders.map((f) => ({ folder: f, notes: notes.filter((n) => n.folderId === f.id) })),
    { folder: null, notes: notes.filter((n) => n.folderId === null) },
  ];
}

/** The patient's notebook: search, their folders and notes, and what their therapy shares. */
export function NotebookPage({ view, flash }: { view: NotebookView; flash?: string | undefined }) {
  const searching = view.terms.length > 0;
  const found = view.notes.length + view.shared.reduce((n, g) => n + g.items.length, 0);
  return (
    <>
      <NotebookStyles />
      {flash ? (
        <InsetText>
          <p>{flash}</p>
        </InsetText>
      ) : null}
      <h1>Your notebook</h1>
      <p>
        Keep your own notes here, next to what you and your therapist have written down together.
        Your notes are private: only you can read them, unless you choose to share one with your
        therapist.
      </p>
      <SearchForm query={view.query} />
      {searching ? (
        <p role="status">
          {found === 0
            ? `Nothing in your notebook matches “${view.query}”. Try fewer or different words.`
            : `${found} ${found === 1 ? 'thing matches' : 'things match'} “${view.query}”.`}{' '}
          <a href="/notebook">Show everything</a>
        </p>
      ) : null}
      <ul className="nhsuk-list notebook-no-print">
        <li>
          <a href="/notebook/notes/new">Write a new note</a>
        </li>
        <li>
          <a href="/notebook/folders/new">Make a new folder</a>
        </li>
        <li>
          <a href="/notebook/print">Print your notebook</a>
        </li>
        <li>
          <a href="/notebook/pdf" download>
            Download your notebook as a PDF
          </a>
        </li>
      </ul>

      <h2>Your notes</h2>
      {view.notes.length === 0 && !searching ? <p>You have not written any notes yet.</p> : null}
      {byFolder(view.folders, view.notes).map(({ folder, notes }) =>
        folder === null && notes.length === 0 ? null : searching && notes.length === 0 ? null : (
          <section
            key={folder?.id ?? 'none'}
            aria-labelledby={`folder-${folder?.id ?? 'none'}`}
            className="nhsuk-u-margin-bottom-5"
          >
            <h3 className="nhsuk-heading-s" id={`folder-${folder?.id ?? 'none'}`}>
              {folder ? `Folder: ${folder.name}` : 'Not in a folder'}
            </h3>
            {notes.length > 0 ? (
              <NoteList notes={notes} />
            ) : (
              <p className="nhsuk-body-s">This folder is empty.</p>
            )}
            {folder ? (
              <p className="nhsuk-body-s notebook-no-print">
                <a href={`/notebook/notes/new?folder=${folder.id}`}>
                  Write a note in {folder.name}
                </a>{' '}
                · <a href={`/notebook/folders/${folder.id}/rename`}>Rename {folder.name}</a>
                {notes.length === 0 ? (
                  <>
                    {' '}
                    · <a href={`/notebook/folders/${folder.id}/delete`}>Delete {folder.name}</a>
                  </>
                ) : null}
              </p>
            ) : null}
          </section>
        ),
      )}

      <h2>From your therapy</h2>
      {view.shared.length === 0 ? (
        <p>
          {searching
            ? 'Nothing your therapist shared matches your search.'
            : 'When your therapist shares session summaries, tasks, your aims or other things with you, they will appear here.'}
        </p>
      ) : (
        <SharedGroups groups={view.shared} open={false} level="h3" />
      )}
    </>
  );
}

/** Everything in the notebook, opened out, to print. */
export function PrintNotebookPage({ view, printedOn }: { view: NotebookView; printedOn: Date }) {
  return (
    <>
      <NotebookStyles />
      <h1>Your notebook</h1>
      <p>Printed from Rapport on {formatLondonDate(printedOn)}.</p>
      <p className="notebook-no-print">
        Use your browser’s print option to print this page. You can also{' '}
        <a href="/notebook/pdf" download>
          download your notebook as a PDF
        </a>
        .
      </p>
      <h2>Your notes</h2>
      {view.notes.length === 0 ? <p>You have not written any notes yet.</p> : null}
      {byFolder(view.folders, view.notes)
        .filter((g) => g.notes.length > 0)
        .map(({ folder, notes }) => (
          <section key={folder?.id ?? 'none'} aria-labelledby={`print-${folder?.id ?? 'none'}`}>
            <h3 id={`print-${folder?.id ?? 'none'}`}>
              {folder ? `Folder: ${folder.name}` : 'Not in a folder'}
            </h3>
            {notes.map((n) => (
              <div key={n.id} className="notebook-item">
                <h4 className="nhsuk-u-margin-bottom-1">{n.title}</h4>
                <p className="nhsuk-body-s">
                  Last changed {formatLondonDate(n.updatedAt)}
                  {n.sharedAt ? '. Shared with your therapist' : ''}
                </p>
                <Paragraphs text={n.body} />
              </div>
            ))}
          </section>
        ))}
      <h2>From your therapy</h2>
      {view.shared.length === 0 ? <p>Nothing has been shared with you yet.</p> : null}
      <SharedGroups groups={view.shared} open level="h3" />
    </>
  );
}

/** One of the patient's notes, with what they can do with it. */
export function NotePage({
  found,
  csrfToken,
  flash,
}: {
  found: OwnNote;
  csrfToken: string;
  flash?: string | undefined;
}) {
  const { note, folder } = found;
  return (
    <>
      <NotebookStyles />
      {flash ? (
        <InsetText>
          <p>{flash}</p>
        </InsetText>
      ) : null}
      <span className="nhsuk-caption-l">{folder ? `Folder: ${folder.name}` : 'Your notebook'}</span>
      <h1>{note.title}</h1>
      <p className="nhsuk-body-s">
        Written {formatLondonDate(note.createdAt)}, last changed {formatLondonDate(note.updatedAt)}
      </p>
      {note.body ? <Paragraphs text={note.body} /> : <p>This note has no text yet.</p>}
      <ul className="nhsuk-list notebook-no-print">
        <li>
          <a href={`/notebook/notes/${note.id}/edit`}>Change this note</a>
        </li>
        <li>
          <a href={`/notebook/notes/${note.id}/move`}>Move it to another folder</a>
        </li>
        <li>
          <a href={`/notebook/notes/${note.id}/delete`}>Delete this note</a>
        </li>
      </ul>
      <h2>Who can read it</h2>
      {note.sharedAt ? (
        <>
          <p>
            <SharedTag />
          </p>
          <p>
            You shared this note on {formatLondonDate(note.sharedAt)}. Your therapist can read it
            (and their clinical supervisor, if they have one), but cannot change it. You can stop
            sharing it at any time.
          </p>
          <form method="post" action={`/notebook/notes/${note.id}/share`} noValidate>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="share" value="no" />
            <Button type="submit" secondary>
              Stop sharing this note
            </Button>
          </form>
        </>
      ) : (
        <>
          <p>Only you can read this note.</p>
          <p>
            If you share it, your therapist can read it (and their clinical supervisor, if they have
            one). They cannot change it, and you can stop sharing it at any time. They may not read
            it straight away: if you need help now, use the urgent help links on this page.
          </p>
          <form method="post" action={`/notebook/notes/${note.id}/share`} noValidate>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="share" value="yes" />
            <Button type="submit" secondary>
              Share with my therapist
            </Button>
          </form>
        </>
      )}
    </>
  );
}

export interface NoteValues {
  title: string;
  body: string;
  folder: string;
}

export const NO_FOLDER = 'none';

function folderChoices(folders: readonly FolderRow[]): Choice[] {
  return [
    ...folders.map((f) => ({ value: f.id, label: f.name })),
    { value: NO_FOLDER, label: 'Not in a folder' },
  ];
}

/** Write a new note (with a folder to put it in) or change one (title and text). */
export function NoteFormPage({
  csrfToken,
  values,
  errors,
  folders,
  editing,
}: {
  csrfToken: string;
  values: NoteValues;
  errors?: FieldError[] | undefined;
  /** The patient's folders, when writing a new note. */
  folders: readonly FolderRow[];
  editing: boolean;
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>{editing ? 'Change your note' : 'Write a new note'}</h1>
      <p>Only you can read your notes, unless you choose to share one with your therapist.</p>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          form={form}
          name="title"
          label="Title"
          hint="A few words to help you find it again"
          maxLength={NOTE_TITLE_MAX}
        />
        <TextareaField form={form} name="body" label="Your note" rows={10} />
        {!editing && folders.length > 0 ? (
          <RadiosField
            form={form}
            name="folder"
            legend="Which folder should it go in?"
            choices={folderChoices(folders)}
          />
        ) : null}
        <Button type="submit">Save note</Button>
      </form>
    </>
  );
}

export function MoveNotePage({
  csrfToken,
  note,
  folders,
  values,
  errors,
}: {
  csrfToken: string;
  note: NoteRow;
  folders: readonly FolderRow[];
  values: { folder: string };
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">{note.title}</span>
      <h1>Move your note</h1>
      {folders.length === 0 ? (
        <p>
          You have no folders yet. <a href="/notebook/folders/new">Make a folder</a> first.
        </p>
      ) : null}
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <RadiosField
          form={form}
          name="folder"
          legend="Which folder should it go in?"
          choices={folderChoices(folders)}
        />
        <Button type="submit">Move note</Button>
      </form>
    </>
  );
}

export function DeleteNotePage({ csrfToken, note }: { csrfToken: string; note: NoteRow }) {
  return (
    <>
      <span className="nhsuk-caption-l">{note.title}</span>
      <h1>Are you sure you want to delete this note?</h1>
      <p>You cannot get it back once it is deleted.</p>
      {note.sharedAt ? <p>Your therapist will no longer be able to read it.</p> : null}
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <Button type="submit" warning>
          Delete note
        </Button>
      </form>
      <p>
        <a href={`/notebook/notes/${note.id}`}>No, keep it</a>
      </p>
    </>
  );
}

export function FolderFormPage({
  csrfToken,
  values,
  errors,
  renaming,
}: {
  csrfToken: string;
  values: { name: string };
  errors?: FieldError[] | undefined;
  /** The folder's current name, when renaming it. */
  renaming?: string;
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      {renaming ? <span className="nhsuk-caption-l">Folder: {renaming}</span> : null}
      <h1>{renaming ? 'Rename your folder' : 'Make a new folder'}</h1>
      <form method="post" noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          form={form}
          name="name"
          label="Folder name"
          hint="For example, Family, Work or Worksheets"
          maxLength={FOLDER_NAME_MAX}
        />
        <Button type="submit">{renaming ? 'Rename folder' : 'Make folder'}</Button>
      </form>
    </>
  );
}

export function DeleteFolderPage({
  csrfToken,
  name,
  notes,
  errors,
}: {
  csrfToken: string;
  name: string;
  notes: number;
  errors?: FieldError[] | undefined;
}) {
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">Folder: {name}</span>
      <h1>Delete this folder?</h1>
      {notes > 0 ? (
        <p id="confirm">
          This folder still has {notes} {notes === 1 ? 'note' : 'notes'} in it. Move them to another
          folder or delete them first, so nothing you wrote is lost.
        </p>
      ) : (
        <>
          <p id="confirm">The folder is empty, so nothing you wrote will be lost.</p>
          <form method="post" noValidate>
            <CsrfField token={csrfToken} />
            <Button type="submit" warning>
              Delete folder
            </Button>
          </form>
        </>
      )}
      <p>
        <a href="/notebook">Back to your notebook</a>
      </p>
    </>
  );
}

/** The notes a patient has shared, on their course page (their therapist reads, never changes). */
export function SharedNotesSection({ notes }: { notes: readonly SharedNote[] | null }) {
  if (notes === null) return null;
  return (
    <section aria-labelledby="shared-notes">
      <h2 id="shared-notes">Notes the patient has shared</h2>
      {notes.length === 0 ? (
        <p>
          The patient has not shared any notes from their notebook. Their notes are private unless
          they choose to share one.
        </p>
      ) : (
        notes.map((n) => (
          <details key={n.id} className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                {n.title}, shared {formatLondonDate(n.sharedAt)}
              </span>
            </summary>
            <div className="nhsuk-details__text">
              {n.body ? <Paragraphs text={n.body} /> : <p>This note has no text.</p>}
              <p className="nhsuk-body-s">Last changed {formatLondonDate(n.updatedAt)}</p>
            </div>
          </details>
        ))
      )}
    </section>
  );
}
