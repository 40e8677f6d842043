import Platform
import Reporting
import Scheduling
import SimKernel
import Simulation
import Workload

extension ReplayScenario {
  /// The partitions and QOS limits `policyConfig` asks the replay to
  /// enforce on `machine`, or `nil` when it asks for none (the replay then
  /// takes its plain path).
  ///
  /// Each listed partition gets nodes from its `Nodes`: `ALL` is the whole
  /// machine; a count `N` is the next `N` nodes not yet given to a partition
  /// by count or host list; a host list (`cn[001-064]`) names nodes, numbered
  /// in order of first mention, so partitions naming the same hosts share
  /// them. Without `Nodes`, a partition takes the range of the `--machine`
  /// partition of the same name, else the whole machine. The default
  /// partition is the one marked default, else the first.
  ///
  /// - Throws: `ScenarioError` naming the file, line and partition when the
  ///   nodes do not fit the machine or two partitions partly overlap.
  public func replayConstraints(for machine: ResolvedMachine) throws -> ReplayConstraints? {
    guard let config = policyConfig else { return nil }
    let limits = UserLimits(byQueue: config.qosLimits, fallback: config.defaultQOSLimits)
    var layout: PartitionLayout?
    if let resolved = try enforcedPartitions(config, machine: machine).layout,
      !resolved.isTrivial(totalNodes: machine.nodes)
    {
      layout = resolved
    }
    guard layout != nil || !limits.isEmpty else { return nil }
    return ReplayConstraints(
      layout: layout, limits: limits, estimateSource: estimate, killAtWalltime: killAtWalltime)
  }

  /// The partitions the replay enforces, or why an imported `slurm.conf`'s
  /// are not (their hosts do not fit the machine): they then serve priority only.
  public func enforcedPartitions(
    _ config: PolicyConfig, machine: ResolvedMachine
  ) throws -> (layout: PartitionLayout?, note: String?) {
    guard !config.partitions.isEmpty && config.enforcesPartitions else { return (nil, nil) }
    guard config.mergesOverlappingPartitions else { return (try partitionLayout(config, machine: machine), nil) }
    do {
      return (try partitionLayout(config, machine: machine), nil)
    } catch {
      return (nil, "not enforced, priority only: \(error)")
    }
  }

  func partitionLayout(_ config: PolicyConfig, machine: ResolvedMachine) throws -> PartitionLayout {
    let path = config.sourcePath ?? "policy configuration"
    let total = machine.nodes
    var cursor: Int32 = 0
    var hosts: [String: Int32] = [:]
    var partitions: [PartitionLayout.Partition] = []
    func fail(_ settings: PartitionSettings, _ message: String) -> ScenarioError {
      ScenarioError("\(path):\(settings.line): partition '\(settings.name)': \(message)")
    }
    for settings in config.partitions {
      var range: Range<Int32>
      if let list = settings.nodeList, list.lowercased() != "all" {
        if let count = Int32(list) {
          guard count > 0, count <= total - cursor else {
            throw fail(settings, "Nodes=\(list): only \(total - cursor) of the machine's \(total) nodes are left")
          }
          range = cursor..<(cursor + count)
          cursor += count
        } else {
          guard let names = SlurmHostList.expand(list, limit: Int(total)) else {
            throw fail(settings, "Nodes=\(list): more hosts than the machine's \(total) nodes, or not a host list")
          }
          var indices: [Int32] = []
          for name in names {
            if let known = hosts[name] {
              indices.append(known)
            } else {
              guard cursor < total else {
                throw fail(settings, "Nodes=\(list): the partitions name more hosts than the machine's \(total) nodes")
              }
              hosts[name] = cursor
              indices.append(cursor)
              cursor += 1
            }
          }
          indices.sort()
          guard let low = indices.first, let high = indices.last, Int(high - low) + 1 == indices.count,
            Set(indices).count == indices.count
          else {
            throw fail(settings, "Nodes=\(list): its hosts are not one block of the hosts listed before it")
          }
          range = low..<(high + 1)
        }
      } else if settings.nodeList == nil, let spec = machine.machine?.partitions.first(where: { $0.name == settings.name }) {
        range = Int32(spec.nodes.lowerBound)..<Int32(spec.nodes.upperBound)
      } else {
        range = 0..<total
      }
      partitions.append(
        PartitionLayout.Partition(
          name: settings.name, number: settings.number, queues: settings.queues, nodes: range,
          maxTime: settings.maxTime.flatMap(\.simTime), defaultTime: settings.defaultTime.flatMap(\.simTime),
          maxNodes: settings.maxNodes.map { Int32(clamping: $0) }, priorityTier: settings.priorityTier))
    }
    let defaultIndex = config.partitions.firstIndex(where: \.isDefault) ?? 0
    do {
      return try PartitionLayout(
        partitions: partitions, defaultPartition: defaultIndex, mergingOverlaps: config.mergesOverlappingPartitions)
    } catch {
      throw ScenarioError("\(path): \(error)")
    }
  }

  /// The policy under the constraints: `ConstrainedScheduling` over one
  /// instance of the scenario's policy per node group (the queue order
  /// ranked by partition `PriorityTier` first when tiers differ).
  func makeConstrainedPolicy(_ constraints: ReplayConstraints, totalNodes: Int32) -> any SchedulingPolicy {
    let layout = constraints.layout
    let tiered = layout?.hasTiers ?? false
    return ConstrainedScheduling(layout: layout, limits: constraints.limits, totalNodes: totalNodes) { _ in
      guard tiered, let layout else { return makeSchedulingPolicy() }
      let wrap: (any QueueOrder) -> any QueueOrder = { TieredOrder($0, layout: layout) }
      if let policyConfig { return policyConfig.makePolicy(wrappingOrder: wrap) }
      return policy.makePolicy(order: wrap(order.makeOrder()), backfill: backfill)
    }
  }

  /// The partitions and limits for the report's provenance.
  func constraintOptions(_ constraints: ReplayConstraints?, machine: ResolvedMachine) -> [(String, String)] {
    if constraints?.layout == nil, let config = policyConfig,
      let note = try? enforcedPartitions(config, machine: machine).note
    {
      return [("partitions", note)] + (constraints.map { $0.limits.isEmpty ? [] : [("qos_limits", "yes")] } ?? [])
    }
    guard let constraints else { return [] }
    var options: [(String, String)] = []
    if let layout = constraints.layout {
      let text = layout.partitions.map { partition -> String in
        let group = layout.groups[layout.groupOfPartition[layout.partitions.firstIndex(of: partition)!]]
        let own = "\(partition.name)=\(partition.nodes.lowerBound)-\(partition.nodes.upperBound - 1)"
        return group == partition.nodes ? own : own + "(group \(group.lowerBound)-\(group.upperBound - 1))"
      }
      options.append(("partitions", text.joined(separator: " ")))
    }
    if !constraints.limits.isEmpty { options.append(("qos_limits", "yes")) }
    return options
  }
}

extension SlurmDuration {
  /// The duration as `SimTime`, or `nil` when unlimited.
  var simTime: SimTime? {
    guard case .seconds(let seconds) = self else { return nil }
    return .seconds(seconds)
  }
}

/// Slurm host lists (`cn[001-004,7],gpu1`).
enum SlurmHostList {
  /// The host names of `text` in order, or `nil` when it is not a host list
  /// or names more than `limit` hosts.
  static func expand(_ text: String, limit: Int) -> [String]? {
    guard let count = SlurmPartitionAttributes.hostListCount(text), count <= limit else { return nil }
    var depth = 0
    var piece = ""
    var pieces: [String] = []
    for character in text {
      if character == "[" { depth += 1 } else if character == "]" { depth -= 1 }
      if character == "," && depth == 0 {
        pieces.append(piece)
        piece = ""
      } else {
        piece.append(character)
      }
    }
    pieces.append(piece)
    var names: [String] = []
    for host in pieces { names += expandHost(Substring(host)) }
    return names
  }

  static func expandHost(_ host: Substring) -> [String] {
    guard let open = host.firstIndex(of: "["), let close = host[open...].firstIndex(of: "]") else { return [String(host)] }
    let prefix = String(host[..<open])
    let rest = expandHost(host[host.index(after: close)...])
    var names: [String] = []
    for range in host[host.index(after: open)..<close].split(separator: ",") {
      let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
      let width = bounds[0].count
      guard let low = Int(bounds[0]), let high = Int(bounds.last ?? bounds[0]) else { continue }
      for number in low...high {
        var digits = String(number)
        if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
        for suffix in rest { names.append(prefix + digits + suffix) }
      }
    }
    return names
  }
}

extension ReplayScenario {
  /// What `hpcsim validate` needs to check a replay of this scenario made
  /// under partitions or QOS limits: the trace's jobs as the replay admits
  /// them (`DefaultTime` filled in), the jobs the configuration rejects, and
  /// the guarantees (nodes within partitions, per-user limits).
  ///
  /// Rejections for partition limits follow from each job alone; those for
  /// `MaxSubmitJobsPerUser` are recomputed from the schedule itself: at each
  /// submit (in arrival order; ends at the same instant come first), the
  /// user's earlier admitted jobs not yet finished are counted.
  ///
  /// - Complexity: O(n log n)
  public func constraintValidation(
    jobs: [Job], rows: [ScheduledRow], machine: ResolvedMachine
  ) throws -> (jobs: [Job], rejected: Set<Int64>, guarantees: [any ScheduleGuarantee]) {
    guard let constraints = try replayConstraints(for: machine) else { return (jobs, [], []) }
    var adjusted = jobs
    var rejected: Set<Int64> = []
    var finishOf: [Int64: SimTime] = [:]
    for row in rows { if let finish = row.finishTime { finishOf[row.jobID] = finish } }
    var running: [Int64: [SimTime]] = [:]
    let order = adjusted.indices.sorted {
      adjusted[$0].submitTime != adjusted[$1].submitTime ? adjusted[$0].submitTime < adjusted[$1].submitTime : $0 < $1
    }
    let limits = constraints.limits
    for index in order {
      var job = adjusted[index]
      if job.nodes > machine.nodes { continue }
      if ReplayConstraints.partitionCheck(
        &job, layout: constraints.layout, estimateSource: estimate, killAtWalltime: killAtWalltime) != nil
      {
        rejected.insert(job.id)
        continue
      }
      adjusted[index] = job
      guard let limit = limits.limits(of: job) else { continue }
      if let most = limit.maxNodesPerUser, job.nodes > most {
        rejected.insert(job.id)
        continue
      }
      guard let most = limit.maxSubmitJobsPerUser else { continue }
      let key = limits.key(of: job)
      var ends = running[key, default: []].filter { $0 > job.submitTime }
      if ends.count >= Int(most) {
        rejected.insert(job.id)
      } else {
        ends.append(finishOf[job.id] ?? .infinity)
      }
      running[key] = ends
    }
    var guarantees: [any ScheduleGuarantee] = []
    if let layout = constraints.layout { guarantees.append(PartitionGuarantee(layout: layout)) }
    if !limits.isEmpty { guarantees.append(UserLimitGuarantee(limits: limits)) }
    return (adjusted, rejected, guarantees)
  }
}
