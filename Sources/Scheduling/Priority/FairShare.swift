#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

import SimKernel

/// Fair-share usage on a two-level association tree, root -> account (the
/// trace's group, SWF field 13) -> user (SWF field 12). An association is an
/// (account, user) pair, as in Slurm. Users within an account have equal
/// shares; accounts have the configured shares.
///
/// ## Usage and its decay
/// Usage is node-seconds: a job on `n` nodes for `t` seconds adds `n * t`.
/// (Slurm charges allocated CPU-seconds; with whole-node allocation that is
/// node-seconds times the cores per node, a constant that cancels in every
/// normalised usage.) Time is cut into periods of `PriorityCalcPeriod`
/// starting at time 0; at the end of each period, as Slurm's decay thread
/// does, `U = (U + usage accrued in the period) * 2^(-period / half-life)`.
///
/// Only ratios of usages enter the fair-share factors, so the decay is kept
/// implicit: stored usages are in a frame that grows by `2^(period /
/// half-life)` per period, new usage is added scaled up, and the frame is
/// renormalised before it could overflow. A period costs O(associations with
/// running jobs), not O(all associations).
struct FairShare {
  /// Period length in microseconds.
  let periodMicros: Int64
  /// log2 of the per-period decay: usage halves every `1 / bitsPerPeriod` periods (0 = none).
  let bitsPerPeriod: Double
  let fairTree: Bool
  let dampening: Double
  let config: MultifactorConfig

  // MARK: Accounts
  var accountGroup: [Int32] = []
  var accountByGroup: [Int32: Int32] = [:]
  var accountShares: [Double] = []
  var accountUsage: [Double] = []
  /// Each account's users, kept sorted by usage (least first) for Fair Tree.
  var accountMembers: [[Int32]] = []
  /// Whether an account's users' usage changed since they were last sorted.
  var accountDirty: [Bool] = []
  var totalAccountShares: Double = 0

  // MARK: Users (associations)
  var userID: [Int32] = []
  var userAccount: [Int32] = []
  var userUsage: [Double] = []
  /// Nodes the association's running jobs hold now.
  var userRate: [Double] = []
  /// Node-seconds correcting `rate * period` for the current period (jobs that
  /// started or ended inside it).
  var userPending: [Double] = []
  var userIsActive: [Bool] = []
  /// Associations with a running job or a pending correction.
  var active: [Int32] = []
  var associationByKey: [Int64: Int32] = [:]
  var rootUsage: Double = 0

  /// Usage is complete up to the end of this period (period `j` ends at `j * period`).
  var processedPeriod = Int64.min
  /// Stored usage times `2^(-(processedPeriod - scaleBase) * bitsPerPeriod)` is the real usage.
  var scaleBase: Int64 = 0

  // MARK: Factors
  /// Classic factors, by association.
  var factors: [Double] = []
  /// Fair Tree ranks (the factor is rank / associations), by association.
  var userRank: [Int32] = []
  /// Fair Tree: whether `userRank` reflects the current usage and associations.
  var fairTreeValid = false
  /// Classic: the generation each user's factor was computed in.
  var classicGeneration: [Int64] = []
  var generation: Int64 = 0
  // Scratch for Fair Tree.
  var levelFairshare: [Double] = []
  var accountLevelFairshare: [Double] = []
  var accountOrder: [Int32] = []
  var merged: [Int32] = []

  init(config: MultifactorConfig) {
    self.config = config
    periodMicros = max(config.calcPeriodSeconds, 1) * SimTime.ticksPerSecond
    bitsPerPeriod =
      config.decayHalfLifeSeconds > 0
      ? Double(config.calcPeriodSeconds) / Double(config.decayHalfLifeSeconds) : 0
    fairTree = config.fairTree
    dampening = Double(max(config.dampeningFactor, 1))
  }

  /// The period holding instant `time` (microseconds): `floor(time / period)`.
  @inline(__always)
  func period(of time: Int64) -> Int64 {
    let quotient = time / periodMicros
    return time % periodMicros < 0 ? quotient - 1 : quotient
  }

  var userCount: Int { userID.count }

  // MARK: - Associations

  /// The association of `user` in account `group`, created (with no usage) if new.
  ///
  /// - Complexity: O(1) amortised
  mutating func association(group: Int32, user: Int32) -> Int32 {
    let key = Int64(group) << 32 | Int64(UInt32(bitPattern: user))
    if let found = associationByKey[key] { return found }
    let account: Int32
    if let known = accountByGroup[group] {
      account = known
    } else {
      account = Int32(accountGroup.count)
      accountByGroup[group] = account
      accountGroup.append(group)
      let shares = Double(config.shares(ofAccount: group))
      accountShares.append(shares)
      totalAccountShares += shares
      accountUsage.append(0)
      accountMembers.append([])
      accountDirty.append(true)
      accountLevelFairshare.append(0)
      accountOrder.append(account)
    }
    let index = Int32(userID.count)
    associationByKey[key] = index
    userID.append(user)
    userAccount.append(account)
    userUsage.append(0)
    userRate.append(0)
    userPending.append(0)
    userIsActive.append(false)
    factors.append(1)
    classicGeneration.append(-1)
    levelFairshare.append(0)
    userRank.append(0)
    accountMembers[Int(account)].append(index)
    accountDirty[Int(account)] = true
    invalidateFactors()
    return index
  }

  mutating func invalidateFactors() {
    fairTreeValid = false
    generation += 1
  }

  // MARK: - Running jobs

  /// Records that a job of `association` on `nodes` nodes started at `time`
  /// (microseconds). Call `advance(toPeriod: period(of: time))` first.
  mutating func jobStarted(association: Int32, nodes: Int32, at time: Int64) {
    let a = Int(association)
    userRate[a] += Double(nodes)
    userPending[a] -= Double(nodes) * secondsIntoPeriod(time)
    activate(association)
  }

  /// Records that a job of `association` on `nodes` nodes ended at `time`.
  /// Call `advance(toPeriod: period(of: time))` first.
  mutating func jobEnded(association: Int32, nodes: Int32, at time: Int64) {
    let a = Int(association)
    userRate[a] -= Double(nodes)
    userPending[a] += Double(nodes) * secondsIntoPeriod(time)
    activate(association)
  }

  /// Seconds from the start of the current period to `time`.
  func secondsIntoPeriod(_ time: Int64) -> Double {
    Double(time - processedPeriod &* periodMicros) / Double(SimTime.ticksPerSecond)
  }

  mutating func activate(_ association: Int32) {
    if !userIsActive[Int(association)] {
      userIsActive[Int(association)] = true
      active.append(association)
    }
  }

  // MARK: - Decay

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
  }

  /// Multiplies every stored usage so that `base` becomes the frame's origin.
  mutating func renormalise(toBase base: Int64) {
    let factor = exp2(-Double(base - scaleBase) * bitsPerPeriod)
    for i in userUsage.indices { userUsage[i] *= factor }
    for i in accountUsage.indices { accountUsage[i] *= factor }
    rootUsage *= factor
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

  // MARK: - Factors

  /// The fair-share factor of `association`, from the usage as of the last
  /// processed period.
  mutating func factor(of association: Int32) -> Double {
    if fairTree {
      if !fairTreeValid { computeFairTree() }
      return Double(userRank[Int(association)]) / Double(userID.count)
    }
    let u = Int(association)
    if classicGeneration[u] != generation {
      factors[u] = classicFactor(of: u)
      classicGeneration[u] = generation
    }
    return factors[u]
  }
}
