import SimKernel
import Workload

/// Partitions as the replay enforces them: named node ranges with Slurm's
/// per-partition limits, and how trace jobs map to them.
///
/// ## The model
/// Partitions are node ranges `lower ..< upper` of the replay machine. Two
/// partitions either have exactly the same range (they then form one *node
/// group*, like Slurm partitions over the same host list, e.g. `express` and
/// `normal` queues on one set of nodes) or disjoint ranges; partial overlaps
/// are refused when the layout is built. Each node group is scheduled by its
/// own instance of the policy (FCFS, EASY or conservative) over its own nodes,
/// so a job only ever gets nodes of its partition. Nodes outside every
/// partition are never used.
///
/// A job's partition: the partition listing the job's queue number (SWF field
/// 15) in its `queues`, else the partition whose number is the job's partition
/// number (field 16), else the default partition.
public struct PartitionLayout: Sendable, Hashable {
  /// One partition, resolved to nodes of the replay machine.
  public struct Partition: Sendable, Hashable {
    /// `PartitionName`.
    public var name: String
    /// The trace partition number (SWF field 16) that names it, if any.
    public var number: Int32?
    /// Trace queue numbers (SWF field 15) that map to it.
    public var queues: [Int32]
    /// Its nodes.
    public var nodes: Range<Int32>
    /// `MaxTime`: a job asking for more is rejected; `nil` when unlimited.
    public var maxTime: SimTime?
    /// `DefaultTime`: the time limit of a job that asks for none; `nil` when unset.
    public var defaultTime: SimTime?
    /// `MaxNodes`: a job needing more nodes is rejected; `nil` when unlimited.
    public var maxNodes: Int32?
    /// `PriorityTier`: within a node group, higher tiers are served first.
    public var priorityTier: UInt32

    public init(
      name: String, number: Int32? = nil, queues: [Int32] = [], nodes: Range<Int32>, maxTime: SimTime? = nil,
      defaultTime: SimTime? = nil, maxNodes: Int32? = nil, priorityTier: UInt32 = 1
    ) {
      self.name = name
      self.number = number
      self.queues = queues
      self.nodes = nodes
      self.maxTime = maxTime
      self.defaultTime = defaultTime
      self.maxNodes = maxNodes
      self.priorityTier = priorityTier
    }

    /// The limit used for a job without a requested time: `DefaultTime`,
    /// else `MaxTime` (Slurm: "If not set then MaxTime will be used").
    public var limitForUnrequested: SimTime? { defaultTime ?? maxTime }
  }

  /// The partitions, in configuration order.
  public let partitions: [Partition]
  /// The distinct node ranges, in order of first appearance.
  public let groups: [Range<Int32>]
  /// The node group of each partition.
  public let groupOfPartition: [Int]
  /// The partition of jobs that name none of the listed partitions.
  public let defaultPartition: Int
  let byNumber: [Int32: Int]
  let byQueue: [Int32: Int]

  /// A layout of `partitions`; `defaultPartition` indexes them.
  ///
  /// - Throws: `PartitionLayoutError` when two ranges partly overlap, a range
  ///   is empty, or a number or queue is claimed twice.
  ///   With `mergingOverlaps`, partly overlapping partitions are not an
  ///   error: they form one node group over the union of their nodes (as
  ///   a real `slurm.conf`'s nested partitions do, e.g. `batch` on
  ///   `cn[0001-1024]` inside `large` on `cn[0001-1131]`), and their jobs
  ///   may run anywhere in it; their limits still apply.
  public init(
    partitions: [Partition], defaultPartition: Int, mergingOverlaps: Bool = false
  ) throws(PartitionLayoutError) {
    precondition(partitions.indices.contains(defaultPartition), "the default partition must be one of them")
    var groups: [Range<Int32>] = []
    var groupOf: [Int] = []
    var byNumber: [Int32: Int] = [:]
    var byQueue: [Int32: Int] = [:]
    let merged = mergingOverlaps ? Self.unions(of: partitions.map(\.nodes)) : []
    for (index, partition) in partitions.enumerated() {
      guard !partition.nodes.isEmpty else { throw .emptyPartition(partition.name) }
      let nodes = mergingOverlaps ? merged.first { $0.overlaps(partition.nodes) }! : partition.nodes
      if let same = groups.firstIndex(of: nodes) {
        groupOf.append(same)
      } else {
        if let other = groups.firstIndex(where: { $0.overlaps(nodes) }) {
          let name = partitions[groupOf.firstIndex(of: other)!].name
          throw .partialOverlap(partition.name, name)
        }
        groups.append(nodes)
        groupOf.append(groups.count - 1)
      }
      if let number = partition.number {
        if let first = byNumber[number] { throw .duplicateNumber(number, partitions[first].name, partition.name) }
        byNumber[number] = index
      }
      for queue in partition.queues {
        if let first = byQueue[queue] { throw .duplicateQueue(queue, partitions[first].name, partition.name) }
        byQueue[queue] = index
      }
    }
    self.partitions = partitions
    self.groups = groups
    self.groupOfPartition = groupOf
    self.defaultPartition = defaultPartition
    self.byNumber = byNumber
    self.byQueue = byQueue
  }

  /// The unions of overlapping ranges, ascending.
  static func unions(of ranges: [Range<Int32>]) -> [Range<Int32>] {
    var unions: [Range<Int32>] = []
    for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = unions.last, range.lowerBound < last.upperBound {
        unions[unions.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
      } else {
        unions.append(range)
      }
    }
    return unions
  }

  /// The nodes `job` may run on: its partition's node group.
  public func nodeRange(of job: Job) -> Range<Int32> {
    groups[groupOfPartition[partitionIndex(of: job)]]
  }

  /// The index of `job`'s partition (see the type's discussion).
  ///
  /// - Complexity: O(1) expected
  @inlinable
  public func partitionIndex(of job: Job) -> Int {
    partitionIndex(queue: job.queueNumber, partition: job.partitionNumber)
  }

  /// The partition for a trace queue number and partition number.
  public func partitionIndex(queue: Int32, partition: Int32) -> Int {
    if !byQueue.isEmpty, let index = byQueue[queue] { return index }
    return byNumber[partition] ?? defaultPartition
  }

  /// Whether some node group holds partitions of different `PriorityTier`s.
  public var hasTiers: Bool {
    for group in groups.indices {
      let tiers = Set(partitions.indices.filter { groupOfPartition[$0] == group }.map { partitions[$0].priorityTier })
      if tiers.count > 1 { return true }
    }
    return false
  }

  /// Whether the layout constrains nothing: one partition over the whole
  /// machine without limits (the replay then needs no partition layer).
  public func isTrivial(totalNodes: Int32) -> Bool {
    groups == [0..<totalNodes]
      && partitions.allSatisfy { $0.maxTime == nil && $0.defaultTime == nil && $0.maxNodes == nil }
      && !hasTiers
  }
}

/// A partition layout that cannot be built.
public enum PartitionLayoutError: Error, Hashable, Sendable, CustomStringConvertible {
  case emptyPartition(String)
  case partialOverlap(String, String)
  case duplicateNumber(Int32, String, String)
  case duplicateQueue(Int32, String, String)

  public var description: String {
    switch self {
    case .emptyPartition(let name): "partition '\(name)' has no nodes"
    case .partialOverlap(let a, let b):
      "partitions '\(a)' and '\(b)' share some nodes but not all; hpcsim models partitions whose nodes "
        + "are either the same or disjoint"
    case .duplicateNumber(let number, let a, let b): "partitions '\(a)' and '\(b)' both have number \(number)"
    case .duplicateQueue(let queue, let a, let b): "queue \(queue) is mapped to both '\(a)' and '\(b)'"
    }
  }
}
