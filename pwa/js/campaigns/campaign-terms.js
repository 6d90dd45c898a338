// How campaigns read on screen: dates day first (dd/mm/yyyy, as both languages here write them), send times
// on Cần Thơ's clock whatever the phone's zone, and each text in the current language.
import { currentLanguage, t } from '../core/i18n.js';

// Reminders go out on the city's clock (the scheduler runs in this zone): an admin checking the plan from a
// phone set to another zone must still see the hour residents will see.
const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const pad = (number) => String(number).padStart(2, '0');

function parts(day) {
  const [year, month, date] = day.split('-');
  return { year, month, date };
}

/** "2026-11-25" as "25/11/2026". */
export function fullDate(day) {
  const { year, month, date } = parts(day);
  return `${date}/${month}/${year}`;
}

/** A campaign's days: "25/11/2026", "15/11 – 15/12/2026", or both years in full when it crosses one. */
export function dateRange(startsOn, endsOn) {
  if (!endsOn || endsOn === startsOn) return fullDate(startsOn);
  const start = parts(startsOn);
  if (start.year !== parts(endsOn).year) return `${fullDate(startsOn)} – ${fullDate(endsOn)}`;
  return `${start.date}/${start.month} – ${fullDate(endsOn)}`;
}

/** A moment (ISO 8601) as "18/11/2026 08:00" in Cần Thơ. */
export function cityTime(iso) {
  const fields = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: CITY_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric',
    minute: 'numeric', hourCycle: 'h23',
  });
  format.formatToParts(new Date(iso)).forEach(({ type, value }) => { fields[type] = value; });
  return `${pad(fields.day)}/${pad(fields.month)}/${fields.year} ${pad(fields.hour)}:${pad(fields.minute)}`;
}

/** When a reminder goes out relative to the campaign's first day: "7 ngày trước", "trong ngày". */
export function offsetText(days) {
  if (days === 0) return t('campaigns.onTheDay');
  if (days === 1) return t('campaigns.oneDayBefore');
  return t('campaigns.daysBefore', { days });
}

/** item.title_vi or item.title_en, whichever the person reads; Vietnamese when the other is missing. */
export function localText(item, name) {
  return item[`${name}_${currentLanguage()}`] || item[`${name}_vi`] || '';
}
