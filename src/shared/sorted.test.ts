import fc from 'fast-check';
import { expect, test } from 'vitest';
import { lowerBound } from './sorted';

test('finds where a value is or would go in any sorted list', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, target) => {
      const sorted = [...values].sort((a, b) => a - b);
      const expected = sorted.findIndex((value) => value >= target);
      expect(lowerBound(sorted, (value) => value < target)).toBe(expected === -1 ? sorted.length : expected);
    }),
  );
});
