import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiFailure, call } from '../api/client.js';
import type { DecisionTable, Simulation } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

/**
 * A decision table edited as a table: rules are rows, FEEL cells are inputs. The API checks the
 * whole table (FEEL syntax, types, overlaps) on save and names the rule and column at fault, which
 * the cell then shows. Simulate replays the edited table over past decisions before publishing.
 */
export function RulePage() {
  const { ruleId = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const rule = useLoad(() => call(api.GET('/api/rules/{ruleId}', { params: { path: { ruleId } } })), [ruleId]);
  const [table, setTable] = useState<DecisionTable>();
  const [revision, setRevision] = useState(0);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [simulation, setSimulation] = useState<Simulation>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!rule.data || table) return;
    const draft = rule.data.draft as { revision: number; table: DecisionTable } | null | undefined;
    setTable(structuredClone(draft?.table ?? (rule.data.shown.table as DecisionTable)));
    setRevision(draft?.revision ?? 0);
    setSaved(Boolean(draft));
  }, [rule.data, table]);

  if (!rule.data || !table) return rule.error ? <ErrorMessage error={rule.error} onRetry={rule.reload} /> : <Loading />;
  const editable = user?.role === 'ops' || user?.role === 'supervisor';
  const faults = error instanceof ApiFailure ? (error.detail?.fields ?? []) : [];
  // The server names the column by its label (its id when it has none).
  const faultOf = (ruleIdOfRow: string, column: { id: string; label?: string } | undefined) =>
    faults.find((f) => f.field === `table / rule ${ruleIdOfRow} / column ${column?.label ?? column?.id}`)?.message;

  const edit = (row: number, side: 'inputEntries' | 'outputEntries', column: number, value: string) => {
    setSaved(false);
    setTable((current) => {
      const next = structuredClone(current!);
      next.rules[row]![side][column] = value;
      return next;
    });
  };
  const addRule = () => {
    setSaved(false);
    setTable((current) => {
      const next = structuredClone(current!);
      const ids = new Set(next.rules.map((r) => r.id));
      let n = next.rules.length + 1;
      while (ids.has(`rule-${n}`)) n++;
      next.rules.push({ id: `rule-${n}`, inputEntries: next.inputs.map(() => '-'), outputEntries: next.outputs.map(() => '') });
      return next;
    });
  };
  const removeRule = (row: number) => {
    setSaved(false);
    setTable((current) => ({ ...current!, rules: current!.rules.filter((_, i) => i !== row) }));
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const draft = await call(api.PUT('/api/rules/{ruleId}', { params: { path: { ruleId } }, body: { table, revision } }));
      setRevision(draft.revision);
      setSaved(true);
      setNotice(t('rules.saved', { revision: draft.revision }));
    });
  const simulate = () =>
    run(async () => {
      setSimulation(await call(api.POST('/api/rules/{ruleId}/simulate', { params: { path: { ruleId } }, body: { table } })));
    });
  const publish = () =>
    run(async () => {
      const published = (await call(api.POST('/api/rules/{ruleId}/publish', { params: { path: { ruleId } }, body: { revision } }))) as { version?: number };
      setNotice(t('rules.published', { version: published.version ?? '' }));
      setSaved(false);
      setRevision(0);
      rule.reload();
    });

  return (
    <section className="stack">
      <h1>{rule.data.name}</h1>
      <p className="muted">
        {t('rules.hitPolicy')}: {table.hitPolicy} · {t('rules.inForce')}: v{rule.data.versionInForce ?? '—'} · {t('rules.draftRevision', { revision })}
      </p>
      <div className="table-scroll">
        <table className="data rule-table">
          <caption>{t('rules.rows', { count: table.rules.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rules.rule')}</th>
              {table.inputs.map((input) => (
                <th scope="col" key={input.id} className="input-col">
                  {input.label ?? input.id} <span className="muted small">({input.typeRef})</span>
                </th>
              ))}
              {table.outputs.map((output) => (
                <th scope="col" key={output.id} className="output-col">
                  → {output.label ?? output.name}
                </th>
              ))}
              {editable ? <th scope="col">{t('rules.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {table.rules.map((r, row) => (
              <tr key={row}>
                <th scope="row" className="mono small">
                  {r.id}
                </th>
                {r.inputEntries.map((cell, column) => (
                  <Cell key={`i${column}`} value={cell} label={`${r.id} · ${table.inputs[column]?.label ?? table.inputs[column]?.id}`} fault={faultOf(r.id, table.inputs[column])} readOnly={!editable} onChange={(v) => edit(row, 'inputEntries', column, v)} />
                ))}
                {r.outputEntries.map((cell, column) => (
                  <Cell key={`o${column}`} value={cell} label={`${r.id} → ${table.outputs[column]?.label ?? table.outputs[column]?.name}`} fault={faultOf(r.id, table.outputs[column])} readOnly={!editable} onChange={(v) => edit(row, 'outputEntries', column, v)} />
                ))}
                {editable ? (
                  <td>
                    <button type="button" className="button-secondary" onClick={() => removeRule(row)} aria-label={t('rules.removeNamed', { id: r.id })}>
                      {t('rules.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editable ? (
        <div className="row">
          <button type="button" className="button-secondary" onClick={addRule}>
            {t('rules.add')}
          </button>
          <button type="button" disabled={busy} onClick={() => void save()}>
            {t('rules.save')}
          </button>
          <button type="button" disabled={busy} className="button-secondary" onClick={() => void simulate()}>
            {t('rules.simulate')}
          </button>
          <button type="button" disabled={busy || !saved} onClick={() => void publish()}>
            {t('rules.publish')}
          </button>
        </div>
      ) : null}
      {notice ? (
        <p role="status" className="alert alert-success">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      {simulation ? (
        <section aria-labelledby="simulation-title" className="card stack">
          <h2 id="simulation-title">{t('rules.impact')}</h2>
          <p role="status">{t('rules.impactSummary', { evaluated: format.number(simulation.evaluated), changed: format.number(simulation.changedCount), failed: format.number(simulation.failedCount) })}</p>
          <Impact impact={simulation.impact} />
          {simulation.changed.length ? (
            <table className="data">
              <caption>{t('rules.changedCases')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.case')}</th>
                  <th scope="col">{t('rules.before')}</th>
                  <th scope="col">{t('rules.after')}</th>
                </tr>
              </thead>
              <tbody>
                {simulation.changed.map((c) => (
                  <tr key={c.caseId}>
                    <td className="mono small">{c.caseId}</td>
                    <td className="mono small">{JSON.stringify(c.before)}</td>
                    <td className="mono small">{JSON.stringify(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

function Cell({ value, label, fault, readOnly, onChange }: { value: string; label: string; fault?: string; readOnly: boolean; onChange: (v: string) => void }) {
  return (
    <td className={fault ? 'cell-fault' : ''}>
      <input className="mono" value={value} aria-label={label} aria-invalid={fault ? true : undefined} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} />
      {fault ? <span className="fault small">{fault}</span> : null}
    </td>
  );
}

/** The impact's counters: transitions (before → after) and lists of items added or removed. */
function Impact({ impact }: { impact: Record<string, unknown> }) {
  const { t } = useTranslation();
  const groups = Object.entries(impact).filter(([, v]) => v && typeof v === 'object' && Object.keys(v).length);
  if (!groups.length) return null;
  return (
    <dl className="facts">
      {groups.map(([name, counts]) => (
        <div key={name}>
          <dt>{t(`impact.${name}`, name)}</dt>
          <dd>
            <ul className="plain">
              {Object.entries(counts as Record<string, unknown>).map(([what, n]) => (
                <li key={what}>
                  {what}: <strong>{String(n)}</strong>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}
