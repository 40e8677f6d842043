#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension FairShare {
  /// Classic fair-share (`PriorityFlags=NO_FAIR_TREE`, `classic_fair_share.html`):
  /// `F = 2^(-UE / S / d)` with `d` the `FairShareDampeningFactor`.
  ///
  /// - S, the normalised shares: the account's share of all accounts' shares
  ///   times the user's share of its account (users have equal shares).
  /// - U, the normalised usage: usage over the root's usage (at most 1).
  /// - UE, the effective usage: an account's is its U; a user's is
  ///   `UA_user + (UE_account - UA_user) * S_user / S_all_users_of_the_account`.
  ///
  /// `F = 0.5` means the user used exactly its share; no usage gives 1.
  ///
  /// - Complexity: O(1)
  func classicFactor(of user: Int) -> Double {
    let account = Int(userAccount[user])
    let root = rootUsage
    let accountUsageNorm = root > 0 ? min(1, accountUsage[account] / root) : 0
    let userUsageNorm = root > 0 ? min(1, userUsage[user] / root) : 0
    let siblings = Double(accountMembers[account].count)
    let effective = userUsageNorm + (accountUsageNorm - userUsageNorm) / siblings
    let accountShare = totalAccountShares > 0 ? accountShares[account] / totalAccountShares : 0
    let shares = accountShare / siblings
    guard shares > 0 else { return 0 }
    return exp2(-(effective / shares) / dampening)
  }
}
