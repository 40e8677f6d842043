import MPI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every test that calls MPI in this process lives under this suite.
///
/// The suite is serialised: MPI forbids issuing collectives on one
/// communicator from several threads at once, and the self-test uses fixed
/// tags that a concurrent point-to-point test could steal.
@Suite(.serialized) struct MPITests {}

/// The test process's one MPI initialisation (singleton mode: rank 0 of 1).
enum SharedMPI {
  /// Initialises MPI on first use (later calls are no-ops) and returns the
  /// world communicator. MPI is never finalised: it could not be
  /// initialised again, and a singleton may exit without finalising.
  static func world() throws -> Communicator {
    // The same transport settings as scripts/mpirun-hpcsim: without them a
    // singleton's MPI_Init takes about 280 ms instead of about 95 ms here.
    setenv("OMPI_MCA_pml", "ob1", 0)
    setenv("OMPI_MCA_btl", "self,vader", 0)
    setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 0)
    try MPIRuntime.initialize(threadLevel: .multiple)
    return .world
  }
}
