extension LublinModel {
  /// The relative arrival intensity of each half-hour bucket of the day
  /// (index 0 is 00:00–00:30), normalised to mean 1.
  ///
  /// As in the reference: for `i` in `cyclicDayStart ..< cyclicDayStart+48`,
  /// bucket `(i − 1) mod 48` gets `F(i + 0.5) − F(i − 0.5)` where `F` is the
  /// Gamma(anum, bnum) CDF in bucket units; the weights are then divided by
  /// their mean. A gap of `g` seconds "costs" `g / 1800` points, and crossing
  /// bucket `b` costs `weights[b]` points, so time runs slowly (arrivals are
  /// dense) where the weight is large. Over a whole day 48 points are paid for
  /// 86,400 s, so the long-run mean gap equals the mean sampled gap.
  ///
  /// - Complexity: O(48) gamma CDF evaluations.
  public static func dailyCycleWeights(for parameters: ClassParameters) -> [Double] {
    var weights = [Double](repeating: 0, count: bucketsPerDay)
    for i in cyclicDayStart..<(bucketsPerDay + cyclicDayStart) {
      let x = Double(i)
      weights[(i - 1) % bucketsPerDay] =
        GammaDistribution.cdf(x + 0.5, shape: parameters.anum, scale: parameters.bnum)
        - GammaDistribution.cdf(x - 0.5, shape: parameters.anum, scale: parameters.bnum)
    }
    let mean = weights.reduce(0, +) / Double(bucketsPerDay)
    return weights.map { $0 / mean }
  }
}
