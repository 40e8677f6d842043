// swift-tools-version:6.1
//
// hpcsim: a batch HPC job-scheduler simulator.
//
// Dependencies point one way:
//   SimKernel <- Workload, Platform <- Scheduling <- Simulation <- Reporting
//   <- Sweep <- hpcsim (CLI).  MPI knows nothing of scheduling.
import PackageDescription

let internalChecks: [SwiftSetting] = [
  .define("SIMULATOR_INTERNAL_CHECKS", .when(configuration: .debug)),
]

let package = Package(
  name: "hpcsim",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "hpcsim", targets: ["hpcsim"]),
    .library(name: "HPCSim", targets: [
      "SimKernel", "Workload", "Platform", "Scheduling", "Simulation",
      "Reporting", "MPI", "Sweep",
    ]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // MARK: - C libraries
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CMPI", pkgConfig: "ompi-c",
      providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

    // MARK: - Core
    .target(
      name: "SimKernel",
      dependencies: [.product(name: "HeapModule", package: "swift-collections")],
      swiftSettings: internalChecks),
    .target(
      name: "Workload", dependencies: ["SimKernel", "CZlib"],
      swiftSettings: internalChecks),
    .target(
      name: "Platform",
      dependencies: ["SimKernel", .product(name: "Yams", package: "Yams")],
      swiftSettings: internalChecks),
    .target(
      name: "Scheduling", dependencies: ["SimKernel", "Workload", "Platform"],
      swiftSettings: internalChecks),
    .target(
      name: "Simulation", dependencies: ["SimKernel", "Workload", "Platform", "Scheduling"],
      swiftSettings: internalChecks),
    .target(
      name: "Reporting", dependencies: ["SimKernel", "Workload", "Platform", "Scheduling", "Simulation"],
      swiftSettings: internalChecks),
    .target(name: "MPI", dependencies: ["CMPI"]),
    .target(
      name: "Sweep",
      dependencies: [
        "Workload", "Platform", "Scheduling", "Simulation", "Reporting", "MPI",
        .product(name: "Yams", package: "Yams"),
      ]),
    .executableTarget(
      name: "hpcsim",
      dependencies: [
        "SimKernel", "Workload", "Platform", "Scheduling", "Simulation", "Reporting", "Sweep", "MPI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: - Tests
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "TestSupport"]),
    .testTarget(name: "WorkloadTests", dependencies: ["Workload", "TestSupport"]),
    .testTarget(name: "PlatformTests", dependencies: ["Platform", "TestSupport"]),
    .testTarget(
      name: "SchedulingTests",
      dependencies: ["Scheduling", "Simulation", "Reporting", "Workload", "Sweep", "TestSupport"]),
    .testTarget(name: "MPITests", dependencies: ["MPI", "TestSupport"]),
    .testTarget(
      name: "SweepTests", dependencies: ["Sweep", "MPI", "Workload", "Reporting", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
  ]
)
