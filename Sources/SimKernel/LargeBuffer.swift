#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw memory for buffers that hold a value per job of a whole trace.
///
/// A buffer of 200K jobs' values is megabytes of fresh memory, and every
/// 4 KiB page of it costs a page fault when first written (about 3 µs each
/// here, in a virtual machine: 800 of them were 2 % of an HPC2N replay). On
/// Linux a buffer of at least `hugePageThreshold` bytes is aligned to 2 MiB,
/// rounded up to whole 2 MiB and advised as a transparent huge page
/// candidate (`MADV_HUGEPAGE`, which the kernel honours in its default
/// `madvise` mode), so it faults once per 2 MiB. Elsewhere, or when the
/// advice is refused, it is ordinary memory.
///
/// Only for trivial types (no reference counting): the memory is neither
/// initialized nor deinitialized here.
public enum LargeBuffer {
  /// The huge page size this assumes, and the alignment of large buffers.
  public static var hugePageSize: Int { 2 << 20 }
  /// Buffers from this size up are huge-page candidates.
  public static var hugePageThreshold: Int { 1 << 20 }

  /// Uninitialized room for `capacity` values of `T`; free it with
  /// `deallocate(_:)`.
  ///
  /// - Precondition: `T` is trivial (`_isPOD`).
  public static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
    precondition(_isPOD(T.self), "LargeBuffer holds trivial values only")
    let bytes = max(capacity, 1) * MemoryLayout<T>.stride
    var memory: UnsafeMutableRawPointer?
    #if os(Linux)
    if bytes >= hugePageThreshold {
      let rounded = (bytes + hugePageSize - 1) / hugePageSize * hugePageSize
      if posix_memalign(&memory, hugePageSize, rounded) == 0, let memory {
        // Advice only: a refusal leaves ordinary pages.
        _ = madvise(memory, rounded, MADV_HUGEPAGE)
        return memory.bindMemory(to: T.self, capacity: capacity)
      }
    }
    #endif
    if posix_memalign(&memory, max(MemoryLayout<T>.alignment, 16), bytes) != 0 || memory == nil {
      fatalError("out of memory allocating \(bytes) bytes")
    }
    return memory!.bindMemory(to: T.self, capacity: capacity)
  }

  /// Frees a buffer from `allocate(_:capacity:)`.
  public static func deallocate<T>(_ buffer: UnsafeMutablePointer<T>) {
    free(UnsafeMutableRawPointer(buffer))
  }
}
