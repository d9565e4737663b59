// End-to-end: `recstats run-all` and `recstats run` on the built binary with the smoke preset at tiny
// sizes: records written, resume after SIGKILL equal to an uninterrupted run, divergence recorded,
// shards covering the plan, parallel workers, locks, corrupt checkpoints and bad arguments.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(20))) struct RunAllCommandTests {
    /// Tiny runs: 2 epochs over 64 images at width 1/16.
    static let tiny = ["--preset", "smoke", "--epochs", "2", "--train-size", "64", "--test-size", "32", "--batch-size", "16", "--threads", "1"]

    static func directory(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "recstats-runall-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The records of a results directory by file name, without what differs between two identical runs
    /// (timings and provenance).
    static func records(_ directory: String) throws -> [String: NSDictionary] {
        var result: [String: NSDictionary] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            var record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            record["provenance"] = nil
            record["wall_time_seconds"] = nil
            if let history = record["history"] as? [[String: Any]] {
                record["history"] = history.map { epoch in epoch.filter { $0.key != "seconds" } }
            }
            result[name] = record as NSDictionary
        }
        return result
    }

    @Test func smokeRunAllWritesOneCompleteRecordPerRunAndSkipsThemNextTime() throws {
        let dir = try Self.directory()
        let args = ["run-all", "--models", "resnet18,seresnet18s", "--datasets", "synthetic10", "--seeds", "0", "--results-dir", dir] + Self.tiny
        let result = try CLIRunner.run(args)
        #expect(result.status == 0, "\(result.stderr)")
        // Not a terminal: one plain line per epoch.
        #expect(result.stdout.contains("resnet18__synthetic10__seed0 epoch 2/2: lr 0.025"))
        let records = try Self.records(dir)
        #expect(Set(records.keys) == ["resnet18__synthetic10__seed0.json", "seresnet18s__synthetic10__seed0.json"])
        let record = try #require(records["seresnet18s__synthetic10__seed0.json"])
        #expect(record["status"] as? String == "completed")
        #expect(record["baseline"] as? String == "seresnet18" && record["display_name"] as? String == "SEResNet18s")
        #expect((record["history"] as? [Any])?.count == 2)
        let configuration = try #require(record["configuration"] as? [String: Any])
        #expect(configuration["preset"] as? String == "smoke" && configuration["epochs"] as? Int == 2)
        #expect(configuration["train_size"] as? Int == 64 && configuration["threads"] as? Int == 1)
        #expect(configuration["learning_rate"] as? Double == 0.05 && configuration["width_multiplier"] as? Double == 0.0625)
        // Parameters and MACs are the zoo's, as `recstats models` lists them for this width and head.
        let models = try CLIRunner.run(["models", "--width", "0.0625", "--classes", "10", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(models.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first { $0["id"] as? String == "seresnet18s" })
        #expect(record["parameters"] as? Int == row["parameters"] as? Int)
        #expect(record["macs_per_image"] as? Int == row["macs_per_image"] as? Int)
        #expect(!FileManager.default.fileExists(atPath: dir + "/.state/resnet18__synthetic10__seed0.ckpt"))

        let again = try CLIRunner.run(args)
        #expect(again.status == 0)
        #expect(again.stdout.contains("2 runs: 0 trained (0 completed, 0 diverged, 0 failed), 2 skipped"))
        // Another configuration in the same directory is refused before any worker starts, naming the
        // directory's configuration manifest and both values.
        let other = try CLIRunner.run(args + ["--lr", "0.07"])
        #expect(other.status == 1)
        #expect(other.stderr.contains(dir + "/.state/configuration.json"))
        #expect(other.stderr.contains("with learning_rate 0.05; this command asks for learning_rate 0.07"), "\(other.stderr)")
    }

    // SIGKILL in the middle of a run-all, once a checkpoint exists; the same command then resumes and
    // the records equal those of an uninterrupted run field by field (timings and provenance aside).
    @Test func resumeAfterSIGKILLGivesTheUninterruptedRecords() throws {
        let reference = try Self.directory()
        let killed = try Self.directory()
        let common = ["run-all", "--models", "resnet18,resnet18s", "--datasets", "synthetic10", "--seeds", "617"]
            + Self.tiny + ["--epochs", "4", "--train-size", "128", "--jobs", "1"]
        let full = try CLIRunner.run(common + ["--results-dir", reference])
        #expect(full.status == 0, "\(full.stderr)")

        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = common + ["--results-dir", killed]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let state = killed + "/.state"
        var sawCheckpoint = false
        for _ in 0..<6000 where process.isRunning {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
            if files.contains(where: { $0.hasSuffix(".ckpt") && !$0.hasPrefix(".") }) {
                sawCheckpoint = true
                break
            }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(sawCheckpoint)
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Self.records(killed).count < 2)

        let resumed = try CLIRunner.run(common + ["--results-dir", killed])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("(resumed after epoch"))
        let expected = try Self.records(reference)
        #expect(expected.count == 2)
        #expect(try Self.records(killed) == expected)
    }

    @Test func aDivergingRunIsRecordedWithItsEpochAndTheOthersGoOn() throws {
        let dir = try Self.directory()
        let result = try CLIRunner.run(
            ["run-all", "--models", "resnet18,resnet34", "--datasets", "synthetic10", "--seeds", "0", "--results-dir", dir]
                + Self.tiny + ["--lr", "1e12"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try Self.records(dir)
        #expect(records.count == 2)
        for record in records.values {
            #expect(record["status"] as? String == "diverged")
            #expect(record["diverged_at_epoch"] as? Int == 1)
            #expect(record["metrics"] == nil)
        }
        #expect(result.stdout.contains("2 runs: 2 trained (0 completed, 2 diverged, 0 failed)"))
    }

    @Test func shardsCoverThePlanExactlyOnce() throws {
        let dir = try Self.directory()
        let plan = ["run-all", "--models", "resnet18,resnet18s", "--datasets", "synthetic10,synthetic100", "--seeds", "0,1,2",
                    "--dry-run", "--results-dir", dir] + Self.tiny
        func planned(_ extra: [String]) throws -> [String] {
            let result = try CLIRunner.run(plan + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").filter { $0.hasSuffix("  train") }
                .map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: " ")[0] }
        }
        let whole = try planned([])
        #expect(whole.count == 12)
        let shards = try (1...3).map { try planned(["--shard", "\($0)/3"]) }
        #expect(shards.map(\.count) == [4, 4, 4])
        #expect(Set(shards.joined()) == Set(whole))
        #expect(shards.joined().count == whole.count)
        #expect(!FileManager.default.fileExists(atPath: dir + "/resnet18__synthetic10__seed0.json"))

        // Two shards trained into one directory make the whole; a later unsharded run skips every run.
        let small = ["run-all", "--models", "resnet18", "--datasets", "synthetic10", "--seeds", "0,1", "--results-dir", dir] + Self.tiny
        for shard in ["1/2", "2/2"] {
            let result = try CLIRunner.run(small + ["--shard", shard])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("1 runs: 1 trained"))
        }
        #expect(try Self.records(dir).count == 2)
        #expect(try CLIRunner.run(small).stdout.contains("2 runs: 0 trained (0 completed, 0 diverged, 0 failed), 2 skipped"))
    }

    // Two jobs run as two worker processes with one thread each and give the records of the same runs
    // trained in this process with one thread.
    @Test func parallelWorkersGiveTheSameRecordsAsOneProcess() throws {
        let serial = try Self.directory()
        let parallel = try Self.directory()
        let args = ["run-all", "--models", "resnet18,resnet18s,resnet34", "--datasets", "synthetic10", "--seeds", "0"] + Self.tiny
        let one = try CLIRunner.run(args + ["--results-dir", serial, "--jobs", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        let two = try CLIRunner.run(args + ["--results-dir", parallel, "--jobs", "2"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("3 runs: 3 trained (3 completed"))
        let expected = try Self.records(serial)
        let got = try Self.records(parallel)
        #expect(expected.count == 3)
        #expect(Set(got.keys) == Set(expected.keys))
        // Bit for bit: same configuration (threads included), final metrics and every epoch's numbers; only
        // the timings (seconds, wall time) and provenance may differ.
        func numbers(_ history: Any?) -> [NSDictionary] {
            ((history as? [[String: Any]]) ?? []).map { epoch in
                var e = epoch
                e["seconds"] = nil
                return e as NSDictionary
            }
        }
        for (name, record) in got {
            #expect(record["configuration"] as? NSDictionary == expected[name]?["configuration"] as? NSDictionary)
            #expect(record["status"] as? String == "completed")
            #expect((record["history"] as? [Any])?.count == 2)
            #expect(record["metrics"] as? NSDictionary == expected[name]?["metrics"] as? NSDictionary, "\(name): final metrics")
            #expect(numbers(record["history"]) == numbers(expected[name]?["history"]), "\(name): per-epoch numbers")
        }
    }

    // A run whose lock another process holds (here: this test process, with flock(2) as RunLock takes
    // it) is skipped and named; the rest are trained; the exit status says runs were left (3, documented).
    @Test func aLockedRunIsLeftToItsHolder() throws {
        let dir = try Self.directory()
        try FileManager.default.createDirectory(atPath: dir + "/.state", withIntermediateDirectories: true)
        let lockPath = dir + "/.state/resnet18__synthetic10__seed0.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = write(fd, "pid 42 on the-test\n", 19)
        defer { close(fd) }
        let result = try CLIRunner.run(
            ["run-all", "--models", "resnet18,resnet18s", "--datasets", "synthetic10", "--seeds", "0", "--results-dir", dir] + Self.tiny)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("resnet18__synthetic10__seed0: skipped (locked by pid 42 on the-test)"))
        #expect(result.stdout.contains("not done here, locked by another process: resnet18__synthetic10__seed0"))
        #expect(try Set(Self.records(dir).keys) == ["resnet18s__synthetic10__seed0.json"])
        let help = try CLIRunner.run(["run-all", "--help"])
        #expect(help.stdout.contains("3 no run failed, but some were left"))
    }

    // A damaged checkpoint is named in a warning, and the run restarts from scratch (deterministic, so
    // its record equals an uninterrupted run's).
    @Test func aCorruptCheckpointIsReportedAndTheRunRestarts() throws {
        let reference = try Self.directory()
        let dir = try Self.directory()
        let args = ["run", "--model", "resnet18s", "--dataset", "synthetic10", "--seed", "3"] + Self.tiny
        #expect(try CLIRunner.run(args + ["--results-dir", reference]).status == 0)
        let checkpoint = dir + "/.state/resnet18s__synthetic10__seed3.ckpt"
        try FileManager.default.createDirectory(atPath: dir + "/.state", withIntermediateDirectories: true)
        try Data("RSCKPT01 but then nonsense".utf8).write(to: URL(fileURLWithPath: checkpoint))
        let result = try CLIRunner.run(args + ["--results-dir", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("warning: resnet18s__synthetic10__seed3: \(checkpoint): corrupt or unreadable checkpoint"))
        #expect(result.stdout.contains("restarting this run from scratch"))
        #expect(try Self.records(dir) == Self.records(reference))
    }

    @Test(arguments: [
        (["run-all", "--shard", "4/3"], "--shard"),
        (["run-all", "--shard", "x"], "--shard"),
        (["run-all", "--models", "resnet19"], "--models"),
        (["run-all", "--datasets", "mnist"], "--datasets"),
        (["run-all", "--seeds", "1,-1"], "--seeds"),
        (["run-all", "--jobs", "0"], "--jobs"),
        (["run-all", "--epochs", "0"], "--epochs"),
        (["run-all", "--lr", "-0.1"], "--lr"),
        (["run-all", "--width", "abc"], "--width"),
        (["run-all", "--schedule", "linear"], "--schedule"),
        (["run-all", "--preset", "huge"], "--preset"),
        (["run-all", "--image-size", "12"], "--image-size"),
        (["run-all", "--synthetic-difficulty", "medium"], "--synthetic-difficulty"),
        (["run", "--model", "vgg16", "--dataset", "synthetic10", "--seed", "0"], "--model"),
        (["run", "--model", "resnet18", "--dataset", "synthetic10"], "--seed"),
    ])
    func badArgumentsExit64WithTheOptionNamed(arguments: [String], option: String) throws {
        let dir = try Self.directory()
        let result = try CLIRunner.run(arguments + ["--results-dir", dir])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(option), "\(arguments): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
