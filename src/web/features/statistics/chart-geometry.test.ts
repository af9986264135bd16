import { describe, expect, test } from 'vitest';
import {
  frameOf,
  labelledMonths,
  largestRows,
  linePath,
  monthX,
  seriesMark,
  stackedMonths,
  valueAxis,
  valueY,
  WITHHELD,
} from './chart-geometry';

const margins = { start: 40, end: 20, top: 10, below: 30 };

describe('chart geometry', () => {
  test('months run from the start edge: left to right, or right to left with the value axis on the right', () => {
    const ltr = frameOf(400, 200, margins, false);
    expect(ltr).toMatchObject({ left: 40, right: 380, top: 10, bottom: 170 });
    expect(monthX(ltr, 2, 0)).toBe(125);
    expect(monthX(ltr, 2, 1)).toBe(295);

    const rtl = frameOf(400, 200, margins, true);
    expect(rtl).toMatchObject({ left: 20, right: 360 });
    expect(monthX(rtl, 2, 0)).toBe(275);
    expect(monthX(rtl, 2, 1)).toBe(105);
  });

  test('a withheld count breaks the line; it is never drawn as zero', () => {
    const path = linePath(
      [3, 4, null, 6, null, 8, 9],
      (index) => index * 10,
      (value) => 100 - value,
    );
    // Three pieces: months 0-1, month 3 on its own (its mark shows it), months 5-6.
    expect(path.match(/M/g)).toHaveLength(3);
    expect(path).not.toContain(',100');
    expect(path.startsWith('M0,97L10,96')).toBe(true);
    expect(
      linePath(
        [null, null],
        (index) => index,
        (value) => value,
      ),
    ).toBe('');
  });

  test('the value axis reaches a round number at or above the largest count, in whole steps', () => {
    expect(valueAxis(118, 4)).toEqual({ top: 120, ticks: [0, 20, 40, 60, 80, 100, 120] });
    expect(valueAxis(2600, 4)).toEqual({ top: 3000, ticks: [0, 500, 1000, 1500, 2000, 2500, 3000] });
    expect(valueAxis(3, 4)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(valueAxis(0, 4)).toEqual({ top: 1, ticks: [0, 1] });
    expect(valueAxis(1234, 4, true)).toEqual({ top: 1400, ticks: [0, 1400] });
    const frame = frameOf(400, 200, margins, false);
    expect(valueY(frame, valueAxis(118, 4), 0)).toBe(frame.bottom);
    expect(valueY(frame, valueAxis(118, 4), 120)).toBe(frame.top);
  });

  test('months are named every n-th back from the latest when their names do not fit', () => {
    expect(labelledMonths(12, 60, 50)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(labelledMonths(12, 20, 50)).toEqual([2, 5, 8, 11]);
  });

  test('the rows drawn are those with the largest totals, a withheld total last, ties in table order', () => {
    const rows = [
      { key: 'a', total: 5 },
      { key: 'b', total: null },
      { key: 'c', total: 40 },
      { key: 'd', total: 5 },
      { key: 'e', total: 12 },
    ];
    expect(largestRows(rows, 3).map((row) => row.key)).toEqual(['c', 'e', 'a']);
    expect(largestRows(rows, 8).map((row) => row.key)).toEqual(['c', 'e', 'a', 'd', 'b']);
  });

  test('bars stack the published counts, the withheld rest on top; a month with its total withheld has no bar', () => {
    const rows = [
      { key: 'short', months: [10, null, null] },
      { key: 'long', months: [5, 7, null] },
    ];
    const bars = stackedMonths(rows, [15, 12, null]);
    expect(bars[0]).toEqual([
      { key: 'short', from: 0, to: 10 },
      { key: 'long', from: 10, to: 15 },
    ]);
    // "short" is withheld in the second month: "long" starts at zero and the rest (5) is hatched above.
    expect(bars[1]).toEqual([
      { key: 'long', from: 0, to: 7 },
      { key: WITHHELD, from: 7, to: 12 },
    ]);
    expect(bars[2]).toBeNull();
  });

  test('each of eight series has its own colour and mark; the ninth starts again', () => {
    const marks = Array.from({ length: 8 }, (_, index) => seriesMark(index));
    expect(new Set(marks.map((mark) => `${mark.shape} ${mark.hollow}`)).size).toBe(8);
    expect(marks.map((mark) => mark.style)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seriesMark(8)).toEqual(seriesMark(0));
  });
});
