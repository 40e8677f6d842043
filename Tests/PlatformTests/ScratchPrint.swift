import Platform
import TestSupport
import Testing
@Test func scratchPrint() throws {
  for name in ["tianhe2-lvliang.yaml", "tianhe2-full.yaml", "tianhe2a.yaml"] {
    let m = try Machine.load(path: TestPaths.repoRoot + "/configs/" + name)
    print(m.summary())
  }
  let m = try Machine.load(path: TestPaths.fixture("machines/two-types.yaml"))
  print(m.summary()); print(m.summaryJSON())
  print(Machine.homogeneous(processors: 100, name: "h").summary())
}
