/// The storage tier's space as policies see it (Slurm's burst-buffer
/// semantics; pending reason `StorageCapacity`).
///
/// A started job reserves its whole footprint on the tier. A policy must not
/// start a job whose footprint does not fit: it *passes over* it (the job is
/// not started and is no candidate this pass; the policy goes on to other
/// jobs) and says so with a `.storageBlocked(slot:)` decision. The first job
/// passed over while no other holds the role becomes the *storage head*:
/// until it starts, other jobs may use only the space beyond its footprint,
/// so smaller jobs cannot starve it.
///
/// The replay lends the current state in `SchedulerView.storage`; a policy
/// works on its own copy for the pass, calling `take` for each job it starts
/// and `passOver` for each it passes over, in the order of its decisions
/// (the replay applies them in that order and must reach the same state).
/// Inactive (`isActive == false`) without a storage tier: then nothing else
/// here is meaningful and policies take their compute-only paths.
///
/// A policy must not keep a copy beyond its pass: the replay updates the
/// footprints in place, and a retained copy would make it copy them.
public struct StorageSpace: Sendable {
  /// Whether the replay models a storage tier.
  public var isActive = false
  /// Bytes free on the tier now (capacity minus reservations).
  public var free: Int64 = 0
  /// The storage head's slot (-1: none) and footprint (bytes).
  public var head: Int32 = -1
  public var headNeed: Int64 = 0
  /// Each live job's footprint (bytes) by slot.
  public var footprints: [Int64] = []
  /// Jobs passed over in this copy (a policy's pass), for its own use.
  public var passedOver = 0
  /// By slot: the waiting job was passed over at an earlier pass (and has
  /// not started). A job stays passed over until it starts.
  public var blocked: [Bool] = []
  /// Changes whenever the replay compacts its queue (queue indices change).
  public var queueGeneration = 0
  /// Whether `queueGeneration` describes this view's queue (the replay's;
  /// not a partition's own queue under `ConstrainedScheduling`).
  public var tracksQueue = false

  public init() {}

  /// The footprint of the job in `slot`, bytes.
  @inlinable
  public func footprint(of slot: Int32) -> Int64 { footprints[Int(slot)] }

  /// Whether the job in `slot` may start now: it needs no space, or its
  /// footprint fits in the free space less the storage head's claim (the
  /// head itself may use all of it).
  ///
  /// - Complexity: O(1)
  @inlinable
  public func fits(_ slot: Int32) -> Bool {
    let need = footprints[Int(slot)]
    let claim = head >= 0 && head != slot ? headNeed : 0
    return need == 0 || need <= free &- claim
  }

  /// The job in `slot` starts: its footprint is reserved, and when it is the
  /// storage head its claim ends. - Precondition: `fits(slot)` (not checked
  /// here).
  @inlinable
  public mutating func take(_ slot: Int32) {
    free &-= footprints[Int(slot)]
    if head == slot { head = -1 }
  }

  /// The job in `slot` is passed over for space; it becomes the storage head
  /// when there is none.
  @inlinable
  public mutating func passOver(_ slot: Int32) {
    passedOver &+= 1
    if head < 0 {
      head = slot
      headNeed = footprints[Int(slot)]
    }
  }

  /// `take`s the job when it fits, else `passOver`s it and appends its
  /// `.storageBlocked` decision; returns whether it may start.
  @inlinable
  public mutating func admit(_ slot: Int32, into decisions: inout [Decision]) -> Bool {
    if fits(slot) {
      take(slot)
      return true
    }
    passOver(slot)
    decisions.append(.storageBlocked(slot: slot))
    return false
  }

  /// Whether no job passed over at an earlier pass can start now: the
  /// storage head claims more than is free, so it does not fit, and every
  /// other job may use only less than nothing (a job passed over needs
  /// space). Such jobs need not be looked at (see `StorageSkipList`).
  @inlinable
  public var othersCannotFit: Bool { head >= 0 && free < headNeed }

  /// Whether a pass that passed over jobs left no storage head (the head
  /// started after them): the next pass must look at every job again, as
  /// the first one passed over then becomes the head. Policies resume a pass
  /// from new arrivals only when this is false.
  @inlinable
  public var lostHead: Bool { head < 0 && passedOver > 0 }
}

/// Finds the next queue entry a pass must look at while
/// `StorageSpace.othersCannotFit` holds, skipping tombstones and jobs passed
/// over at earlier passes (they would only be passed over again): a
/// union-find over queue indices with path compression, so a pass costs
/// O(entries looked at), amortised, not O(queue). Entries only ever become
/// skippable (a passed-over job stays so until it starts, then is a
/// tombstone) until the replay compacts its queue (`queueGeneration`), which
/// resets the structure. Kept by FCFS and EASY in arrival order.
public struct StorageSkipList: Sendable {
  /// `parent[i] > i`: every entry in `i..<parent[i]` is skippable.
  var parent: [Int32] = []
  var generation = -1

  public init() {}

  /// Brings the structure up to `queue` (appends; a reset after compaction).
  ///
  /// - Complexity: O(new entries), or O(queue) after a compaction.
  public mutating func sync(_ queue: WaitingQueue, generation: Int) {
    if generation != self.generation || parent.count > queue.endIndex {
      parent.removeAll(keepingCapacity: true)
      self.generation = generation
    }
    while parent.count < queue.endIndex { parent.append(Int32(parent.count)) }
  }

  /// The first index at or after `start` (up to `queue.endIndex`) holding a
  /// live job not passed over before (`blocked` by slot).
  ///
  /// - Complexity: amortised O(α(n)) per call plus O(1) per entry newly
  ///   found skippable.
  public mutating func next(from start: Int, in queue: WaitingQueue, blocked: [Bool]) -> Int {
    let end = queue.endIndex
    var root = start
    while root < end {
      let up = Int(parent[root])
      if up != root {
        root = up
        continue
      }
      let entry = queue[root]
      guard !entry.isLive || blocked[Int(entry.slot)] else { break }
      parent[root] = Int32(root + 1)
      root += 1
    }
    var node = start
    while node < root {
      let up = Int(parent[node])
      parent[node] = Int32(root)
      node = up
    }
    return root
  }
}
