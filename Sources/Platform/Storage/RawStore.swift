/// A growable run of trivial elements in one allocation, with neither
/// ownership nor copy-on-write of its own: the storage model's hot state.
///
/// A Swift `Array` checks that its buffer is not shared on every write and
/// the index on every access; per storage event that is a dozen calls and
/// branches (measured: 3 % of a checkpointing replay's instructions in the
/// uniqueness checks alone). A `RawStore` lives in a final class that owns
/// it (`StorageTier.Buffers`, `StagingModel.Buffers`): the owner frees it in
/// `deinit`, and the value type holding the owner copies it when shared,
/// once per public mutating call, so elements are read and written through
/// a plain pointer.
///
/// - Precondition: `Element` is trivial (no references), so moving and
///   copying are `memcpy` and nothing needs deinitialising.
/// - Complexity: amortised O(1) `append`, O(1) element access.
struct RawStore<Element>: @unchecked Sendable {
  /// The first element (a valid allocation even when empty).
  private(set) var base: UnsafeMutablePointer<Element>
  /// Elements in use.
  private(set) var count = 0
  /// Elements allocated.
  private(set) var capacity: Int

  /// An empty store with room for `capacity` elements.
  init(capacity: Int = 16) {
    precondition(_isPOD(Element.self), "RawStore holds trivial elements only")
    self.capacity = max(1, capacity)
    base = .allocate(capacity: self.capacity)
  }

  var isEmpty: Bool {
    @inline(__always) get { count == 0 }
  }

  /// The element at `index`, addressed in place (a field of it is read or
  /// written without copying the element).
  ///
  /// - Precondition: `0 <= index < count` (checked in debug builds).
  subscript(index: Int) -> Element {
    @inline(__always) unsafeAddress {
      assert(index >= 0 && index < count, "RawStore index \(index) out of 0..<\(count)")
      return UnsafePointer(base + index)
    }
    @inline(__always) nonmutating unsafeMutableAddress {
      assert(index >= 0 && index < count, "RawStore index \(index) out of 0..<\(count)")
      return base + index
    }
  }

  /// Adds `element` at the end.
  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count &+= 1
  }

  /// Removes and returns the last element.
  ///
  /// - Precondition: not empty (checked in debug builds).
  @inline(__always)
  mutating func removeLast() -> Element {
    assert(count > 0, "removeLast on an empty RawStore")
    count &-= 1
    return base[count]
  }

  /// Keeps the first `newCount` elements.
  @inline(__always)
  mutating func truncate(to newCount: Int) {
    assert(newCount >= 0 && newCount <= count, "cannot truncate \(count) elements to \(newCount)")
    count = newCount
  }

  /// Inserts `element` at `index`, moving the later ones up.
  mutating func insert(_ element: Element, at index: Int) {
    precondition(index >= 0 && index <= count, "RawStore insert at \(index) out of 0...\(count)")
    if count == capacity { grow() }
    (base + index + 1).moveInitialize(from: base + index, count: count - index)
    (base + index).initialize(to: element)
    count += 1
  }

  /// Doubles the allocation.
  @inline(never)
  mutating func grow() {
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }

  /// An independent copy (for copy-on-write by the owner).
  func copy() -> RawStore {
    var copy = RawStore(capacity: capacity)
    copy.base.initialize(from: base, count: count)
    copy.count = count
    return copy
  }

  /// Frees the allocation; the store must not be used afterwards.
  func deallocate() {
    base.deallocate()
  }

  /// The elements in use, for reading.
  var elements: UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: base, count: count)
  }
}
