import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#shared/cases/case-record.js';
import { kpiDelta } from '#shared/dashboard/kpi-counters.js';

const declaredAt = '2026-11-20T09:15:00.000Z';
const received: CaseRecord = {
  caseId: '01KAAAAAAAAAAAAAAAAAAAAAAA', type: 'occupational-disease', status: 'received', data: {},
  createdBy: { userId: 'u', username: 'claimant1', role: 'claimant' }, createdAt: declaredAt, updatedAt: declaredAt,
  version: 1, historySeq: 1, historyHead: 'h', summary: { claimantName: 'A', title: 'T' },
};
const plain = (delta: ReturnType<typeof kpiDelta>) => ({
  state: Object.fromEntries([...delta.state].map(([k, v]) => [k, v.toNumber()])),
  daily: Object.fromEntries([...delta.daily].map(([day, counters]) => [day, Object.fromEntries([...counters].map(([k, v]) => [k, v.toNumber()]))])),
});

describe('when a case starts to count on the dashboard', () => {
  it('a declaration alone changes no figure: the case is still in the intake buffer', () => {
    expect(plain(kpiDelta({ caseBefore: undefined, caseAfter: received, tasks: [], at: declaredAt }))).toEqual({ state: {}, daily: {} });
  });

  it('its registration counts it open, and received on the day and hour it was declared, even days later', () => {
    const registered = { ...received, status: 'registered', version: 2 };
    expect(plain(kpiDelta({ caseBefore: received, caseAfter: registered, tasks: [], at: '2026-11-22T16:00:00.000Z' }))).toEqual({
      state: { 'open:occupational-disease:registered': 1 },
      daily: { '2026-11-20': { 'received:occupational-disease': 1, 'receivedHour:09': 1 } },
    });
  });

  it('a change to a case still received (a withdrawal requested before the start) counts nothing', () => {
    const flagged = { ...received, historySeq: 2 } as CaseRecord;
    expect(plain(kpiDelta({ caseBefore: received, caseAfter: flagged, tasks: [], at: declaredAt }))).toEqual({ state: {}, daily: {} });
  });
});
