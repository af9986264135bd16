import { describe, expect, test } from 'vitest';
import { activeDaysBucket, visitLengthBucket } from './presence';

const MINUTE = 60_000;

describe('presence buckets', () => {
  test.each([
    [1, '1-day'],
    [2, '2-4-days'],
    [4, '2-4-days'],
    [5, '5-9-days'],
    [9, '5-9-days'],
    [10, '10-days-or-more'],
    [31, '10-days-or-more'],
  ])('%i active days are in %s', (days, bucket) => {
    expect(activeDaysBucket(days)).toBe(bucket);
  });

  test.each([
    [0, 'under-1-minute'],
    [MINUTE - 1, 'under-1-minute'],
    [MINUTE, '1-4-minutes'],
    [5 * MINUTE - 1, '1-4-minutes'],
    [5 * MINUTE, '5-14-minutes'],
    [15 * MINUTE, '15-29-minutes'],
    [30 * MINUTE, '30-59-minutes'],
    [60 * MINUTE - 1, '30-59-minutes'],
    [60 * MINUTE, '1-hour-or-more'],
    [5 * 60 * MINUTE, '1-hour-or-more'],
  ])('a visit of %i ms is in %s', (length, bucket) => {
    expect(visitLengthBucket(length)).toBe(bucket);
  });
});
