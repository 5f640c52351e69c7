import { useState } from 'preact/hooks';
import { importParticipants } from '../../db/participants.ts';
import { readParticipantsOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import { importStatus, previewImport, type FileProblem, type ImportedParticipant, type ImportField, type ImportPreview } from './import-rows.ts';
import { parseCsv } from './parse-csv.ts';
import { describeRowError } from './row-error-text.ts';
import { NotUtf8Error, readUtf8 } from './read-text-file.ts';

const FILE_PROBLEMS: Record<FileProblem, MessageKey> = {
  empty: 'participants.import.empty',
  'no-name-column': 'participants.import.noName',
  'no-rows': 'participants.import.noRows',
};

type State =
  | { step: 'idle' }
  | { step: 'problem'; text: string }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'done'; added: number; updated: number };

/** Import of a registration file: read, preview every row with its errors, then write all or nothing. */
export function ImportPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const [state, setState] = useState<State>({ step: 'idle' });
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      const text = await readUtf8(file);
      const known = (await readParticipantsOf(db, eventId)).filter((person) => !person.erased);
      const preview = previewImport(parseCsv(text), known);
      setState(preview.fileProblem ? { step: 'problem', text: t(FILE_PROBLEMS[preview.fileProblem]) } : { step: 'preview', preview });
    } catch (error) {
      const text = error instanceof NotUtf8Error ? t('participants.import.notUtf8') : String(error);
      setState({ step: 'problem', text });
    }
  };

  const confirm = async (preview: ImportPreview) => {
    setBusy(true);
    try {
      const fields = ({ line: _line, existing: _existing, ...rest }: ImportedParticipant) => rest;
      const changes = (row: ImportedParticipant) => Object.fromEntries(row.existing!.changed.map((field) => [field, row[field]]));
      const result = await importParticipants(db, {
        add: preview.participants.filter((row) => importStatus(row) === 'new').map(fields),
        update: preview.participants.filter((row) => importStatus(row) === 'update').map((row) => ({ id: row.existing!.id, fields: changes(row) })),
      });
      setState({ step: 'done', ...result });
    } catch (error) {
      setState({ step: 'problem', text: t('participants.import.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="import" aria-labelledby="import-title">
      <h2 id="import-title">{t('participants.import')}</h2>
      <label for="import-file">{t('participants.import.file')}</label>
      <input
        id="import-file"
        class="field"
        type="file"
        accept=".csv,text/csv"
        aria-describedby="import-help"
        onChange={(e) => {
          void choose(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      <p id="import-help" class="muted">
        {t('participants.import.help')}
      </p>
      {state.step === 'problem' ? (
        <p class="outcome outcome--red" role="alert">
          {state.text}
        </p>
      ) : null}
      {state.step === 'done' ? (
        <p class="outcome outcome--green" role="status">
          {t('participants.import.done', { added: state.added, updated: state.updated })}
        </p>
      ) : null}
      {state.step === 'preview' ? <Preview preview={state.preview} busy={busy} onConfirm={confirm} onCancel={() => setState({ step: 'idle' })} /> : null}
    </section>
  );
}

function Preview({ preview, busy, onConfirm, onCancel }: { preview: ImportPreview; busy: boolean; onConfirm(p: ImportPreview): void; onCancel(): void }) {
  const { t } = useI18n();
  const ok = preview.errors.length === 0;
  const counts = { new: 0, update: 0, unchanged: 0 };
  for (const row of preview.participants) counts[importStatus(row)] += 1;
  const toWrite = counts.new + counts.update;
  // New people and updates first: the rows that will change something.
  const shown = [...preview.participants].sort((a, b) => Number(importStatus(a) === 'unchanged') - Number(importStatus(b) === 'unchanged'));
  return (
    <div class="import__preview" data-testid="import-preview">
      <p>{t('participants.import.columns', { columns: Object.values(preview.columns).join(', ') })}</p>
      {preview.ignored.length > 0 ? <p class="muted">{t('participants.import.ignored', { columns: preview.ignored.join(', ') })}</p> : null}
      {ok ? (
        <p class="outcome outcome--green" data-testid="import-summary">
          {t('participants.import.summary', { added: counts.new, updated: counts.update, unchanged: counts.unchanged })}
        </p>
      ) : (
        <div role="alert">
          <p class="outcome outcome--red">{t('participants.import.errors', { count: new Set(preview.errors.map((e) => e.line)).size })}</p>
          <ul class="import__errors">
            {preview.errors.map((error, index) => (
              <li key={index}>{describeRowError(t, error)}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.participants.length === 0 ? null : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('participants.name')}</th>
              <th scope="col">{t('participants.organisation')}</th>
              <th scope="col">{t('participants.profile')}</th>
              <th scope="col">{t('participants.email')}</th>
              <th scope="col">{t('participants.import.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 50).map((p) => (
              <tr key={p.line}>
                <td>{p.line}</td>
                <td>{p.name}</td>
                <td>{p.organisation}</td>
                <td>{t(`participants.profile.${p.profile}`)}</td>
                <td>{p.email ?? ''}</td>
                <td>{statusText(p, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="stack">
        {ok && toWrite > 0 ? (
          <button type="button" class="button button--primary" disabled={busy} onClick={() => onConfirm(preview)}>
            {counts.update === 0
              ? t('participants.import.confirm', { count: counts.new })
              : t('participants.import.confirmUpdates', { added: counts.new, updated: counts.update })}
          </button>
        ) : null}
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('participants.import.cancel')}
        </button>
      </div>
    </div>
  );
}

const FIELD_WORDS: Record<ImportField, MessageKey> = {
  name: 'participants.name',
  organisation: 'participants.organisation',
  profile: 'participants.profile',
  email: 'participants.email',
  consent: 'participants.import.consentField',
};

/** "nouveau", "inchangé" or "mis à jour : structure, e-mail". */
function statusText(row: ImportedParticipant, t: ReturnType<typeof useI18n>['t']): string {
  const status = importStatus(row);
  if (status !== 'update') return t(`participants.import.status.${status}`);
  return t('participants.import.status.update', { fields: row.existing!.changed.map((field) => t(FIELD_WORDS[field]).toLowerCase()).join(', ') });
}
