import { FeelDate, FeelDuration, FeelTime, FeelDateTime, date, duration } from 'feelin';
import type { DecisionTable } from './decision-table.js';

type TypeRef = DecisionTable['inputs'][number]['typeRef'];

/** The FEEL type of a value, in the names columns declare (`null`, `list`, `context` besides). */
export function feelTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'yearMonthDuration' : 'dayTimeDuration';
  if (value instanceof FeelDateTime) return 'dateTime';
  if (value instanceof FeelTime) return 'time';
  if (Array.isArray(value)) return 'list';
  return 'context';
}

/** Whether a value fits a column's declared type (null fits every column: the fact is unknown). */
export function fitsType(value: unknown, typeRef: TypeRef): boolean {
  if (typeRef === 'Any') return true;
  const type = feelTypeOf(value);
  return type === 'null' || type === typeRef;
}

/**
 * Facts arrive as JSON: dates and durations are ISO strings. A column declaring a temporal type
 * gets the FEEL value, so `< date("2024-01-01")` or `> duration("P10D")` compare as FEEL does.
 */
export function toFeel(value: unknown, typeRef: TypeRef): unknown {
  if (typeof value !== 'string') return value ?? null;
  if (typeRef === 'date') return date(value) ?? value;
  if (typeRef === 'dayTimeDuration' || typeRef === 'yearMonthDuration') return duration(value) ?? value;
  return value;
}

/** The JSON form of a FEEL value: temporal values become their ISO strings. */
export function fromFeel(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof FeelDate || value instanceof FeelDuration || value instanceof FeelTime || value instanceof FeelDateTime) {
    return value.iso;
  }
  if (Array.isArray(value)) return value.map(fromFeel);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromFeel(v)]));
  }
  return value;
}
