/**
 * DateTime values as Label Studio's DateTime tag writes them (d3 time formats in its editor):
 * `%Y-%m-%dT%H:%M` by default, `%Y-%m-%d` with only="date", `HH:MM` with only="time", the year with
 * only="year", or the config's own `format`.
 *
 * Pure: no node:, DOM, react, electron, main or renderer imports.
 */
import type { ControlNode } from './config-model.ts';

/** What the DateTime control asks for: `only="date"`, `only="time"`, `only="year"`, or both. */
export type DateTimeMode = 'date' | 'time' | 'year' | 'datetime';

export function dateTimeMode(control: ControlNode): DateTimeMode {
  const only = control.attrs['only'] ?? '';
  if (only === 'time') return 'time';
  if (only.includes('date')) return only.includes('time') ? 'datetime' : 'date';
  if (only.includes('year')) return 'year';
  return 'datetime';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** strftime subset Label Studio configs use in `format` (%Y %m %d %H %M %S %y %%). */
function strftime(format: string, d: { y: number; mo: number; d: number; h: number; mi: number; s: number }) {
  const parts: Record<string, string> = {
    Y: String(d.y),
    y: pad(d.y % 100),
    m: pad(d.mo),
    d: pad(d.d),
    H: pad(d.h),
    M: pad(d.mi),
    S: pad(d.s),
    '%': '%',
  };
  return format.replace(/%(.)/g, (all, c: string) => parts[c] ?? all);
}

/**
 * The value written for what the inputs hold (`date` as `YYYY-MM-DD`, `time` as `HH:MM`), formatted as
 * Label Studio writes it: `%Y-%m-%dT%H:%M`, `%Y-%m-%d` with only="date", `HH:MM` with only="time", the
 * year alone with only="year", or the config's `format`. A missing time counts as 00:00; no date, no value.
 */
export function formatDateTime(
  control: ControlNode,
  input: { date?: string; time?: string; year?: string },
): string | null {
  const mode = dateTimeMode(control);
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(input.time ?? '');
  if (mode === 'time') return time ? `${pad(Number(time[1]))}:${time[2]}` : null;
  if (mode === 'year') return /^\d{4}$/.test(input.year ?? '') ? (input.year as string) : null;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.date ?? '');
  if (!date) return null;
  const parts = {
    y: Number(date[1]),
    mo: Number(date[2]),
    d: Number(date[3]),
    h: mode === 'datetime' && time ? Number(time[1]) : 0,
    mi: mode === 'datetime' && time ? Number(time[2]) : 0,
    s: 0,
  };
  const format = control.attrs['format'] || (mode === 'date' ? '%Y-%m-%d' : '%Y-%m-%dT%H:%M');
  return strftime(format, parts);
}

/** The inputs' values for a stored value (the inverse of formatDateTime; unknown text gives empty inputs). */
export function parseDateTime(
  control: ControlNode,
  value: string | null,
): { date: string; time: string; year: string } {
  const empty = { date: '', time: '', year: '' };
  if (!value) return empty;
  const mode = dateTimeMode(control);
  if (mode === 'time') return /^\d{1,2}:\d{2}/.test(value) ? { ...empty, time: value.slice(0, 5) } : empty;
  if (mode === 'year') return { ...empty, year: value.slice(0, 4) };
  const format = control.attrs['format'] || (mode === 'date' ? '%Y-%m-%d' : '%Y-%m-%dT%H:%M');
  const order: string[] = [];
  const pattern = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%(.)/g, (all, c: string) => {
    if (c === '%') return '%';
    order.push(c);
    return c === 'Y' ? '(\\d{4})' : '(\\d{2})';
  });
  const match = new RegExp(`^${pattern}$`).exec(value);
  if (!match) return empty;
  const got: Record<string, string> = {};
  order.forEach((c, i) => (got[c] = match[i + 1] ?? ''));
  const year = got['Y'] ?? (got['y'] ? `20${got['y']}` : '');
  const date = year && got['m'] && got['d'] ? `${year}-${got['m']}-${got['d']}` : '';
  const time = got['H'] && got['M'] ? `${got['H']}:${got['M']}` : '';
  return { date, time: mode === 'datetime' ? time : '', year };
}
