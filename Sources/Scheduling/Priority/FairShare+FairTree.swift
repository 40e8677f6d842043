extension FairShare {
  // Fair Tree (Slurm >= 19.05, `fair_tree.html`): at each level the Level
  // Fairshare `LF = S / U`, with S the shares normalised among siblings and
  // U the usage normalised among siblings (`U = 0` gives `LF = inf`, `S = 0`
  // gives `LF = 0`). Siblings are sorted by LF, highest first; the tree is
  // walked depth-first and users are ranked from `user_count` down; the
  // factor is `rank / user_count`, so the top user gets 1.0.
  //
  // Ties: sibling users with equal LF share a rank (the next distinct user
  // takes the rank it would have had without ties); sibling accounts with
  // equal LF have their users merged and ranked together. Accounts that tie
  // are visited in group-id order (Slurm's order there is unspecified).
  //
  // Users of one account have equal shares, so their LF order is their usage
  // order (least first) and equal usage is an LF tie. A user's rank is
  // therefore `user_count - (users in the account groups before its own +
  // users before the first user of its usage in its account)`: only the
  // account level is computed for every user; a user's own account is sorted
  // when one of its ranks is asked for.

  /// The Fair Tree rank of `user` (1 ... user count), from the usage as of
  /// the last processed period.
  ///
  /// - Complexity: O(1) when known in this generation; else O(accounts) once
  ///   per generation for the account level, plus sorting the user's account
  ///   if its usage changed (an insertion sort of a nearly sorted list).
  mutating func fairTreeRank(of user: Int) -> Int {
    if rankGeneration[user] == generation { return Int(userRank[user]) }
    if accountLevelGeneration != generation { computeAccountLevel() }
    let account = Int(userAccount[user])
    let place = accountPlace[account]
    if place.groupEnd - place.groupStart > 1 {
      rankMergedGroup(of: account)
    } else {
      sortUsers(ofAccount: account)
      userRank[user] = Int32(userID.count) - place.base - userTieStart[user]
      rankGeneration[user] = generation
    }
    return Int(userRank[user])
  }

  /// Accounts' order by LF, groups of tied accounts and each group's base.
  ///
  /// An account's LF is `(S / total shares) / (U / root usage)`; the factor
  /// `root usage / total shares` is common to all accounts, so they are
  /// ordered (and tied) by `S / U` alone, which changes only for accounts
  /// whose usage changed.
  ///
  /// - Complexity: O(accounts) plus the moves of accounts whose order changed.
  mutating func computeAccountLevel() {
    accountLevelGeneration = generation
    for account in staleAccounts {
      let a = Int(account)
      accountKeyStale[a] = false
      let shares = accountShares[a]
      accountKey[a] = shares == 0 ? 0 : shares / accountUsage[a]
    }
    staleAccounts.removeAll(keepingCapacity: true)
    sortAccounts()
    let order = accountOrder
    let keys = accountKey
    let sizes = accountSize
    accountPlace.withUnsafeMutableBufferPointer { places in
      var base: Int32 = 0
      var position = 0
      while position < order.count {
        let key = keys[Int(order[position])]
        var end = position + 1
        while end < order.count && keys[Int(order[end])] == key { end += 1 }
        var size: Int32 = 0
        for i in position..<end {
          let a = Int(order[i])
          places[a] = AccountPlace(base: base, groupStart: Int32(position), groupEnd: Int32(end))
          size += sizes[a]
        }
        base += size
        position = end
      }
    }
  }

  /// Sorts `accountOrder` by LF, highest first, ties by group id: an
  /// insertion sort of the last order, which rarely changes much.
  mutating func sortAccounts() {
    guard accountOrder.count > 1 else { return }
    let keys = accountKey
    let groups = accountGroup
    accountOrder.withUnsafeMutableBufferPointer { order in
      for i in 1..<order.count {
        let moving = order[i]
        let key = keys[Int(moving)]
        let group = groups[Int(moving)]
        var j = i
        while j > 0 {
          let before = Int(order[j - 1])
          let beforeKey = keys[before]
          guard beforeKey < key || (beforeKey == key && groups[before] > group) else { break }
          order[j] = order[j - 1]
          j -= 1
        }
        order[j] = moving
      }
    }
  }

  /// Sorts an account's users by usage if it changed, and notes for each the
  /// index of the first user of equal usage.
  mutating func sortUsers(ofAccount account: Int) {
    guard accountDirty[account] else { return }
    accountDirty[account] = false
    var users = accountMembers[account]
    accountMembers[account] = []
    Self.sortAscending(&users, by: userUsage)
    userUsage.withUnsafeBufferPointer { usage in
      userTieStart.withUnsafeMutableBufferPointer { tieStarts in
        users.withUnsafeBufferPointer { users in
          var tieStart: Int32 = 0
          var previous = -1.0
          for position in users.indices {
            let u = Int(users[position])
            let value = usage[u]
            if value != previous { tieStart = Int32(truncatingIfNeeded: position) }
            tieStarts[u] = tieStart
            previous = value
          }
        }
      }
    }
    accountMembers[account] = users
  }

  /// Ranks every user of the accounts tied on LF with `account` together, by
  /// their LF within their own account; equal LF, equal rank.
  mutating func rankMergedGroup(of account: Int) {
    merged.removeAll(keepingCapacity: true)
    let place = accountPlace[account]
    for position in Int(place.groupStart)..<Int(place.groupEnd) {
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
    let top = Int32(userID.count) - place.base
    var rank = top
    var previous: Double? = nil
    for (position, u) in merged.enumerated() {
      let level = levelFairshare[Int(u)]
      if previous != level { rank = top - Int32(position) }
      userRank[Int(u)] = rank
      rankGeneration[Int(u)] = generation
      previous = level
    }
  }

  /// Stable insertion sort by `value`, least first: O(n + moves) when nearly sorted.
  static func sortAscending(_ users: inout [Int32], by value: [Double]) {
    guard users.count > 1 else { return }
    value.withUnsafeBufferPointer { value in
      users.withUnsafeMutableBufferPointer { users in
        for i in 1..<users.count {
          let moving = users[i]
          let key = value[Int(moving)]
          var j = i
          while j > 0 && value[Int(users[j &- 1])] > key {
            users[j] = users[j &- 1]
            j &-= 1
          }
          users[j] = moving
        }
      }
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
