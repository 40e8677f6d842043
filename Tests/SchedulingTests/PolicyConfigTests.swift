import Scheduling
import Sweep
import TestSupport
import Testing

/// Slurm time strings, YAML policy files and `slurm.conf` import.
@Suite("Policy configuration")
struct PolicyConfigTests {
  // MARK: - Slurm time strings

  struct TimeCase: CustomTestStringConvertible, Sendable {
    var text: String
    var expected: SlurmDuration?
    var testDescription: String { "'\(text)'" }
  }

  static let timeCases: [TimeCase] = [
    .init(text: "5", expected: .seconds(300)),  // minutes
    .init(text: "0", expected: .seconds(0)),
    .init(text: "90", expected: .seconds(5_400)),
    .init(text: "5:30", expected: .seconds(330)),  // minutes:seconds
    .init(text: "0:90", expected: .seconds(90)),
    .init(text: "1:00:00", expected: .seconds(3_600)),  // hours:minutes:seconds
    .init(text: "7-0", expected: .seconds(604_800)),  // days-hours
    .init(text: "2-12", expected: .seconds(216_000)),
    .init(text: "7-", expected: .seconds(604_800)),  // days alone
    .init(text: "1-2:30", expected: .seconds(95_400)),  // days-hours:minutes
    .init(text: "1-02:03:04", expected: .seconds(93_784)),  // days-hours:minutes:seconds
    .init(text: " 30 ", expected: .seconds(1_800)),
    .init(text: "UNLIMITED", expected: .unlimited),
    .init(text: "infinite", expected: .unlimited),
    .init(text: "-1", expected: .unlimited),
    .init(text: "", expected: nil),
    .init(text: "1:2:3:4", expected: nil),
    .init(text: "5:", expected: nil),
    .init(text: ":5", expected: nil),
    .init(text: "1::2", expected: nil),
    .init(text: "1-2-3", expected: nil),
    .init(text: "1:2-3", expected: nil),
    .init(text: "1-:30", expected: nil),
    .init(text: "-5", expected: nil),
    .init(text: "1.5", expected: nil),
    .init(text: "abc", expected: nil),
    .init(text: "7d", expected: nil),
  ]

  @Test("Slurm time strings parse as time_str2secs does", arguments: timeCases)
  func slurmTime(_ time: TimeCase) {
    #expect(SlurmDuration(parsing: time.text) == time.expected)
  }

  @Test("time_str2mins rounds seconds up to whole minutes")
  func roundedMinutes() {
    #expect(SlurmDuration(parsing: "0:30")?.roundedUpMinutes == 1)
    #expect(SlurmDuration(parsing: "1:01")?.roundedUpMinutes == 2)
    #expect(SlurmDuration(parsing: "7-0")?.roundedUpMinutes == 10_080)
    #expect(SlurmDuration(parsing: "UNLIMITED")?.roundedUpMinutes == nil)
    #expect(SlurmDuration.seconds(93_784).description == "1-02:03:04")
  }

  // MARK: - YAML policy files

  @Test("a YAML policy file sets every key it names, in Slurm's units")
  func yamlPolicy() throws {
    let yaml = """
      SchedulerType: sched/builtin
      SchedulerParameters: bf_window=2880,bf_resolution=300,bf_max_job_test=50,bf_interval=-1,bf_continue
      PriorityType: priority/multifactor
      PriorityWeightAge: 1000
      PriorityWeightFairshare: 4294967295
      PriorityWeightJobSize: 7
      priorityweightpartition: 3
      PriorityWeightQOS: 2
      PriorityMaxAge: 1-12
      PriorityDecayHalfLife: 0
      PriorityCalcPeriod: 0:30
      PriorityFavorSmall: YES
      PriorityFlags: NO_FAIR_TREE,SMALL_RELATIVE_TO_TIME
      FairShareDampeningFactor: 3
      OverTimeLimit: UNLIMITED
      Shares: { "1": 2, "7": 0, default: 5 }
      Partitions:
        "1": { PartitionName: batch, PriorityJobFactor: 10, PriorityTier: 2, MaxTime: 2-0 }
        default: { PriorityJobFactor: 1 }
      QOS:
        "3": { Priority: 100 }
      """
    let config = try PolicyConfig.parse(policyYAML: yaml, path: "p.yaml")
    #expect(config.schedulerType == .builtin)
    #expect(config.schedulerParameters.bfWindowMinutes == 2880)
    #expect(config.schedulerParameters.bfResolutionSeconds == 300)
    #expect(config.schedulerParameters.bfMaxJobTest == 50)
    #expect(config.schedulerParameters.bfIntervalSeconds == -1)
    #expect(config.schedulerParameters.bfContinue)
    #expect(config.priorityType == .multifactor)
    let m = config.multifactor
    #expect([m.weightAge, m.weightFairshare, m.weightJobSize, m.weightPartition, m.weightQOS]
      == [1000, UInt32.max, 7, 3, 2])
    #expect(m.maxAgeSeconds == 36 * 3600)
    #expect(m.decayHalfLifeSeconds == 0)
    #expect(m.calcPeriodSeconds == 60)  // 30 s rounds up to a minute
    #expect(m.favorSmall && !m.fairTree && m.smallRelativeToTime)
    #expect(m.dampeningFactor == 3)
    #expect(config.overTimeLimit == .unlimited)
    #expect(m.accountShares == [1: 2, 7: 0] && m.defaultAccountShares == 5)
    #expect(m.qosPriority == [3: 100])
    #expect(config.partitions.count == 2)
    #expect(config.partitions[0].number == 1 && config.partitions[0].name == "batch")
    #expect(config.partitions[0].priorityJobFactor == 10 && config.partitions[0].priorityTier == 2)
    #expect(config.partitions[0].maxTime == .seconds(172_800))
    #expect(config.partitions[1].isDefault && config.partitions[1].number == nil)
    #expect(config.policyChoice == .fcfs)
  }

  struct BadYAML: CustomTestStringConvertible, Sendable {
    var name: String
    var yaml: String
    var message: String
    var testDescription: String { name }
  }

  static let badYAML: [BadYAML] = [
    .init(
      name: "unknown key", yaml: "PriorityWeightAge: 10\nPriorityWeightAgee: 5\n",
      message: "p.yaml:2: unknown key 'PriorityWeightAgee' in the top level; expected one of: "
        + PolicyConfig.policyFileKeys.joined(separator: ", ")),
    .init(
      name: "weight not a number", yaml: "SchedulerType: sched/backfill\nPriorityWeightAge: 10k\n",
      message: "p.yaml:2: PriorityWeightAge: '10k' is not an integer 0 ... 4294967295"),
    .init(
      name: "weight too large", yaml: "PriorityWeightQOS: 4294967296\n",
      message: "p.yaml:1: PriorityWeightQOS: '4294967296' is not an integer 0 ... 4294967295"),
    .init(
      name: "bad time", yaml: "\nPriorityMaxAge: 7 days\n",
      message: "p.yaml:2: PriorityMaxAge: '7 days' is not a Slurm time (minutes, MM:SS, HH:MM:SS, "
        + "D-HH, D-HH:MM or D-HH:MM:SS)"),
    .init(
      name: "calc period zero", yaml: "PriorityCalcPeriod: 0\n",
      message: "p.yaml:1: PriorityCalcPeriod: '0' is not a Slurm time (minutes, MM:SS, HH:MM:SS, "
        + "D-HH, D-HH:MM or D-HH:MM:SS) of at least 1 minute"),
    .init(
      name: "unknown scheduler", yaml: "SchedulerType: sched/hold\n",
      message: "p.yaml:1: SchedulerType: 'sched/hold' is not one of sched/backfill, sched/builtin"),
    .init(
      name: "bad scheduler parameter", yaml: "SchedulerParameters: bf_window=0\n",
      message: "p.yaml:1: SchedulerParameters:bf_window: '0' is not minutes 1 ... 43200"),
    .init(
      name: "unknown priority flag", yaml: "PriorityFlags: NO_FAIR_TREE,FAST\n",
      message: "p.yaml:1: PriorityFlags: 'FAST' is not a Slurm priority flag (NO_FAIR_TREE, "
        + "SMALL_RELATIVE_TO_TIME, ACCRUE_ALWAYS, ...)"),
    .init(
      name: "favor small not a boolean", yaml: "PriorityFavorSmall: maybe\n",
      message: "p.yaml:1: PriorityFavorSmall: 'maybe' is not YES or NO"),
    .init(
      name: "same key twice in another case", yaml: "PriorityWeightAge: 1\npriorityweightage: 2\n",
      message: "p.yaml:2: key 'priorityweightage' appears more than once in the same mapping"),
    .init(
      name: "list instead of a value", yaml: "PriorityWeightAge:\n  - 1\n",
      message: "p.yaml:2: PriorityWeightAge must be a value, got a list"),
    .init(
      name: "unknown partition key", yaml: "Partitions:\n  \"1\": { PriorityJobFactor: 2, Foo: 1 }\n",
      message: "p.yaml:2: unknown key 'Foo' in partition 1; expected one of: "
        + PolicyConfig.partitionKeys.joined(separator: ", ")),
    .init(
      name: "share key not a number", yaml: "Shares: { physics: 2 }\n",
      message: "p.yaml:1: Shares: 'physics' is not a group (account) id or 'default'"),
    .init(
      name: "YAML syntax", yaml: "PriorityWeightAge: 1\n  PriorityWeightQOS: [\n",
      message: ""),
  ]

  @Test("a bad policy file is refused with the line and the key", arguments: badYAML)
  func badPolicyFile(_ bad: BadYAML) {
    #expect {
      _ = try PolicyConfig.parse(policyYAML: bad.yaml, path: "p.yaml")
    } throws: { error in
      guard let error = error as? PolicyConfigError else { return false }
      return bad.message.isEmpty ? error.line != nil : error.description == bad.message
    }
  }

  @Test("an empty policy file is an error, not Slurm's defaults in disguise")
  func emptyPolicyFile() {
    #expect(throws: PolicyConfigError(path: "p.yaml", line: nil, kind: .empty)) {
      try PolicyConfig.parse(policyYAML: "# nothing\n", path: "p.yaml")
    }
  }

  // MARK: - slurm.conf

  static let slurmConf = """
    # A cluster
    ClusterName=test
    SlurmctldHost=head
    SchedulerType=sched/backfill
    SchedulerParameters=bf_window=60,bf_max_job_test=100,\\
    bf_job_part_count_reserve=1,bf_max_job_user=4   # continued line
    PRIORITYTYPE=priority/multifactor
    PriorityWeightAge=1000 PriorityWeightFairshare=5000
    PriorityDecayHalfLife=14-0
    PriorityFlags=MAX_TRES
    OverTimeLimit=10
    SelectType=select/linear
    NodeName=n[001-128] CPUs=24 State=UNKNOWN
    Include /etc/slurm/extra.conf
    PartitionName=DEFAULT MaxTime=1-0 State=UP
    PartitionName=batch Nodes=n[001-100] Default=YES PriorityJobFactor=2
    PartitionName=debug Nodes=n[101-128],x7 MaxTime=30 MaxNodes=4 PriorityTier=3 AllowGroups=staff
    PartitionName=all Nodes=ALL MaxNodes=UNLIMITED
    """

  @Test("slurm.conf: the scheduling subset is read and everything else listed as ignored")
  func importSlurmConf() throws {
    let config = try PolicyConfig.parse(slurmConf: Self.slurmConf, path: "slurm.conf")
    #expect(config.schedulerType == .backfill)
    #expect(config.schedulerParameters.bfWindowMinutes == 60)
    #expect(config.schedulerParameters.bfMaxJobTest == 100)
    #expect(config.schedulerParameters.bfJobPartCountReserve == 1)
    #expect(config.policyChoice == .easy)
    #expect(config.multifactor.weightAge == 1000 && config.multifactor.weightFairshare == 5000)
    #expect(config.multifactor.decayHalfLifeSeconds == 14 * 86_400)
    #expect(config.overTimeLimit == .minutes(10))
    #expect(
      config.ignored.map(\.description) == [
        "ClusterName (line 2)", "SlurmctldHost (line 3)", "SchedulerParameters:bf_max_job_user (line 5)",
        "PriorityFlags:MAX_TRES (line 10)", "SelectType (line 12)", "NodeName=n[001-128] (line 13)",
        "Include (line 14)", "PartitionName=DEFAULT:State (line 15)", "PartitionName=debug:AllowGroups (line 17)",
      ])
    // Partitions are numbered in file order; DEFAULT's MaxTime carries over.
    #expect(config.partitions.map(\.name) == ["batch", "debug", "all"])
    #expect(config.partitions.map(\.number) == [1, 2, 3])
    #expect(config.partitions.map(\.nodes) == [100, 29, nil])
    #expect(config.partitions.map(\.maxTime) == [.seconds(86_400), .seconds(1_800), .seconds(86_400)])
    #expect(config.partitions.map(\.maxNodes) == [nil, 4, nil])
    #expect(config.partitions.map(\.priorityTier) == [1, 3, 1])
    #expect(config.partitions.map(\.priorityJobFactor) == [2, 1, 1])
    #expect(config.partitions.map(\.isDefault) == [true, false, false])
  }

  @Test("slurm.conf: a bad value names the file, the line and the key")
  func slurmConfBadValue() {
    let text = "ClusterName=x\nPriorityType=priority/multifactor\nPriorityWeightAge=ten\n"
    #expect {
      _ = try PolicyConfig.parse(slurmConf: text, path: "slurm.conf")
    } throws: { error in
      (error as? PolicyConfigError)?.description
        == "slurm.conf:3: PriorityWeightAge: 'ten' is not an integer 0 ... 4294967295"
    }
    let partition = "PartitionName=p Nodes=ALL\nPartitionName=q PriorityTier=70000\n"
    #expect {
      _ = try PolicyConfig.parse(slurmConf: partition, path: "slurm.conf")
    } throws: { error in
      (error as? PolicyConfigError)?.description
        == "slurm.conf:2: q: PriorityTier: '70000' is not an integer 0 ... 65533"
    }
    #expect {
      _ = try PolicyConfig.parse(slurmConf: "PriorityWeightAge 10\n", path: "slurm.conf")
    } throws: { error in
      (error as? PolicyConfigError)?.description == "slurm.conf:1: expected Key=Value, got 'PriorityWeightAge'"
    }
  }

  @Test("slurm.conf: host lists are counted")
  func hostLists() throws {
    let text = "PartitionName=a Nodes=cn[0001-1024]\nPartitionName=b Nodes=r[1-2]n[1-4,7]\nPartitionName=c Nodes=n1,n2,n3\n"
    let config = try PolicyConfig.parse(slurmConf: text, path: "s.conf")
    #expect(config.partitions.map(\.nodes) == [1024, 10, 3])
  }

  // MARK: - Policies

  @Test("SchedulerType and SchedulerParameters select the policy")
  func policyChoice() {
    var config = PolicyConfig()
    #expect(config.policyChoice == .conservative)  // Slurm's default: a reservation for every job
    #expect(config.makeOrder().name == "multifactor")
    config.schedulerParameters.bfJobPartCountReserve = 1
    #expect(config.policyChoice == .easy)
    #expect(config.makePolicy().name == "easy/multifactor")
    config.schedulerParameters.bfIntervalSeconds = -1
    #expect(config.policyChoice == .fcfs)
    config = PolicyConfig()
    config.schedulerType = .builtin
    config.priorityType = .basic
    #expect(config.makePolicy().name == "fcfs")
  }

  @Test("the shipped example configurations load", arguments: [
    "configs/policy-easy-multifactor.yaml", "configs/policy-fcfs.yaml", "configs/slurm-tianhe2.conf",
  ])
  func shippedConfigs(_ name: String) throws {
    let path = TestPaths.repoRoot + "/" + name
    let config = try name.hasSuffix(".conf")
      ? PolicyConfig.importSlurmConf(path: path) : PolicyConfig.load(policyFile: path)
    switch name {
    case "configs/policy-easy-multifactor.yaml":
      #expect(config.policyChoice == .easy && config.priorityType == .multifactor)
      #expect(config.multifactor.weightFairshare == 10_000)
      #expect(config.ignored.isEmpty)
    case "configs/policy-fcfs.yaml":
      #expect(config.policyChoice == .fcfs && config.priorityType == .basic)
    default:
      #expect(config.policyChoice == .conservative && config.multifactor.decayHalfLifeSeconds == 14 * 86_400)
      #expect(config.partitions.map(\.nodes) == [1024, 1131, 107])
      #expect(config.ignored.contains { $0.key == "NodeName=cn[0001-1131]" })
      #expect(config.ignored.contains { $0.key == "SchedulerParameters:bf_max_job_user" })
    }
  }

  @Test("a missing file is reported with its path")
  func missingFile() {
    #expect {
      _ = try PolicyConfig.load(policyFile: "/nonexistent/policy.yaml")
    } throws: { error in
      (error as? PolicyConfigError)?.description
        == "/nonexistent/policy.yaml: cannot read the policy configuration: No such file or directory"
    }
  }
}
