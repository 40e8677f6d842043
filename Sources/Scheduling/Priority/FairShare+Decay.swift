#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

import SimKernel

extension FairShare {
  /// Ends every period up to `period`: usage decays and the usage accrued by
  /// running jobs is added, as at each of Slurm's `PriorityCalcPeriod` steps.
  ///
  /// - Complexity: O(associations with running jobs); O(associations) on the
  ///   rare renormalisation.
  mutating func advance(toPeriod target: Int64) {
    if processedPeriod == Int64.min {
      processedPeriod = target
      scaleBase = target
      return
    }
    guard target > processedPeriod else { return }
    let steps = target - processedPeriod
    defer { processedPeriod = target }
    guard !active.isEmpty else { return }
    invalidateFactors()
    let periodSeconds = Double(periodMicros) / Double(SimTime.ticksPerSecond)
    if Double(target - scaleBase) * bitsPerPeriod > 600 {
      if Double(steps) * bitsPerPeriod > 600 {
        advanceInRealFrame(steps: steps, periodSeconds: periodSeconds, target: target)
        return
      }
      renormalise(toBase: processedPeriod)
    }
    // Usage accrued in the period ending at i is worth 2^((i - 1 - base) * bits) here.
    let first = exp2(Double(processedPeriod - scaleBase) * bitsPerPeriod)
    var rest = 0.0
    if steps > 1 {
      rest =
        bitsPerPeriod > 0
        ? first * exp2(bitsPerPeriod) * (exp2(Double(steps - 1) * bitsPerPeriod) - 1)
          / (exp2(bitsPerPeriod) - 1)
        : Double(steps - 1)
    }
    var kept = 0
    for position in active.indices {
      let u = active[position]
      let a = Int(u)
      let perPeriod = userRate[a] * periodSeconds
      let added = (perPeriod + userPending[a]) * first + perPeriod * rest
      userPending[a] = 0
      add(added, to: a)
      if userRate[a] > 0 {
        active[kept] = u
        kept += 1
      } else {
        userRate[a] = 0
        userIsActive[a] = false
      }
    }
    active.removeLast(active.count - kept)
  }

  mutating func add(_ usage: Double, to user: Int) {
    userUsage[user] += usage
    accountUsage[Int(userAccount[user])] += usage
    rootUsage += usage
    accountDirty[Int(userAccount[user])] = true
    markStale(userAccount[user])
  }

  /// Notes that `account`'s key must be recomputed.
  mutating func markStale(_ account: Int32) {
    if !accountKeyStale[Int(account)] {
      accountKeyStale[Int(account)] = true
      staleAccounts.append(account)
    }
  }

  /// Notes that every account's key must be recomputed (the usage frame or the shares changed).
  mutating func markAllStale() {
    for a in accountGroup.indices { markStale(Int32(a)) }
  }

  /// Multiplies every stored usage so that `base` becomes the frame's origin.
  mutating func renormalise(toBase base: Int64) {
    let factor = exp2(-Double(base - scaleBase) * bitsPerPeriod)
    for i in userUsage.indices { userUsage[i] *= factor }
    for i in accountUsage.indices { accountUsage[i] *= factor }
    rootUsage *= factor
    markAllStale()
    scaleBase = base
  }

  /// A gap of hundreds of half-lives: decays every usage for real and restarts the frame.
  mutating func advanceInRealFrame(steps: Int64, periodSeconds: Double, target: Int64) {
    renormalise(toBase: processedPeriod)
    let decay = exp2(-bitsPerPeriod)
    let decaySteps = exp2(-Double(steps) * bitsPerPeriod)
    // sum_{m=1}^{steps-1} decay^m
    let series = steps > 1 ? decay * (1 - exp2(-Double(steps - 1) * bitsPerPeriod)) / (1 - decay) : 0
    for i in userUsage.indices {
      let perPeriod = userRate[i] * periodSeconds
      userUsage[i] = (userUsage[i] + perPeriod + userPending[i]) * decaySteps + perPeriod * series
      userPending[i] = 0
    }
    for i in accountUsage.indices {
      accountUsage[i] = 0
      accountDirty[i] = true
    }
    markAllStale()
    rootUsage = 0
    for i in userUsage.indices {
      accountUsage[Int(userAccount[i])] += userUsage[i]
      rootUsage += userUsage[i]
    }
    active.removeAll { userRate[Int($0)] <= 0 }
    for i in userIsActive.indices { userIsActive[i] = userRate[i] > 0 }
    scaleBase = target
  }

  /// The real (decayed) usage of `association` at the end of the last processed period.
  func usage(of association: Int32) -> Double {
    userUsage[Int(association)] * exp2(-Double(processedPeriod - scaleBase) * bitsPerPeriod)
  }
}
