/**
 * The gantt's time axis, chosen from the span it shows: a tick interval of about an eighth of the
 * span (a round one), and a label format fine enough that no two ticks read the same (mermaid's
 * default of `%H:%M` labelled every tick of a 13-second run "12:00").
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS: readonly [number, string][] = [
  [SECOND, '1second'],
  [2 * SECOND, '2second'],
  [5 * SECOND, '5second'],
  [10 * SECOND, '10second'],
  [15 * SECOND, '15second'],
  [30 * SECOND, '30second'],
  [MINUTE, '1minute'],
  [2 * MINUTE, '2minute'],
  [5 * MINUTE, '5minute'],
  [10 * MINUTE, '10minute'],
  [15 * MINUTE, '15minute'],
  [30 * MINUTE, '30minute'],
  [HOUR, '1hour'],
  [2 * HOUR, '2hour'],
  [3 * HOUR, '3hour'],
  [6 * HOUR, '6hour'],
  [12 * HOUR, '12hour'],
  [DAY, '1day'],
  [2 * DAY, '2day'],
  [7 * DAY, '1week'],
];

const MOST_TICKS = 8;

export interface GanttAxis {
  tickInterval: string;
  axisFormat: string;
}

export function ganttAxis(spanMs: number): GanttAxis {
  const wanted = Math.max(SECOND, spanMs / MOST_TICKS);
  const [step, tickInterval] = STEPS.find(([ms]) => ms >= wanted) ?? [7 * DAY, '1week'];
  const axisFormat =
    step < MINUTE ? '%H:%M:%S' : step < DAY ? (spanMs > DAY ? '%m-%d %H:%M' : '%H:%M') : '%Y-%m-%d';
  return { tickInterval, axisFormat };
}
