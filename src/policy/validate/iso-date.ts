// IAM's save-time date check ("The policy failed legacy parsing", policy-semantics.md §4.10 rule 3).
// A port of moto's _legacy_parse_date_condition_value / _validate_iso_8601_datetime
// (getmoto/moto moto/iam/policy_validation.py), which was written against AWS's answers and is as
// lenient as IAM in odd ways: "2016-12-13t2:00:00.593194+23" and "-292275054" pass,
// "2016-12-13t2:00:00.593194+1", "234-13" and "9223372036854775808" fail.
//
// One deliberate difference: moto rejects a negative UTC offset ("…T12:00:00-05:00") only because
// it looks for '+' alone; ISO 8601 / W3C-DTF allow '-', and AWS's own examples of DateGreaterThan
// use both, so '-' is treated like '+'.

const MAX_EPOCH = 9223372036854775807n;

/** Python's int() for the forms that occur here: optional sign, digits, surrounding spaces. */
function int(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*[+-]?\d+\s*$/.test(s)) return undefined;
  return Number(s.trim());
}

function inRange(s: string | undefined, lo: number, hi: number): boolean {
  const n = int(s);
  return n !== undefined && n >= lo && n <= hi;
}

function partition(s: string, sep: string): [string, string, string] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, '', ''] : [s.slice(0, at), sep, s.slice(at + sep.length)];
}

function isoDateTime(value: string): boolean {
  const [datePart, , timePart] = partition(value, 't');
  const negativeYear = datePart.startsWith('-');
  const dateParts = (negativeYear ? datePart.slice(1) : datePart).split('-');
  const year = negativeYear ? `-${dateParts[0] ?? ''}` : dateParts[0];
  if (!inRange(year, -292275054, 292278993)) return false;
  if (dateParts.length > 1 && !inRange(dateParts[1], 1, 12)) return false;
  if (dateParts.length > 2 && !inRange(dateParts[2], 1, 31)) return false;
  if (dateParts.length >= 4) return false;

  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !inRange(timeParts[0], 0, 23)) return false;
  if (timeParts.length > 1 && !inRange(timeParts[1], 0, 59)) return false;
  if (timeParts.length > 2) {
    const t = timeParts[2] ?? '';
    let seconds = t;
    if (t.includes('z')) {
      const [s, , rest] = partition(t, 'z');
      if (rest !== '') return false;
      seconds = s;
    } else {
      const sign = t.includes('+') ? '+' : t.includes('-') ? '-' : '';
      if (sign !== '') {
        const [s, , zone] = partition(t, sign);
        seconds = s;
        const [hours, colon, minutes] = partition(zone, ':');
        if (hours.length !== 2 || !inRange(hours, 0, 23)) return false;
        if (colon === ':' && (minutes.length !== 2 || !inRange(minutes, 0, 59))) return false;
      }
    }
    const [whole, dot, fraction] = partition(seconds, '.');
    if (!inRange(whole, 0, 59)) return false;
    if (dot === '.' && !inRange(fraction, 0, 999999999)) return false;
  }
  return true;
}

/** Whether IAM accepts `value` as a Date* condition value (ISO 8601 date/time or epoch seconds). */
export function isLegacyDate(value: string): boolean {
  if (value.toLowerCase().includes('t') || value.includes('-')) return isoDateTime(value.toLowerCase());
  if (!/^\s*[+-]?\d+\s*$/.test(value)) return false;
  const n = BigInt(value.trim());
  return n >= 0n && n <= MAX_EPOCH;
}
