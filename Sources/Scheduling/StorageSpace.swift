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

  /// Whether a pass that passed over jobs left no storage head (the head
  /// started after them): the next pass must look at every job again, as
  /// the first one passed over then becomes the head. Policies resume a pass
  /// from new arrivals only when this is false.
  @inlinable
  public var lostHead: Bool { head < 0 && passedOver > 0 }
}
