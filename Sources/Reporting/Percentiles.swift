/// Nearest-rank percentiles: the smallest value with at least a fraction `p`
/// of the values at or below it (`p` = 0.5 gives the lower median).
///
/// Uses selection rather than sorting: each percentile costs O(n) expected
/// instead of O(n log n) for the sort, which matters for a million jobs.
/// `values` is reordered.
///
/// - Precondition: `values` is not empty; each `p` is in (0, 1].
/// - Complexity: O(n × percentiles.count) expected.
func nearestRankPercentiles<Value: Comparable>(_ values: inout [Value], _ percentiles: [Double]) -> [Value] {
  values.withUnsafeMutableBufferPointer { nearestRankPercentiles($0, percentiles) }
}

/// `nearestRankPercentiles(_:_:)` in a buffer, which is reordered.
func nearestRankPercentiles<Value: Comparable>(
  _ values: UnsafeMutableBufferPointer<Value>, _ percentiles: [Double]
) -> [Value] {
  precondition(!values.isEmpty, "percentiles of no values")
  let indices = percentiles.map { p in
    let rank = Int((p * Double(values.count)).rounded(.up))
    return min(max(rank, 1), values.count) - 1
  }
  // After selecting index k, nothing after k is smaller than the value at
  // k: a higher index is selected among the values from k on (p95 after
  // p50 looks at half the values).
  var results = indices.map { _ in values[0] }
  var start = 0
  for position in indices.indices.sorted(by: { indices[$0] < indices[$1] }) {
    let index = indices[position]
    results[position] = select(UnsafeMutableBufferPointer(rebasing: values[start...]), index - start)
    start = index
  }
  return results
}

/// The value that would sit at `k` if `values` were sorted (Hoare's
/// quickselect with a median-of-three pivot; deterministic).
func select<Value: Comparable>(_ values: inout [Value], _ k: Int) -> Value {
  values.withUnsafeMutableBufferPointer { select($0, k) }
}

/// `select(_:_:)` in a buffer, which is reordered.
func select<Value: Comparable>(_ buffer: UnsafeMutableBufferPointer<Value>, _ k: Int) -> Value {
  var low = 0
  var high = buffer.count - 1
  while low < high {
    let mid = low + (high - low) / 2
    // Order low, mid, high so the pivot is their median.
    if buffer[mid] < buffer[low] { buffer.swapAt(mid, low) }
    if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
    if buffer[high] < buffer[mid] { buffer.swapAt(high, mid) }
    let pivot = buffer[mid]
    var i = low
    var j = high
    while i <= j {
      while buffer[i] < pivot { i += 1 }
      while pivot < buffer[j] { j -= 1 }
      if i <= j {
        buffer.swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    if k <= j {
      high = j
    } else if k >= i {
      low = i
    } else {
      return buffer[k]
    }
  }
  return buffer[k]
}
