// Issue 13 ("Trust"), defects 3, 4 and 6 end to end on the built binary: one configuration per results
// directory (checked before training, even for two run-alls started together), `stats`/`report`
// refusing (or splitting) mixed configurations, the misleading errors, CSV range checks and unknown
// model ids.
import Foundation
import RunRecords
import Testing

@Suite(.timeLimit(.minutes(10))) struct TrustCommandTests {
    /// Tiny runs: 1 epoch over 64 images at width 1/16, one thread.
    static let tiny = [
        "--preset", "smoke", "--epochs", "1", "--train-size", "64", "--test-size", "32", "--batch-size", "16", "--threads", "1",
        "--datasets", "synthetic10",
    ]

    static func directory(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "recstats-trust-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A record written as `run-all` would, without training.
    static func record(
        _ model: String, seed: Int, epochs: Int = 3, top1: Double = 50, status: RunStatus = .completed
    ) -> RunRecord {
        let configuration = TrainingConfiguration(
            preset: "smoke", widthMultiplier: 0.0625, classes: 10, epochs: epochs, batchSize: 16, learningRate: 0.05, momentum: 0.9,
            weightDecay: 5e-4, schedule: .cosine, augmentation: true, cropPadding: 4, trainSize: 64, testSize: 32, sForm: .published,
            syntheticDifficulty: .easy)
        let isS = model.hasSuffix("s")
        return RunRecord(
            model: model, family: "resnet", isSVariant: isS, baseline: isS ? String(model.dropLast()) : nil, dataset: "synthetic10",
            seed: seed, configuration: configuration,
            metrics: status == .completed ? FinalMetrics(top1: top1, top5: 90, testLoss: 1) : nil, wallTimeSeconds: 2, status: status,
            failureReason: status == .failed ? "worker process killed by signal 9" : nil,
            provenance: Provenance(recstatsVersion: "t", gitCommit: nil, host: "h", startedAt: Date(), endedAt: Date()))
    }

    // MARK: Defect 3

    @Test func aSecondRunAllWithOtherOptionsIsRefusedBeforeTrainingAnything() throws {
        let dir = try Self.directory()
        let first = try CLIRunner.run(["run-all", "--models", "resnet18", "--seeds", "0", "--results-dir", dir] + Self.tiny)
        #expect(first.status == 0, "\(first.stderr)")
        // Other models, so no record of the same run exists to compare with: only the manifest can tell.
        let second = try CLIRunner.run(
            ["run-all", "--models", "resnet18s", "--seeds", "0", "--results-dir", dir] + Self.tiny + ["--epochs", "2"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("it trains `synthetic10` with epochs 1; this command asks for epochs 2"), "\(second.stderr)")
        #expect(second.stderr.contains(dir + "/.state/configuration.json"))
        #expect(!second.stdout.contains("epoch 1/2"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/resnet18s__synthetic10__seed0.json"))
        // The same options (spelled with the preset's own lr) are welcome.
        let third = try CLIRunner.run(
            ["run-all", "--models", "resnet18s", "--seeds", "0", "--results-dir", dir] + Self.tiny + ["--lr", "0.05"])
        #expect(third.status == 0, "\(third.stderr)")
    }

    // The reproduction: two run-alls started together with --epochs 1 and --epochs 2 on one
    // directory. Exactly one trains; the other refuses; every record has one epoch count.
    @Test func twoRunAllsStartedTogetherDoNotMixConfigurations() throws {
        let dir = try Self.directory()
        let common = ["run-all", "--models", "resnet18,resnet18s", "--seeds", "0,1", "--jobs", "1", "--results-dir", dir] + Self.tiny
        let arguments = [common, common + ["--epochs", "2"]]
        var results: [CLIResult?] = [nil, nil]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let result = try? CLIRunner.run(arguments[i], timeout: 300)
            lock.withLock { results[i] = result }
        }
        let done = results.compactMap { $0 }
        #expect(done.count == 2)
        #expect(done.map(\.status).sorted() == [0, 1], "\(done.map(\.stderr))")
        let refused = try #require(done.first { $0.status == 1 })
        #expect(refused.stderr.contains("epochs 1") && refused.stderr.contains("epochs 2"), "\(refused.stderr)")
        let set = try ResultsReader.load(path: dir)
        #expect(Set(set.records.map(\.configuration.epochs)).count == 1)
        #expect(set.records.count == 4)
    }

    @Test func statsAndReportRefuseRecordsOfTwoConfigurationsNamingFieldModelsAndFiles() throws {
        let dir = try Self.directory()
        // The outcome: baselines with 3 epochs, "s" models with 4.
        for seed in [0, 1] {
            try AtomicFile.write(Self.record("resnet18", seed: seed, epochs: 3), into: dir)
            try AtomicFile.write(Self.record("resnet18s", seed: seed, epochs: 4), into: dir)
        }
        let stats = try CLIRunner.run(["stats", "--input", dir])
        #expect(stats.status == 1)
        #expect(stats.stderr.contains("records of different training configurations would be pooled: `epochs` is 3 in 2 records (resnet18: "
            + dir + "/resnet18__synthetic10__seed0.json"), "\(stats.stderr)")
        #expect(stats.stderr.contains("but 4 in 2 records (resnet18s: " + dir + "/resnet18s__synthetic10__seed0.json"))
        let report = try CLIRunner.run(["report", "--input", dir, "--out", dir + "/r.pdf"])
        #expect(report.status == 1)
        #expect(report.stderr.contains("`epochs` is 3 in 2 records"), "\(report.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.pdf"))
    }

    @Test func statsSplitConfigurationsAnalysesEachOnItsOwn() throws {
        let dir = try Self.directory()
        // The same two models and seeds trained with 3 and with 4 epochs, in two folders.
        for (epochs, folder) in [(3, "/a"), (4, "/b")] {
            for seed in [0, 1, 2] {
                try AtomicFile.write(Self.record("resnet18", seed: seed, epochs: epochs, top1: 40), into: dir + folder)
                try AtomicFile.write(Self.record("resnet18s", seed: seed, epochs: epochs, top1: 45), into: dir + folder)
            }
        }
        let refused = try CLIRunner.run(["stats", "--input", dir])
        #expect(refused.status == 1 && refused.stderr.contains("`epochs` is 3 in 6 records"), "\(refused.stderr)")
        let split = try CLIRunner.run(["stats", "--input", dir, "--split-configurations"])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stdout.contains("== Configuration 1 of 2: epochs 3: 6 record(s) of resnet18, resnet18s =="))
        #expect(split.stdout.contains("== Configuration 2 of 2: epochs 4: 6 record(s) of resnet18, resnet18s =="))
        let json = try CLIRunner.run(["stats", "--input", dir, "--split-configurations", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])
        #expect(array.count == 2)
        let csv = try CLIRunner.run(["stats", "--input", dir, "--split-configurations", "--format", "csv"])
        #expect(csv.status == 64)
    }

    // MARK: Defect 4

    @Test func negativeNumbersReachTheOptionsOwnChecks() throws {
        let dir = try Self.directory()
        let cases: [([String], String)] = [
            (["--seeds", "-1"], "--seeds: `-1` is not a seed"),
            (["--width", "-1"], "--width: must lie in (0, 4], got -1.0"),
            (["--epochs", "-3"], "--epochs: must be at least 1, got -3"),
            (["--lr", "-1"], "--lr: must be a positive number, got -1.0"),
            (["--jobs", "-2"], "--jobs: must be at least 1, got -2"),
        ]
        for (option, message) in cases {
            let result = try CLIRunner.run(["run-all", "--dry-run", "--results-dir", dir + "/r"] + option)
            #expect(result.status == 64, "\(option)")
            #expect(result.stderr.contains(message), "\(option): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(option)")
        }
        let seed = try CLIRunner.run(["run", "--model", "resnet18", "--dataset", "synthetic10", "--seed", "-1", "--results-dir", dir + "/r"])
        #expect(seed.status == 64 && seed.stderr.contains("--seed: expected an integer in 0…"), "\(seed.stderr)")
        let alpha = try CLIRunner.run(["stats", "--input", "x.csv", "--alpha", "-0.5"])
        #expect(alpha.status == 64 && alpha.stderr.contains("--alpha must lie strictly between 0 and 1"), "\(alpha.stderr)")
    }

    @Test func aResultsDirectoryThatIsAFileIsSaidOnce() throws {
        let file = try Self.directory() + "/results"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = try CLIRunner.run(["run-all", "--models", "resnet18", "--seeds", "0", "--jobs", "2", "--results-dir", file] + Self.tiny)
        #expect(result.status == 64)
        let message = "--results-dir \(file): is a file, not a directory"
        #expect(result.stderr.components(separatedBy: message).count == 2, "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("worker process"))
    }

    @Test func aHeaderOnlyCSVSaysSo() throws {
        let path = try Self.directory() + "/empty.csv"
        try Data("model,dataset,seed,metric,value\n".utf8).write(to: URL(fileURLWithPath: path))
        for command in [["stats", "--input", path], ["report", "--input", path, "--out", path + ".pdf"]] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(path): no results to analyse: \(path) holds only the CSV header, no rows"), "\(result.stderr)")
            #expect(!result.stderr.contains("cost data") && !result.stderr.contains("the input has: ."))
        }
    }

    @Test func aFailedRunIsNamedWithTheRetry() throws {
        let dir = try Self.directory()
        for seed in [0, 1] {
            try AtomicFile.write(Self.record("resnet18", seed: seed), into: dir)
            try AtomicFile.write(Self.record("resnet18s", seed: seed, status: seed == 1 ? .failed : .completed), into: dir)
        }
        for command in [["stats", "--input", dir], ["report", "--input", dir, "--out", dir + "/r.pdf"]] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains(
                "\(dir): 1 (model, block) cell(s) have no value because their runs did not complete: resnet18s on synthetic10 seed 1 "
                    + "failed (worker process killed by signal 9) in \(dir)/resnet18s__synthetic10__seed1.json"), "\(result.stderr)")
            #expect(result.stderr.contains("run the same `recstats run-all` again: it retries failed runs"))
        }
    }

    @Test func errorsAfterParsingNameTheInput() throws {
        let dir = try Self.directory()
        try AtomicFile.write(Self.record("resnet18", seed: 0), into: dir)
        try AtomicFile.write(Self.record("resnet18", seed: 1), into: dir)
        let result = try CLIRunner.run(["stats", "--input", dir])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: \(dir): the Friedman test needs at least 2 models, found 1 (resnet18)"), "\(result.stderr)")
    }

    @Test func aFiguresDirectoryThatIsAFileIsRefusedBeforeAnyWork() throws {
        let dir = try Self.directory()
        let file = dir + "/figures"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = try CLIRunner.run(["report", "--input", packageRoot.appendingPathComponent("results/paper/table1.csv").path, "--out", dir + "/r.pdf", "--figures-dir", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--figures-dir \(file): is a file, not a directory"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.pdf"))
    }

    // MARK: Defect 6 (the exit status of a run-all that left runs to a lock holder is tested in
    // RunAllCommandTests.aLockedRunIsLeftToItsHolder; a failed worker's wall time in ExperimentsTests)

    @Test func csvValuesOutOfRangeAndUnknownModelIdsAreRefused() throws {
        let dir = try Self.directory()
        let csv = dir + "/big.csv"
        try Data("model,dataset,seed,metric,value\na,d,,acc,1\nb,d,,acc,-1e308\n".utf8).write(to: URL(fileURLWithPath: csv))
        let big = try CLIRunner.run(["stats", "--input", csv])
        #expect(big.status == 1 && big.stderr.contains("\(csv): line 3: value `-1e308` is out of range"), "\(big.stderr)")

        let runs = dir + "/runs"
        try AtomicFile.write(Self.record("resnet18", seed: 0), into: runs)
        let path = try AtomicFile.write(Self.record("resnet19s", seed: 0), into: runs)
        for command in [["stats", "--input", runs], ["report", "--input", runs, "--out", dir + "/r.pdf"]] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(path): field `model`: unknown model id `resnet19s`"), "\(result.stderr)")
        }
    }
}

extension TrustCommandTests {
    @Test func reportSplitConfigurationsWritesOneReportEach() throws {
        let dir = try Self.directory()
        for (epochs, folder) in [(3, "/a"), (4, "/b")] {
            for seed in [0, 1, 2] {
                try AtomicFile.write(Self.record("resnet18", seed: seed, epochs: epochs, top1: 40 + Double(seed)), into: dir + folder)
                try AtomicFile.write(Self.record("resnet18s", seed: seed, epochs: epochs, top1: 45 - Double(seed)), into: dir + folder)
            }
        }
        let result = try CLIRunner.run(["report", "--input", dir, "--out", dir + "/out/r.pdf", "--split-configurations"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(dir)/out/r-1.pdf") && result.stdout.contains("configuration 1 of 2, epochs 3: 6 record(s)"))
        #expect(result.stdout.contains("wrote \(dir)/out/r-2.pdf") && result.stdout.contains("configuration 2 of 2, epochs 4: 6 record(s)"))
        for n in [1, 2] {
            let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/r-\(n).pdf"))
            #expect(pdf.starts(with: Data("%PDF".utf8)))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/r.pdf"))
    }
}
