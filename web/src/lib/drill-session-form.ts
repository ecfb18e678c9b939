import { INTL_LOCALE, translator, type Locale } from './i18n';

/** “20: The caller mentions pills” → { minute: 20, text }; every line that does not parse is reported by its number. */
export function parseInjects(text: string): {
  injects: { minute: number; text: string }[];
  bad: number[];
} {
  const injects: { minute: number; text: string }[] = [];
  const bad: number[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = /^(\d{1,3})\s*[:.)-]\s*(.+)$/.exec(line);
    if (!m) bad.push(i + 1);
    else injects.push({ minute: Number(m[1]), text: m[2] });
  }
  return { injects, bad };
}

export interface SessionFormValues {
  title: string;
  startsAt: string;
  /** the browser's offset (minutes, as Date#getTimezoneOffset): datetime-local has no zone */
  tz: string;
  minutes: string;
  place: string;
  videoUrl: string;
  injects: string;
  roles: Record<string, string>;
}

/**
 * Every problem the page can see at once (so a second submit does not fail on another field), each in
 * the page's language; the parsed start, length and injects when there is none.
 */
export function checkSessionForm(values: SessionFormValues, locale: Locale, now = Date.now()) {
  const t = translator(locale);
  const errors: Record<string, string> = {};
  if (values.title.length < 3) errors.title = t('sessions.err.title');
  const offset = Number(values.tz || 0);
  const local = values.startsAt ? new Date(`${values.startsAt}:00Z`) : null;
  const starts =
    local && !Number.isNaN(local.getTime()) ? new Date(local.getTime() + offset * 60_000) : null;
  if (!starts) errors.startsAt = t('sessions.err.startsAt');
  else if (starts.getTime() <= now) errors.startsAt = t('sessions.err.past');
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 10 || minutes > 480)
    errors.minutes = t('sessions.err.minutes');
  if (!values.place && !values.videoUrl) errors.place = t('sessions.err.place');
  if (values.videoUrl && !/^https?:\/\/\S+\.\S+/.test(values.videoUrl))
    errors.videoUrl = t('sessions.err.videoUrl');
  const { injects, bad } = parseInjects(values.injects);
  const late = injects.filter((i) => Number.isInteger(minutes) && i.minute > minutes);
  if (bad.length)
    errors.injects = t('sessions.err.injectLines', {
      n: bad.length,
      lines: new Intl.ListFormat(INTL_LOCALE[locale], { type: 'conjunction' }).format(
        bad.map(String),
      ),
    });
  else if (late.length)
    errors.injects = t('sessions.err.injectLate', { minute: late[0].minute, minutes });
  if (Object.keys(values.roles).length === 0) errors.participants = t('sessions.err.participants');
  return { errors, starts, minutes, injects };
}
