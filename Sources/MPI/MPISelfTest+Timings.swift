// MARK: - Timings

extension SelfTestRun {
  /// Round-trip times between ranks 0 and 1, as `timing:` lines on rank 0.
  ///
  /// Every rank must call this; ranks other than 0 and 1 only wait at the
  /// closing barrier. Times are means over many round trips, in
  /// microseconds, measured with `MPI_Wtime`.
  func timings() throws -> String {
    guard size > 1 else {
      return rank == 0 ? "timing: skipped on 1 rank\n" : ""
    }
    var text = ""
    for (bytes, trips) in [(8, 2000), (1 << 20, 50)] {
      let micros = try pingPong(bytes: bytes, trips: trips)
      text += "timing: \(bytes)-byte round trip \(Self.format(micros)) us "
        + "(ranks 0-1, mean of \(trips))\n"
    }
    try comm.barrier()
    return rank == 0 ? text : ""
  }

  /// The mean round trip in microseconds for `bytes`-byte messages,
  /// after a tenth as many warm-up trips.
  func pingPong(bytes: Int, trips: Int) throws -> Double {
    let payload = [UInt8](repeating: 1, count: bytes)
    let warmUp = Swift.max(trips / 10, 1)
    var start = 0.0
    for trip in 0..<(warmUp + trips) {
      if trip == warmUp { start = MPIRuntime.wallTime }
      if rank == 0 {
        try comm.send(payload, to: 1, tag: 30)
        _ = try comm.receive(from: 1, tag: 31)
      } else if rank == 1 {
        let got = try comm.receive(from: 0, tag: 30)
        try comm.send(got.bytes, to: 0, tag: 31)
      }
    }
    return (MPIRuntime.wallTime - start) / Double(trips) * 1e6
  }

  /// `value` with two decimals, without Foundation.
  static func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
