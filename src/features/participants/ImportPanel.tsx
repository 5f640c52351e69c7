import { useState } from 'preact/hooks';
import { registerParticipants } from '../../db/participants.ts';
import { database } from '../../db/schema.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';
import { previewImport, type FileProblem, type ImportPreview } from './import-rows.ts';
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
  | { step: 'done'; count: number };

/** Import of a registration file: read, preview every row with its errors, then write all or nothing. */
export function ImportPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const db = database();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    try {
      const text = await readUtf8(file);
      const known = await db.participants.where('eventId').equals(eventId).toArray();
      const emails = new Set(known.filter((p) => !p.erased && p.email).map((p) => p.email!.toLowerCase()));
      const preview = previewImport(parseCsv(text), emails);
      setState(preview.fileProblem ? { step: 'problem', text: t(FILE_PROBLEMS[preview.fileProblem]) } : { step: 'preview', preview });
    } catch (error) {
      const text = error instanceof NotUtf8Error ? t('participants.import.notUtf8') : String(error);
      setState({ step: 'problem', text });
    }
  };

  const confirm = async (preview: ImportPreview) => {
    setBusy(true);
    try {
      const ids = await registerParticipants(db, preview.participants.map(({ line: _line, ...fields }) => fields));
      setState({ step: 'done', count: ids.length });
    } catch (error) {
      setState({ step: 'problem', text: t('participants.import.failed', { reason: error instanceof Error ? error.message : String(error) }) });
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
          {t('participants.import.done', { count: state.count })}
        </p>
      ) : null}
      {state.step === 'preview' ? <Preview preview={state.preview} busy={busy} onConfirm={confirm} onCancel={() => setState({ step: 'idle' })} /> : null}
    </section>
  );
}

function Preview({ preview, busy, onConfirm, onCancel }: { preview: ImportPreview; busy: boolean; onConfirm(p: ImportPreview): void; onCancel(): void }) {
  const { t } = useI18n();
  const ok = preview.errors.length === 0;
  return (
    <div class="import__preview" data-testid="import-preview">
      <p>{t('participants.import.columns', { columns: Object.values(preview.columns).join(', ') })}</p>
      {preview.ignored.length > 0 ? <p class="muted">{t('participants.import.ignored', { columns: preview.ignored.join(', ') })}</p> : null}
      {ok ? (
        <p class="outcome outcome--green">{t('participants.import.ready', { count: preview.participants.length })}</p>
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
            </tr>
          </thead>
          <tbody>
            {preview.participants.slice(0, 50).map((p) => (
              <tr key={p.line}>
                <td>{p.line}</td>
                <td>{p.name}</td>
                <td>{p.organisation}</td>
                <td>{t(`participants.profile.${p.profile}`)}</td>
                <td>{p.email ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="stack">
        {ok ? (
          <button type="button" class="button button--primary" disabled={busy} onClick={() => onConfirm(preview)}>
            {t('participants.import.confirm', { count: preview.participants.length })}
          </button>
        ) : null}
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('participants.import.cancel')}
        </button>
      </div>
    </div>
  );
}
