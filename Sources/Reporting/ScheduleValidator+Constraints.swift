import Platform
import Scheduling
import SimKernel
import Workload

/// Partitions: every job runs on nodes of its own partition only.
public struct PartitionGuarantee: ScheduleGuarantee {
  public let layout: PartitionLayout

  public init(layout: PartitionLayout) { self.layout = layout }

  public var description: String { "nodes within partitions (\(layout.partitions.count))" }

  /// - Complexity: O(n) plus the allocations' runs.
  public func check(_ schedule: CheckedSchedule, into log: inout ViolationLog) {
    for entry in schedule.entries {
      let partition = layout.partitions[layout.partitionIndex(of: entry.job)]
      // The partition's node group (its own nodes, or the union of
      // overlapping partitions' from a slurm.conf).
      let nodes = layout.nodeRange(of: entry.job)
      var inside = true
      entry.nodes.forEachRun { run in
        if run.lower < nodes.lowerBound || run.upper >= nodes.upperBound { inside = false }
      }
      if !inside {
        log.record(
          Violation(
            jobID: entry.job.id, line: entry.line,
            kind: .guarantee(
              name: "partition",
              detail: "runs on \(entry.nodes.intervalSetDescription), outside partition '\(partition.name)' "
                + "(nodes \(nodes.lowerBound)-\(nodes.upperBound - 1))")))
      }
    }
  }
}

/// QOS per-user limits: at no instant does a user run more jobs than
/// `MaxJobsPerUser` or hold more nodes than `MaxTRESPerUser=node` in a QOS.
public struct UserLimitGuarantee: ScheduleGuarantee {
  public let limits: UserLimits

  public init(limits: UserLimits) { self.limits = limits }

  public var description: String { "qos per-user limits" }

  /// A sweep over starts and ends (ends first at equal times).
  ///
  /// - Complexity: O(n log n)
  public func check(_ schedule: CheckedSchedule, into log: inout ViolationLog) {
    var events: [(time: SimTime, isStart: Bool, entry: Int)] = []
    for (index, entry) in schedule.entries.enumerated() where limits.limits(of: entry.job) != nil {
      events.append((entry.start, true, index))
      events.append((entry.finish, false, index))
    }
    events.sort { $0.time != $1.time ? $0.time < $1.time : (!$0.isStart && $1.isStart) }
    var jobs: [Int64: Int32] = [:]
    var nodes: [Int64: Int32] = [:]
    for event in events {
      let entry = schedule.entries[event.entry]
      let key = limits.key(of: entry.job)
      guard let limit = limits.limits(of: entry.job) else { continue }
      if !event.isStart {
        jobs[key, default: 0] -= 1
        nodes[key, default: 0] -= entry.job.nodes
        continue
      }
      jobs[key, default: 0] += 1
      nodes[key, default: 0] += entry.job.nodes
      if let most = limit.maxJobsPerUser, jobs[key]! > most {
        record(entry, "starts as user \(entry.job.userID)'s job number \(jobs[key]!) running, over MaxJobsPerUser=\(most)", &log)
      }
      if let most = limit.maxNodesPerUser, nodes[key]! > most {
        record(entry, "brings user \(entry.job.userID) to \(nodes[key]!) nodes, over MaxTRESPerUser=node=\(most)", &log)
      }
    }
  }

  func record(_ entry: CheckedSchedule.Entry, _ detail: String, _ log: inout ViolationLog) {
    log.record(Violation(jobID: entry.job.id, line: entry.line, kind: .guarantee(name: "qos limit", detail: detail)))
  }
}
