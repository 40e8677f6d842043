#if canImport(Glibc)
  import Glibc
#endif

/// Paths that tests use: the repository, its fixtures, and the shared traces.
public enum TestPaths {
  /// The repository root (the folder holding Package.swift).
  public static let repoRoot: String = {
    var path = #filePath
    for _ in 0..<3 {  // Tests/TestSupport/TestPaths.swift -> repo
      if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    }
    return path
  }()

  /// A file under `Tests/Fixtures/`.
  public static func fixture(_ name: String) -> String {
    repoRoot + "/Tests/Fixtures/" + name
  }

  /// The shared traces folder, `../shared/traces` beside the repository, if present.
  public static let sharedTracesDirectory: String? = {
    let path = repoRoot + "/../shared/traces"
    return access(path, F_OK) == 0 ? path : nil
  }()

  /// A trace in the shared folder, or `nil` (the test should then skip visibly).
  public static func sharedTrace(_ name: String) -> String? {
    guard let directory = sharedTracesDirectory else { return nil }
    let path = directory + "/" + name
    return access(path, R_OK) == 0 ? path : nil
  }

  /// The sixteen real traces of the Parallel Workloads Archive in ../shared/traces.
  public static let realTraceNames = [
    "CEA-Curie-2011-2.1-cln.swf.gz", "CTC-SP2-1996-3.1-cln.swf.gz",
    "HPC2N-2002-2.2-cln.swf.gz", "KTH-SP2-1996-2.1-cln.swf.gz",
    "LANL-CM5-1994-4.1-cln.swf.gz", "LCG-2005-1.swf.gz",
    "LLNL-Atlas-2006-2.1-cln.swf.gz", "LLNL-Thunder-2007-1.1-cln.swf.gz",
    "NASA-iPSC-1993-3.1-cln.swf.gz", "OSC-Clust-2000-3.1-cln.swf.gz",
    "RICC-2010-2.swf.gz", "SDSC-BLUE-2000-4.2-cln.swf.gz",
    "SDSC-DS-2004-2.1-cln.swf.gz", "SDSC-Par-1996-3.1-cln.swf.gz",
    "SDSC-SP2-1998-4.2-cln.swf.gz", "Sandia-Ross-2001-1.1-cln.swf.gz",
  ]
}
