import Scheduling

extension ReplayScenario {
  /// A fresh policy for this scenario: the one `policyConfig` describes when
  /// set (see `PolicyConfig.makePolicy`), else `policy`.
  func makeSchedulingPolicy() -> any SchedulingPolicy {
    policyConfig?.makePolicy() ?? policy.makePolicy(order: order.makeOrder(), backfill: backfill)
  }

  /// The policy's name in reports: `policy`, or the configured policy's name
  /// such as `easy/multifactor` or `conservative/multifactor`.
  var policyLabel: String {
    policyConfig.map { $0.makePolicy().name }
      ?? (order == .submit ? policy.rawValue : "\(policy.rawValue)/\(order.rawValue)")
  }
}
