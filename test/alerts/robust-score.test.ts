import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { median, medianAbsoluteDeviation, robustScore } from "../../src/alerts/robust-score.js";

describe("robust score", () => {
  it("takes the median of odd and even counts without reordering the input", () => {
    const values = [9, 1, 5];
    assert.equal(median(values), 5);
    assert.deepEqual(values, [9, 1, 5]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), RangeError);
  });

  it("computes the modified z-score from median and MAD", () => {
    // history 80, 85, 87, 90, 95, 100, 400: median 90, deviations 10,5,3,0,5,10,310 → MAD 5
    const history = [80, 85, 87, 90, 95, 100, 400];
    assert.equal(medianAbsoluteDeviation(history), 5);
    const result = robustScore(412, history);
    assert.equal(result.median, 90);
    assert.equal(result.mad, 5);
    assert.ok(Math.abs(result.score - (0.6745 * (412 - 90)) / 5) < 1e-9);
    assert.ok(Math.abs(result.ratio - 412 / 90) < 1e-12);
    // The one spike in the history does not drag the baseline up: 100 is unremarkable.
    assert.ok(robustScore(100, history).score < 3.5);
  });

  it("falls back to the mean absolute deviation when MAD is zero", () => {
    // mostly zeros: median 0, MAD 0; mean absolute deviation = (10 + 20) / 8 = 3.75
    const history = [0, 0, 0, 0, 0, 0, 10, 20];
    const result = robustScore(30, history);
    assert.equal(result.mad, 0);
    assert.ok(Math.abs(result.score - 30 / (1.253314 * 3.75)) < 1e-9);
    assert.equal(result.ratio, Number.POSITIVE_INFINITY);
  });

  it("scores a flat history as infinitely unusual for any change and 0 for none", () => {
    assert.equal(robustScore(5, [3, 3, 3]).score, Number.POSITIVE_INFINITY);
    assert.equal(robustScore(1, [3, 3, 3]).score, Number.NEGATIVE_INFINITY);
    assert.equal(robustScore(3, [3, 3, 3]).score, 0);
    assert.equal(robustScore(0, [0, 0]).ratio, 1);
  });
});
