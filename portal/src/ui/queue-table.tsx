import { useTranslation } from 'react-i18next';
import { useFormat } from './format.js';

/** One queue's counts, as both the dashboard and the workload board give them. */
export interface QueueCounts {
  readonly queue: string;
  readonly unassigned: number;
  readonly assigned: number;
  readonly atRisk: number;
  readonly breached: number;
  /** The dashboard counts today's done tasks; the board shows them per person instead. */
  readonly doneToday?: number;
}

/** The work waiting and held per queue, with its deadlines at risk or breached. */
export function QueueTable({ queues, caption }: { queues: readonly QueueCounts[]; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const withDone = queues.some((q) => q.doneToday !== undefined);
  return (
    <div className="table-scroll">
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.queue')}</th>
            <th scope="col">{t('dashboard.unassigned')}</th>
            <th scope="col">{t('dashboard.assigned')}</th>
            <th scope="col">{t('dashboard.atRisk')}</th>
            <th scope="col">{t('dashboard.breached')}</th>
            {withDone ? <th scope="col">{t('dashboard.doneToday')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.queue}>
              <th scope="row">{t(`roles.${q.queue}`, q.queue)}</th>
              <td>{format.number(q.unassigned)}</td>
              <td>{format.number(q.assigned)}</td>
              <td>{format.number(q.atRisk)}</td>
              <td>{format.number(q.breached)}</td>
              {withDone ? <td>{format.number(q.doneToday ?? 0)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
