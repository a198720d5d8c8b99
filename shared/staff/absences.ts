import { logger } from '../observability/logger.js';
import { handOverForAbsence } from '../tasks/task-actions.js';
import { tasksAssignedTo } from '../tasks/task-repository.js';
import { listProfiles, markAbsenceApplied } from './staff-repository.js';

export interface AbsenceSweep {
  readonly absences: number;
  readonly delegated: number;
  readonly requeued: number;
}

/**
 * Run by the scheduler: for each absence that has begun and was not yet acted on, the absent
 * person's tasks go to their delegate (when the delegate may take each one) or back to their
 * queue. The absence is marked done only once every task moved, so a sweep cut short is finished
 * by the next; a task someone changed meanwhile is left where it is.
 */
export async function applyAbsences(at: Date): Promise<AbsenceSweep> {
  let absences = 0;
  let delegated = 0;
  let requeued = 0;
  for (const profile of await listProfiles()) {
    for (const [index, absence] of profile.absences.entries()) {
      if (absence.appliedAt || Date.parse(absence.from) > at.getTime() || Date.parse(absence.to) <= at.getTime()) continue;
      let page = await tasksAssignedTo(profile.username, 100, undefined);
      for (;;) {
        for (const task of page.tasks) {
          const went = await handOverForAbsence(task, profile.username, absence.delegate);
          if (went === null) continue;
          if (went) delegated++;
          else requeued++;
        }
        if (!page.lastKey) break;
        page = await tasksAssignedTo(profile.username, 100, page.lastKey);
      }
      if (await markAbsenceApplied(profile.username, index, absence.from, at)) absences++;
    }
  }
  if (absences) logger.info('absences applied', { absences, delegated, requeued });
  return { absences, delegated, requeued };
}
