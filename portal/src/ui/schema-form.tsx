import { useTranslation } from 'react-i18next';

/** The subset of JSON Schema that case types' data schemas use (GET /api/case-types, from zod). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: string[];
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/**
 * The form for a case type's data, drawn from its schema: adding a case type adds no portal code.
 * Field names are dotted paths (claimant.firstName), read back by `readSchemaForm`.
 */
export function SchemaFields({ schema, path = [] }: { schema: JsonSchema; path?: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, property]) => {
        const fieldPath = [...path, name];
        const id = fieldPath.join('.');
        const label = t(`fields.${id}`, { defaultValue: humanise(name) });
        const required = (schema.required ?? []).includes(name) && property.default === undefined;
        if (property.type === 'object')
          return (
            <fieldset key={id} className="stack">
              <legend>{label}</legend>
              <SchemaFields schema={property} path={fieldPath} />
            </fieldset>
          );
        return (
          <label key={id}>
            {label}
            {required ? null : <span className="muted small"> ({t('common.optional')})</span>}
            <Input name={id} schema={property} required={required} />
          </label>
        );
      })}
    </>
  );
}

function Input({ name, schema, required }: { name: string; schema: JsonSchema; required: boolean }) {
  const { t } = useTranslation();
  if (schema.enum)
    return (
      <select name={name} required={required} defaultValue={typeof schema.default === 'string' ? schema.default : ''}>
        {required && schema.default === undefined ? <option value="">—</option> : null}
        {schema.enum.map((v) => (
          <option key={v} value={v}>
            {t(`enum.${v}`, { defaultValue: v })}
          </option>
        ))}
      </select>
    );
  if (schema.type === 'integer' || schema.type === 'number')
    return <input name={name} type="number" inputMode="numeric" required={required} min={schema.minimum} max={schema.maximum} step={schema.type === 'integer' ? 1 : 'any'} />;
  if ((schema.maxLength ?? 0) > 500) return <textarea name={name} required={required} minLength={schema.minLength} maxLength={schema.maxLength} rows={4} />;
  const type = schema.format === 'date' ? 'date' : schema.format === 'email' ? 'email' : 'text';
  return <input name={name} type={type} required={required} minLength={schema.minLength} maxLength={schema.maxLength} />;
}

/** Reads the form back into the nested data the API expects; empty optional fields are left out. */
export function readSchemaForm(form: HTMLFormElement, schema: JsonSchema): Record<string, unknown> {
  const data = new FormData(form);
  const walk = (node: JsonSchema, path: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      const fieldPath = [...path, name];
      if (property.type === 'object') {
        out[name] = walk(property, fieldPath);
        continue;
      }
      const raw = String(data.get(fieldPath.join('.')) ?? '').trim();
      if (raw === '') continue;
      out[name] = property.type === 'integer' || property.type === 'number' ? Number(raw) : raw;
    }
    return out;
  };
  return walk(schema, []);
}

function humanise(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Marks the fields the API refused (`data.claimant.email` is the field `claimant.email`), each
 * described by the message that says why, and clears the marks of a previous attempt.
 */
export function markRefusedFields(form: HTMLFormElement, fields: readonly { field: string }[], describedBy: string): void {
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  for (const { field } of fields) {
    const input = form.elements.namedItem(field.replace(/^data\./, ''));
    if (!(input instanceof HTMLElement)) continue;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', describedBy);
  }
}
