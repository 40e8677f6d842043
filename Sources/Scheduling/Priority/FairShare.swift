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
  /// Bumped whenever usage or the associations change: every factor
  /// computed in an older generation is stale.
  var generation: Int64 = 0
  /// Classic factors, and the generation each was computed in.
  var factors: [Double] = []
  var classicGeneration: [Int64] = []
  // Fair Tree, computed on demand (see FairShare+FairTree.swift).
  /// Ranks, and the generation each was computed in.
  var userRank: [Int32] = []
  var rankGeneration: [Int64] = []
  /// Each user's index, in its account's sorted users, of the first user of equal usage.
  var userTieStart: [Int32] = []
  var levelFairshare: [Double] = []
  /// The generation the account level (LF, order, bases) was computed in.
  var accountLevelGeneration: Int64 = -1
  /// Each account's shares over its stored usage: its LF up to a factor common
  /// to all accounts (root usage over total shares), so it orders them alike.
  var accountKey: [Double] = []
  /// Accounts whose usage changed since their key was computed.
  var staleAccounts: [Int32] = []
  var accountKeyStale: [Bool] = []
  /// Users in each account.
  var accountSize: [Int32] = []
  /// Accounts by LF, highest first (kept from one computation to the next).
  var accountOrder: [Int32] = []
  /// Each account's place in the ranking (see `AccountPlace`).
  var accountPlace: [AccountPlace] = []
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
      accountKey.append(0)
      accountKeyStale.append(false)
      accountSize.append(0)
      markStale(account)
      accountOrder.append(account)
      accountPlace.append(AccountPlace())
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
    rankGeneration.append(-1)
    userTieStart.append(0)
    accountMembers[Int(account)].append(index)
    accountSize[Int(account)] += 1
    accountDirty[Int(account)] = true
    invalidateFactors()
    return index
  }

  mutating func invalidateFactors() {
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

  // MARK: - Factors

  /// The fair-share factor of `association`, from the usage as of the last
  /// processed period.
  mutating func factor(of association: Int32) -> Double {
    if fairTree {
      return Double(fairTreeRank(of: Int(association))) / Double(userID.count)
    }
    let u = Int(association)
    if classicGeneration[u] != generation {
      factors[u] = classicFactor(of: u)
      classicGeneration[u] = generation
    }
    return factors[u]
  }
}

/// Where an account stands in the Fair Tree ranking.
struct AccountPlace {
  /// Users in the account groups ranked before this account's group.
  var base: Int32 = 0
  /// The range in `accountOrder` of this account's group of LF-tied accounts.
  var groupStart: Int32 = 0
  var groupEnd: Int32 = 0
}
