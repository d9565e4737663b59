// Issue 13, defects 3, 4 and 6 at the training side: a results directory's manifest refuses other
// options before anything is trained; a --results-dir that is a file; the directory lock waits and then
// gives up; a failed worker's record keeps its wall time; an over-long checkpoint is not "truncated".
import Foundation
import ModelZoo
import RunRecords
import Testing

@testable import Experiments

@Suite struct ConfigurationManifestTests {
    static let synthetic10 = DatasetDescriptor.named("synthetic10")!
    static let cifar10 = DatasetDescriptor.named("cifar10")!

    static func options(_ change: (inout ConfigurationOverrides) -> Void = { _ in }) -> RunOptions {
        var o = ConfigurationOverrides()
        o.epochs = 3
        change(&o)
        return RunOptions(preset: .smoke, overrides: o)
    }

    @Test func theFirstCommandWritesTheManifestAndAnotherWithOtherOptionsIsRefusedNamingBothValues() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory() + "/runs")
        try store.claim(Self.options(), datasets: [Self.synthetic10], write: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: store.manifestPath))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"preset\" : \"smoke\"") && text.contains("\"epochs\" : 3"))
        #expect(!FileManager.default.fileExists(atPath: store.stateDirectory + "/configuration.lock"))

        // The same options again, and the same configuration spelled differently (smoke's own lr 0.05), pass.
        try store.claim(Self.options(), datasets: [Self.synthetic10], write: true)
        try store.claim(Self.options { $0.learningRate = 0.05 }, datasets: [Self.synthetic10], write: true)

        do {
            try store.claim(Self.options { $0.epochs = 4 }, datasets: [Self.synthetic10], write: true)
            Issue.record("a second configuration was accepted")
        } catch let error as ExperimentsError {
            guard case .configurationConflict(let path, let dataset, let differences, let directory, let asked) = error else {
                Issue.record("expected configurationConflict, got \(error)")
                return
            }
            #expect(path == store.manifestPath && dataset == "synthetic10")
            #expect(differences == [ConfigurationDifference(field: "epochs", first: "3", second: "4")])
            #expect(directory == "--preset smoke --epochs 3" && asked == "--preset smoke --epochs 4")
            #expect(error.description.contains("it trains `synthetic10` with epochs 3; this command asks for epochs 4"))
            #expect(error.description.contains("nothing was trained"))
        }
    }

    @Test func aNewDatasetIsAddedUnderTheSameOptionsAndADryRunWritesNothing() throws {
        let dir = try temporaryDirectory() + "/runs"
        let store = RunStore(resultsDirectory: dir)
        // A dry run on a directory that does not exist creates nothing.
        try store.claim(Self.options(), datasets: [Self.synthetic10], write: false)
        #expect(!FileManager.default.fileExists(atPath: dir))
        try store.claim(Self.options(), datasets: [Self.synthetic10], write: true)
        try store.claim(Self.options(), datasets: [Self.cifar10], write: true)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let manifest = try decoder.decode(ConfigurationManifest.self, from: Data(contentsOf: URL(fileURLWithPath: store.manifestPath)))
        #expect(Set(manifest.configurations.keys) == ["synthetic10", "cifar10"])
        #expect(manifest.configurations["cifar10"]?.syntheticDifficulty == nil && manifest.configurations["cifar10"]?.epochs == 3)
        // A dry run with other options reports the conflict too, and leaves the manifest as it was.
        #expect(throws: ExperimentsError.self) {
            try store.claim(Self.options { $0.epochs = 5 }, datasets: [Self.cifar10], write: false)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.manifestPath)) == (try ConfigurationManifest.encoder().encode(manifest)))
    }

    @Test func aDirectoryWithRecordsButNoManifestIsCheckedAgainstItsRecords() throws {
        let dir = try temporaryDirectory()
        let store = RunStore(resultsDirectory: dir)
        var configuration = try Self.options().configuration(for: Self.synthetic10)
        configuration.epochs = 7
        let record = RunRecord(
            model: "resnet18", family: "resnet", isSVariant: false, dataset: "synthetic10", seed: 0, configuration: configuration,
            metrics: FinalMetrics(top1: 50, top5: 90, testLoss: 1), wallTimeSeconds: 1, status: .completed,
            provenance: Provenance(recstatsVersion: "t", gitCommit: nil, host: "h", startedAt: Date(), endedAt: Date()))
        let path = try AtomicFile.write(record, into: dir)
        #expect(throws: ExperimentsError.recordMismatch(path: path, difference: "epochs: 7 there, 3 now")) {
            try store.claim(Self.options(), datasets: [Self.cifar10], write: true)
        }
        #expect(!FileManager.default.fileExists(atPath: store.manifestPath))
        try store.claim(Self.options { $0.epochs = 7 }, datasets: [Self.cifar10], write: true)
        #expect(FileManager.default.fileExists(atPath: store.manifestPath))
    }

    @Test func aResultsDirectoryThatIsAFileIsNamedAsSuch() throws {
        let file = try temporaryDirectory() + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: ExperimentsError.notADirectory(path: file, option: "--results-dir")) {
            try RunStore(resultsDirectory: file).claim(Self.options(), datasets: [Self.synthetic10], write: true)
        }
        #expect(ExperimentsError.notADirectory(path: file, option: "--results-dir").description
            == "--results-dir \(file): is a file, not a directory. HINT: name a directory (it is created if missing)")
    }

    @Test func theDirectoryLockWaitsForItsHolderAndThenGivesUp() throws {
        let path = try temporaryDirectory() + "/configuration.lock"
        let held = try RunLock.acquire(path: path, timeout: 1)
        let start = Date()
        #expect(throws: ExperimentsError.self) { try RunLock.acquire(path: path, timeout: 0.3) }
        #expect(Date().timeIntervalSince(start) >= 0.3)
        // Released from another thread while a second acquire waits: it gets the lock.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { held.release() }
        let second = try RunLock.acquire(path: path, timeout: 10)
        second.release()
    }

    @Test func theOptionsPrintAsTheCommandLineThatGivesThem() {
        var o = ConfigurationOverrides()
        o.epochs = 4
        o.learningRate = 0.07
        o.nesterov = true
        o.milestones = [2, 3]
        o.augmentation = false
        #expect(RunOptions(preset: .quick, overrides: o).commandLine
            == "--preset quick --epochs 4 --lr 0.07 --nesterov --milestones 2,3 --no-augmentation")
    }
}

@Suite(.timeLimit(.minutes(2))) struct TrustRunTests {
    // A worker that dies after 1 s: its failed record's wall time is that second (it was 1.2e-07 s, the
    // time between making the record's two timestamps), and so is the time the progress line reports.
    @Test func aCrashedWorkersRecordKeepsItsWallTime() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory())
        let run = RunKey(model: .resnet18, dataset: "synthetic10", seed: 0)
        let configuration = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
        var reported: Double?
        let lock = NSLock()
        let summary = try RunAll.runInWorkers(
            [run], jobs: 1, configurations: ["synthetic10": configuration], store: store,
            provenance: ProvenanceSource(recstatsVersion: "t", gitCommit: nil, host: "h"),
            command: { _ in ("/bin/sh", ["-c", "sleep 1; exit 3"]) },
            emit: { event in
                if case .runFinished(_, _, _, let seconds, _) = event { lock.withLock { reported = seconds } }
            })
        #expect(summary.failed == 1)
        let record = try RunRecord.decode(Data(contentsOf: URL(fileURLWithPath: store.recordPath(run))), path: store.recordPath(run))
        #expect(record.status == .failed && record.failureReason == "worker process exited with status 3")
        #expect(record.wallTimeSeconds >= 1 && record.wallTimeSeconds < 30)
        #expect(record.provenance.endedAt.timeIntervalSince(record.provenance.startedAt) >= 1)
        #expect((reported ?? 0) >= 1)
    }

    @Test func aCheckpointWithExtraBytesIsNotCalledTruncated() throws {
        let path = try temporaryDirectory() + "/run.ckpt"
        let good = try CheckpointTests.sample().encoded()
        for (bytes, expected) in [(good + Data([0, 0, 0, 0]), "4 bytes too many"), (good.prefix(good.count - 4), "the file is truncated")] {
            try bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try Checkpoint.read(from: path)
                Issue.record("a damaged checkpoint was accepted")
            } catch let error as ExperimentsError {
                #expect(error.description.contains(expected), "\(error)")
                #expect(!error.description.contains("truncated?"))
            }
        }
    }
}
