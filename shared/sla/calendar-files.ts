import fr from '../../calendars/FR.json' with { type: 'json' };
import gb from '../../calendars/GB.json' with { type: 'json' };

// The calendar files, imported rather than read from disk so that every Lambda bundle carries them.
// Each is named by its path, which is how a malformed one is reported. A new calendars/XX.json is
// added here too (calendars/README.md).
export const calendarFiles: Readonly<Record<string, unknown>> = {
  'calendars/FR.json': fr,
  'calendars/GB.json': gb,
};
