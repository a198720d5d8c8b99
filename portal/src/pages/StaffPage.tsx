import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure, call } from '../api/client.js';
import type { CaseTypes, SkillLanguage, StaffDetail, StaffEdit, StaffMember } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { LANGUAGES as PORTAL_LANGUAGES } from '../i18n/index.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

// The languages a profile may list: the API's enum of skills.languages, the portal's own languages.
const LANGUAGES: readonly SkillLanguage[] = PORTAL_LANGUAGES.map((l) => l.code);
/** What a profile holds, as the API names its fields (in its 400s and its change log). */
const FIELDS = ['skills.languages', 'skills.caseTypes', 'skills.regions', 'authorityLimit', 'capacity', 'absences'] as const;

/** The staff directory: what each person handles, may decide and may hold; supervisors edit it, ops read it. */
export function StaffPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const staff = useLoad(() => call(api.GET('/api/staff')), []);
  const caseTypes = useLoad(() => call(api.GET('/api/case-types')), []);
  const [chosen, setChosen] = useState<string>();
  const canEdit = user?.role === 'supervisor';
  const list = staff.data?.staff;
  return (
    <section className="stack">
      <h1>{t('staff.title')}</h1>
      <p className="muted">{canEdit ? t('staff.intro') : t('staff.readOnly')}</p>
      <ErrorMessage error={staff.error ?? caseTypes.error} onRetry={staff.reload} />
      {!list ? <Loading /> : <StaffTable staff={list} caseTypes={caseTypes.data} chosen={chosen} canEdit={canEdit} onChoose={setChosen} />}
      {list && chosen ? <StaffEditor key={chosen} userId={chosen} staff={list} caseTypes={caseTypes.data ?? []} canEdit={canEdit} onSaved={staff.reload} /> : null}
    </section>
  );
}

function StaffTable({ staff, caseTypes, chosen, canEdit, onChoose }: { staff: readonly StaffMember[]; caseTypes: CaseTypes | undefined; chosen: string | undefined; canEdit: boolean; onChoose: (userId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const typeName = (id: string) => format.localised(caseTypes?.find((c) => c.id === id)?.name, id);
  return (
    <div className="table-scroll">
      <table className="data">
        <caption>{t('staff.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workload.person')}</th>
            <th scope="col">{t('staff.roles')}</th>
            <th scope="col">{t('staff.languages')}</th>
            <th scope="col">{t('staff.caseTypes')}</th>
            <th scope="col">{t('staff.authorityLimit')}</th>
            <th scope="col">{t('staff.capacity')}</th>
            <th scope="col">{t('staff.absentNow')}</th>
            <th scope="col">{t('staff.profile')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((m) => (
            <tr key={m.userId} className={m.userId === chosen ? 'selected' : ''}>
              <th scope="row">
                {m.userId}
                {m.described ? null : <div className="small muted">{t('staff.defaults')}</div>}
              </th>
              <td>{format.list(m.roles.map((r) => t(`roles.${r}`, r)))}</td>
              <td>{m.skills.languages.length ? format.list(m.skills.languages.map((l) => t(`enum.${l}`, l))) : '—'}</td>
              {/* An empty list means every type, as the assigner reads it. */}
              <td>{m.skills.caseTypes.length ? format.list(m.skills.caseTypes.map(typeName)) : t('staff.allTypes')}</td>
              <td>{m.authorityLimit === null ? t('staff.noLimit') : format.amount(m.authorityLimit)}</td>
              <td>{format.number(m.capacity)}</td>
              <td>{m.absentNow ? t('staff.yes') : t('staff.no')}</td>
              <td>
                <button type="button" className="button-secondary" aria-pressed={m.userId === chosen} onClick={() => onChoose(m.userId)}>
                  {t(canEdit ? 'staff.editOf' : 'staff.viewOf', { user: m.userId })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One person's profile, read fresh (with its version and change log), in a form keyed by that version. */
function StaffEditor({ userId, staff, caseTypes, canEdit, onSaved }: { userId: string; staff: readonly StaffMember[]; caseTypes: CaseTypes; canEdit: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const detail = useLoad(() => call(api.GET('/api/staff/{userId}', { params: { path: { userId } } })), [userId]);
  const [saved, setSaved] = useState(false);
  const member = detail.data;
  // Delegates must share a role with the absent person (the API refuses others).
  const delegates = member ? staff.filter((s) => s.userId !== userId && s.roles.some((r) => member.roles.includes(r))) : [];
  return (
    <section className="card stack" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('staff.profileOf', { user: userId })}</h2>
      <ErrorMessage error={detail.error} onRetry={detail.reload} />
      {!member ? (
        detail.error ? null : <Loading />
      ) : (
        <>
          <p role="status" className={saved ? 'alert alert-success' : 'visually-hidden'}>
            {saved ? t('staff.saved', { version: member.version }) : ''}
          </p>
          <ProfileForm
            key={member.version}
            member={member}
            caseTypes={caseTypes}
            delegates={delegates}
            canEdit={canEdit}
            onSaved={() => {
              setSaved(true);
              detail.reload();
              onSaved();
            }}
            onConflict={detail.reload}
          />
          <ChangeLog changes={member.changes} />
        </>
      )}
    </section>
  );
}

interface AbsenceDraft {
  /** Only to key the rows: the API knows absences by their dates. */
  readonly key: number;
  readonly from: string;
  readonly to: string;
  readonly delegate: string;
}

interface Draft {
  readonly languages: readonly SkillLanguage[];
  readonly caseTypes: readonly string[];
  readonly regions: string;
  readonly noLimit: boolean;
  readonly authorityLimit: string;
  readonly capacity: string;
  readonly absences: readonly AbsenceDraft[];
}

let nextKey = 0;

/** datetime-local shows and gives local time without a zone; the API wants ISO 8601 with one. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (local: string) => {
  const d = new Date(local);
  // Left as typed when not a date: the API then names the field at fault.
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

const draftOf = (m: StaffDetail): Draft => ({
  languages: m.skills.languages,
  caseTypes: m.skills.caseTypes,
  regions: m.skills.regions.join(', '),
  noLimit: m.authorityLimit === null,
  authorityLimit: m.authorityLimit === null ? '' : String(m.authorityLimit),
  capacity: String(m.capacity),
  absences: m.absences.map((a) => ({ key: nextKey++, from: toLocalInput(a.from), to: toLocalInput(a.to), delegate: a.delegate ?? '' })),
});

const bodyOf = (d: Draft, version: number): StaffEdit => ({
  skills: {
    languages: [...d.languages],
    caseTypes: [...d.caseTypes],
    regions: d.regions
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  },
  authorityLimit: d.noLimit ? null : Number(d.authorityLimit),
  capacity: Number(d.capacity),
  absences: d.absences.map((a) => ({ from: fromLocalInput(a.from), to: fromLocalInput(a.to), ...(a.delegate ? { delegate: a.delegate } : {}) })),
  expectedVersion: version,
});

const toggled = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

function ProfileForm({ member, caseTypes, delegates, canEdit, onSaved, onConflict }: { member: StaffDetail; caseTypes: CaseTypes; delegates: readonly StaffMember[]; canEdit: boolean; onSaved: () => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [draft, setDraft] = useState<Draft>(() => draftOf(member));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setAbsence = (key: number, change: Partial<AbsenceDraft>) => set({ absences: draft.absences.map((a) => (a.key === key ? { ...a, ...change } : a)) });
  const faults = error instanceof ApiFailure && error.status === 400 ? (error.detail?.fields ?? []) : [];
  // A field's errors, and those of what it contains (skills.regions.2 under skills.regions).
  const faultOf = (field: string) =>
    faults
      .filter((f) => f.field === field || f.field.startsWith(`${field}.`))
      .map((f) => f.message)
      .join('; ') || undefined;
  const id = (field: string) => `profile-${field.replace(/\./g, '-')}`;
  const describedBy = (field: string) => (faultOf(field) ? { 'aria-describedby': `${id(field)}-fault` } : {});
  const invalid = (field: string) => (faultOf(field) ? { 'aria-invalid': true, ...describedBy(field) } : {});
  // Fields the form does not show (none today) are still said, in the summary.
  const unplaced = faults.filter((f) => !FIELDS.some((p) => f.field === p || f.field.startsWith(`${p}.`)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(api.PUT('/api/staff/{userId}', { params: { path: { userId: member.userId } }, body: bodyOf(draft, member.version) }));
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      {/* Ops see the same form, every control disabled: one layout to read and to edit. */}
      <fieldset className="stack plain-fieldset" disabled={!canEdit || busy}>
        <legend className="visually-hidden">{t('staff.profileOf', { user: member.userId })}</legend>
        <fieldset {...describedBy('skills.languages')}>
          <legend>{t('staff.languages')}</legend>
          <div className="row">
            {LANGUAGES.map((l) => (
              <label key={l} className="inline">
                <input type="checkbox" checked={draft.languages.includes(l)} onChange={(e) => set({ languages: toggled(draft.languages, l, e.target.checked) })} />
                {t(`enum.${l}`, l)}
              </label>
            ))}
          </div>
          <Fault id={id('skills.languages')} message={faultOf('skills.languages')} />
        </fieldset>
        <fieldset {...describedBy('skills.caseTypes')}>
          <legend>{t('staff.caseTypes')}</legend>
          <p className="small muted">{t('staff.caseTypesHelp')}</p>
          <div className="row">
            {caseTypes.map((c) => (
              <label key={c.id} className="inline">
                <input type="checkbox" checked={draft.caseTypes.includes(c.id)} onChange={(e) => set({ caseTypes: toggled(draft.caseTypes, c.id, e.target.checked) })} />
                {format.localised(c.name, c.id)}
              </label>
            ))}
          </div>
          <Fault id={id('skills.caseTypes')} message={faultOf('skills.caseTypes')} />
        </fieldset>
        <Field label={t('staff.regions')} help={t('staff.regionsHelp')} id={id('skills.regions')} fault={faultOf('skills.regions')}>
          <input id={id('skills.regions')} value={draft.regions} onChange={(e) => set({ regions: e.target.value })} {...invalid('skills.regions')} />
        </Field>
        <div className="row">
          <Field label={t('staff.authorityLimit')} id={id('authorityLimit')} fault={faultOf('authorityLimit')}>
            <input
              id={id('authorityLimit')}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              required={!draft.noLimit}
              disabled={draft.noLimit}
              value={draft.authorityLimit}
              onChange={(e) => set({ authorityLimit: e.target.value })}
              {...invalid('authorityLimit')}
            />
          </Field>
          <label className="inline">
            <input type="checkbox" checked={draft.noLimit} onChange={(e) => set({ noLimit: e.target.checked })} />
            {t('staff.noLimit')}
          </label>
          <Field label={t('staff.capacity')} id={id('capacity')} fault={faultOf('capacity')}>
            <input id={id('capacity')} type="number" inputMode="numeric" min={0} max={500} step={1} required value={draft.capacity} onChange={(e) => set({ capacity: e.target.value })} {...invalid('capacity')} />
          </Field>
        </div>
        <fieldset className="stack">
          <legend>{t('staff.absences')}</legend>
          {draft.absences.length ? null : <p className="empty">{t('staff.noAbsence')}</p>}
          {draft.absences.map((a, i) => (
            <AbsenceRow
              key={a.key}
              index={i}
              absence={a}
              delegates={delegates}
              fault={(field) => faultOf(`absences.${i}.${field}`)}
              invalid={(field) => invalid(`absences.${i}.${field}`)}
              id={(field) => id(`absences.${i}.${field}`)}
              onChange={(change) => setAbsence(a.key, change)}
              onRemove={() => set({ absences: draft.absences.filter((x) => x.key !== a.key) })}
            />
          ))}
          <Fault id={id('absences')} message={faults.some((f) => f.field === 'absences') ? faultOf('absences') : undefined} />
          <div>
            <button type="button" className="button-secondary" onClick={() => set({ absences: [...draft.absences, { key: nextKey++, from: '', to: '', delegate: '' }] })}>
              {t('staff.addAbsence')}
            </button>
          </div>
        </fieldset>
      </fieldset>
      {faults.length ? (
        <div className="alert alert-error" role="alert">
          <p>{t('staff.fixFields')}</p>
          {unplaced.length ? (
            <ul>
              {unplaced.map((f) => (
                <li key={f.field}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <ErrorMessage error={error} onRetry={error instanceof ApiFailure && error.status === 409 ? onConflict : undefined} />
      )}
      {canEdit ? (
        <div>
          <button type="submit" disabled={busy}>
            {t('staff.save')}
          </button>
        </div>
      ) : null}
    </form>
  );
}

function AbsenceRow({
  index,
  absence,
  delegates,
  fault,
  invalid,
  id,
  onChange,
  onRemove,
}: {
  index: number;
  absence: AbsenceDraft;
  delegates: readonly StaffMember[];
  fault: (field: string) => string | undefined;
  invalid: (field: string) => object;
  id: (field: string) => string;
  onChange: (change: Partial<AbsenceDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const n = index + 1;
  return (
    <div className="row absence" role="group" aria-label={t('staff.absenceN', { n })}>
      <Field label={t('staff.from')} id={id('from')} fault={fault('from')}>
        <input id={id('from')} type="datetime-local" required value={absence.from} onChange={(e) => onChange({ from: e.target.value })} {...invalid('from')} />
      </Field>
      <Field label={t('staff.to')} id={id('to')} fault={fault('to')}>
        <input id={id('to')} type="datetime-local" required value={absence.to} onChange={(e) => onChange({ to: e.target.value })} {...invalid('to')} />
      </Field>
      <Field label={t('staff.delegate')} id={id('delegate')} fault={fault('delegate')}>
        <select id={id('delegate')} value={absence.delegate} onChange={(e) => onChange({ delegate: e.target.value })} {...invalid('delegate')}>
          <option value="">{t('staff.noDelegate')}</option>
          {/* A delegate saved before who is no longer a colleague still shows, so the form says what is stored. */}
          {absence.delegate && !delegates.some((d) => d.userId === absence.delegate) ? <option value={absence.delegate}>{absence.delegate}</option> : null}
          {delegates.map((d) => (
            <option key={d.userId} value={d.userId}>
              {d.userId}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" className="button-secondary" onClick={onRemove} aria-label={t('staff.removeAbsenceN', { n })}>
        {t('staff.removeAbsence')}
      </button>
    </div>
  );
}

/** A labelled control with its help and the server's message about it right beside it. */
function Field({ label, help, id, fault, children }: { label: string; help?: string; id: string; fault: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help ? <span className="small muted">{help}</span> : null}
      {children}
      <Fault id={id} message={fault} />
    </div>
  );
}

function Fault({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={`${id}-fault`} className="fault small">
      {message}
    </span>
  ) : null;
}

type Change = StaffDetail['changes'][number];

/** The audit log of the profile (newest first): who changed what, from what to what. */
function ChangeLog({ changes }: { changes: readonly Change[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const show = (field: string, value: unknown): string => {
    if (value === null) return t('staff.noLimit');
    if (value === undefined) return '—';
    if (!Array.isArray(value)) return typeof value === 'number' ? format.number(value) : String(value);
    if (!value.length) return field === 'absences' || field === 'skills.languages' ? t('staff.none') : t('staff.all');
    if (field === 'absences')
      return (value as { from: string; to: string; delegate?: string }[])
        .map((a) => t('staff.absenceText', { from: format.dateTime(a.from), to: format.dateTime(a.to), delegate: a.delegate ?? t('staff.noDelegate') }))
        .join('; ');
    return format.list(value.map((v) => (field === 'skills.languages' ? t(`enum.${String(v)}`, String(v)) : String(v))));
  };
  return (
    <section className="stack" aria-labelledby="changes-title">
      <h3 id="changes-title">{t('staff.changes')}</h3>
      {changes.length ? (
        <ol className="timeline">
          {changes.map((c, i) => (
            <li key={`${c.at}-${i}`}>
              <span className="small muted">{t('staff.changedBy', { date: format.dateTime(c.at), user: c.actor.username })}</span>
              <ul className="small">
                {differences(c).map(({ field, before, after }) => (
                  <li key={field}>
                    {t(`staff.field.${field}`)}: {c.before ? t('staff.fromTo', { before: show(field, before), after: show(field, after) }) : show(field, after)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{t('staff.noChanges')}</p>
      )}
    </section>
  );
}

const valueAt = (record: Record<string, unknown> | null, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), record);

/** What a change changed; the first entry (nothing before it) lists everything that was set. */
function differences(change: Change) {
  return FIELDS.map((field) => ({ field, before: valueAt(change.before, field), after: valueAt(change.after, field) })).filter(
    (d) => change.before === null || JSON.stringify(d.before) !== JSON.stringify(d.after),
  );
}
