import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiFailure, call } from '../api/client.js';
import { Checklist } from '../ui/checklist.js';
import { useFormat } from '../ui/format.js';
import { markRefusedFields, readSchemaForm, SchemaFields, type JsonSchema } from '../ui/schema-form.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

/** The declaration wizard: the case's data first, then its documents against the live checklist. */
export function DeclarePage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const types = useLoad(() => call(api.GET('/api/case-types')), []);
  const [typeId, setTypeId] = useState<string>();
  const [caseId, setCaseId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per wizard: a double click or a retry after a lost answer never declares twice.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const type = types.data?.find((c) => c.id === (typeId ?? types.data?.[0]?.id));
  const schema = type ? inTheirLanguage(type.dataSchema as JsonSchema, i18n.resolvedLanguage) : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!type || !schema) return;
    setBusy(true);
    setError(undefined);
    const form = event.currentTarget;
    try {
      const data = readSchemaForm(form, schema);
      const created = await call(api.POST('/api/cases', { body: { type: type.id, data }, params: { header: { 'idempotency-key': idempotencyKey } } }));
      setCaseId(created.caseId);
    } catch (failure) {
      markRefusedFields(form, failure instanceof ApiFailure ? (failure.detail?.fields ?? []) : [], 'declare-error');
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack narrow">
      <h1>{t('declare.title')}</h1>
      <ol className="steps" aria-label={t('declare.steps')}>
        <li aria-current={caseId ? undefined : 'step'}>{t('declare.stepData')}</li>
        <li aria-current={caseId ? 'step' : undefined}>{t('declare.stepDocuments')}</li>
      </ol>
      {types.loading && !types.data ? <Loading /> : null}
      <ErrorMessage error={types.error} onRetry={types.reload} />
      {type && schema && !caseId ? (
        <form className="stack card" onSubmit={(e) => void submit(e)} noValidate={false}>
          {types.data && types.data.length > 1 ? (
            <label>
              {t('declare.type')}
              <select value={type.id} onChange={(e) => setTypeId(e.target.value)}>
                {types.data.map((c) => (
                  <option key={c.id} value={c.id}>
                    {format.localised(c.name, c.id)}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="lead">{format.localised(type.name, type.id)}</p>
          )}
          <SchemaFields key={`${type.id}-${i18n.resolvedLanguage}`} schema={schema} />
          <ErrorMessage error={error} takeFocus id="declare-error" />
          <button type="submit" disabled={busy}>
            {t('declare.next')}
          </button>
        </form>
      ) : null}
      {caseId ? <DocumentsStep caseId={caseId} /> : null}
    </section>
  );
}

function DocumentsStep({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const registered = useRef<HTMLParagraphElement>(null);
  // The form the focus was in is gone: the focus goes to the news that replaced it, read aloud.
  useEffect(() => registered.current?.focus(), []);
  // Polled: each upload is checked on arrival (type, size, checksum), then the checklist moves.
  const view = useLoad(() => call(api.GET('/api/cases/{caseId}', { params: { path: { caseId } } })), [caseId], 2000);
  return (
    <div className="stack card">
      <p role="status" className="alert alert-success" ref={registered} tabIndex={-1}>
        {t('declare.created', { caseId })}
      </p>
      <h2>{t('declare.stepDocuments')}</h2>
      <p className="muted">{t('declare.documentsHelp')}</p>
      <ErrorMessage error={view.error} onRetry={view.reload} />
      {view.data ? <Checklist view={view.data} canUpload onChange={view.reload} /> : <Loading />}
      <Link className="button" to={`/cases/${caseId}`}>
        {t('declare.finish')}
      </Link>
    </div>
  );
}

/**
 * Our letters are first offered in the language the claimant is using the portal in (the case
 * type's own default is for those who declare through the API); they may still choose another.
 */
function inTheirLanguage(schema: JsonSchema, language: string | undefined): JsonSchema {
  const field = schema.properties?.preferredLanguage;
  if (!field?.enum || !language || !field.enum.includes(language)) return schema;
  return { ...schema, properties: { ...schema.properties, preferredLanguage: { ...field, default: language } } };
}
