import MPI
import Testing

@Suite("MPIEnvironment: launcher detection and child environments")
struct MPIEnvironmentTests {
  /// What an `mpirun` rank sees (abridged from a real run).
  let rankEnvironment = [
    "PATH": "/usr/bin", "HOME": "/root",
    "OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1",
    "OMPI_MCA_pml": "ob1", "PMIX_RANK": "1", "PMIX_NAMESPACE": "123",
    "ORTE_SCHIZO_DETECTION": "ORTE", "OPAL_PREFIX": "/usr",
  ]

  /// What a plain process has after a singleton MPI_Init (abridged).
  let singletonEnvironment = [
    "PATH": "/usr/bin", "OMPI_MCA_ess": "singleton", "PMIX_RANK": "0",
    "OMPI_APP_CTX_NUM_PROCS": "1",
  ]

  @Test func aRankStartedByMPIRunIsDetected() {
    #expect(MPIEnvironment.isUnderMPIRun(rankEnvironment))
    #expect(MPIEnvironment.isUnderMPIRun(["PMIX_RANK": "3"]))
  }

  @Test func aPlainOrSingletonProcessIsNotUnderMPIRun() {
    #expect(!MPIEnvironment.isUnderMPIRun(["PATH": "/usr/bin"]))
    #expect(!MPIEnvironment.isUnderMPIRun(singletonEnvironment))
  }

  @Test func theTestProcessItselfIsNotUnderMPIRun() {
    #expect(!MPIEnvironment.isUnderMPIRun)
    #expect(MPIEnvironment.launchedWorldSize == nil)
    #expect(MPIEnvironment.launchedRank == nil)
  }

  @Test func childEnvironmentStripsEveryLauncherVariable() {
    let child = MPIEnvironment.childEnvironment(from: rankEnvironment)
    #expect(child == ["PATH": "/usr/bin", "HOME": "/root"])
    #expect(MPIEnvironment.childEnvironment(from: singletonEnvironment)
      == ["PATH": "/usr/bin"])
  }

  @Test func lookalikeNamesAreKept() {
    let env = ["MY_OMPI_HOME": "x", "OMPIX": "y", "PMIX": "z", "opal_x": "w"]
    #expect(MPIEnvironment.childEnvironment(from: env) == env)
  }

  @Test func processEnvironmentReadsTheLiveEnvironment() {
    let env = MPIEnvironment.processEnvironment
    #expect(env["PATH"]?.isEmpty == false)
  }
}
