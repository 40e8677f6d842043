extension FairShare {
  /// Fair Tree (Slurm >= 19.05, `fair_tree.html`): at each level the Level
  /// Fairshare `LF = S / U`, with S the shares normalised among siblings and
  /// U the usage normalised among siblings (`U = 0` gives `LF = inf`, `S = 0`
  /// gives `LF = 0`). Siblings are sorted by LF, highest first; the tree is
  /// walked depth-first and users are ranked from `user_count` down; the
  /// factor is `rank / user_count`, so the top user gets 1.0.
  ///
  /// Ties: sibling users with equal LF share a rank (the next distinct user
  /// takes the rank it would have had without ties); sibling accounts with
  /// equal LF have their users merged and ranked together. Accounts that tie
  /// are visited in group-id order (Slurm's order there is unspecified).
  ///
  /// Users of one account have equal shares, so their LF order is their
  /// usage order (least first) and equal usage is an LF tie: they are kept
  /// sorted by usage, and LF values are computed only to merge tied accounts.
  ///
  /// - Complexity: O(associations + accounts log accounts), plus the moves of
  ///   users whose order changed since the last ranking (an insertion sort
  ///   of each account's users, which are nearly sorted already).
  mutating func computeFairTree() {
    fairTreeValid = true
    let count = userID.count
    guard count > 0 else { return }
    let root = rootUsage
    for a in accountGroup.indices {
      let shares = totalAccountShares > 0 ? accountShares[a] / totalAccountShares : 0
      let usage = root > 0 ? accountUsage[a] / root : 0
      accountLevelFairshare[a] = shares == 0 ? 0 : shares / usage
      if accountDirty[a] {
        Self.sortAscending(&accountMembers[a], by: userUsage)
        accountDirty[a] = false
      }
    }
    sortAccounts()
    // Depth-first ranking.
    var rank = count
    var rankNoTies = count
    var position = 0
    while position < accountOrder.count {
      let first = Int(accountOrder[position])
      var end = position + 1
      while end < accountOrder.count
        && accountLevelFairshare[Int(accountOrder[end])] == accountLevelFairshare[first]
      {
        end += 1
      }
      if end - position == 1 {
        rankUsers(account: first, rank: &rank, rankNoTies: &rankNoTies)
      } else {
        rankMerged(accounts: position..<end, rank: &rank, rankNoTies: &rankNoTies)
      }
      position = end
    }
  }

  /// Ranks the users of one account, in usage order; equal usage, equal rank.
  mutating func rankUsers(account: Int, rank: inout Int, rankNoTies: inout Int) {
    var previous = -1.0
    for u in accountMembers[account] {
      let usage = userUsage[Int(u)]
      if usage != previous { rank = rankNoTies }
      userRank[Int(u)] = Int32(truncatingIfNeeded: rank)
      rankNoTies -= 1
      previous = usage
    }
  }

  /// Sorts `accountOrder` by LF, highest first, ties by group id: an
  /// insertion sort of the last order, which rarely changes much.
  mutating func sortAccounts() {
    guard accountOrder.count > 1 else { return }
    for i in 1..<accountOrder.count {
      let moving = accountOrder[i]
      let level = accountLevelFairshare[Int(moving)]
      let group = accountGroup[Int(moving)]
      var j = i
      while j > 0 {
        let before = Int(accountOrder[j - 1])
        let beforeLevel = accountLevelFairshare[before]
        guard beforeLevel < level || (beforeLevel == level && accountGroup[before] > group) else { break }
        accountOrder[j] = accountOrder[j - 1]
        j -= 1
      }
      accountOrder[j] = moving
    }
  }

  /// Ranks the users of accounts tied on LF together, by their LF within
  /// their own account; equal LF, equal rank.
  mutating func rankMerged(accounts: Range<Int>, rank: inout Int, rankNoTies: inout Int) {
    merged.removeAll(keepingCapacity: true)
    for position in accounts {
      let a = Int(accountOrder[position])
      let accountTotal = accountUsage[a]
      let shares = 1 / Double(accountMembers[a].count)
      for u in accountMembers[a] {
        let usage = accountTotal > 0 ? userUsage[Int(u)] / accountTotal : 0
        levelFairshare[Int(u)] = shares / usage
        merged.append(u)
      }
    }
    Self.sortDescending(&merged, by: levelFairshare)
    var previous: Double? = nil
    for u in merged {
      let level = levelFairshare[Int(u)]
      if previous != level { rank = rankNoTies }
      userRank[Int(u)] = Int32(truncatingIfNeeded: rank)
      rankNoTies -= 1
      previous = level
    }
  }

  /// Stable insertion sort by `value`, least first: O(n + moves) when nearly sorted.
  static func sortAscending(_ users: inout [Int32], by value: [Double]) {
    guard users.count > 1 else { return }
    for i in 1..<users.count {
      let moving = users[i]
      let key = value[Int(moving)]
      var j = i
      while j > 0 && value[Int(users[j - 1])] > key {
        users[j] = users[j - 1]
        j -= 1
      }
      users[j] = moving
    }
  }

  /// Stable insertion sort by `value`, greatest first.
  static func sortDescending(_ users: inout [Int32], by value: [Double]) {
    guard users.count > 1 else { return }
    for i in 1..<users.count {
      let moving = users[i]
      let key = value[Int(moving)]
      var j = i
      while j > 0 && value[Int(users[j - 1])] < key {
        users[j] = users[j - 1]
        j -= 1
      }
      users[j] = moving
    }
  }
}
