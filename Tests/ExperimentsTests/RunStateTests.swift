// Locks, checkpoints, the run store's view of finished/resumable runs, and one run performed with a
// stand-in executor (the real trainer is tested end to end through the binary).
import Foundation
import TestSupport
import ModelZoo
import RunRecords
import Testing

@testable import Experiments

func temporaryDirectory(_ name: String = #function) throws -> String { try makeTemporaryDirectory(name).path }

@Suite struct RunLockTests {
    @Test func secondAttemptFailsUntilTheFirstIsReleased() throws {
        let path = try temporaryDirectory() + "/a.lock"
        var holder: String?
        let first = try #require(try RunLock.tryAcquire(path: path, holder: &holder))
        #expect(try RunLock.tryAcquire(path: path, holder: &holder) == nil)
        #expect(holder == "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)")
        first.release()
        #expect(!FileManager.default.fileExists(atPath: path))
        let again = try RunLock.tryAcquire(path: path, holder: &holder)
        #expect(again != nil)
    }

    // Another process holds the lock; once it is killed with SIGKILL the lock is free again: no stale
    // lock survives its holder. The holder is a fork of this process that only calls async-signal-safe
    // functions (open, flock, write, pause), so no helper program with children of its own is needed.
    @Test func aKilledHolderLeavesNoStaleLock() throws {
        let path = try temporaryDirectory() + "/b.lock"
        try Data("pid 1 on elsewhere\n".utf8).write(to: URL(fileURLWithPath: path))
        var ready: [Int32] = [0, 0]
        #expect(pipe(&ready) == 0)
        let child = path.withCString { cPath -> pid_t in
            let pid = fork()
            if pid == 0 {
                let fd = open(cPath, O_RDWR)
                if fd >= 0 && flock(fd, LOCK_EX) == 0 { _ = write(ready[1], "1", 1) }
                while true { pause() }
            }
            return pid
        }
        #expect(child > 0)
        close(ready[1])
        var byte: UInt8 = 0
        #expect(read(ready[0], &byte, 1) == 1)
        close(ready[0])
        var holder: String?
        #expect(try RunLock.tryAcquire(path: path, holder: &holder) == nil)
        #expect(holder == "pid 1 on elsewhere")
        kill(child, SIGKILL)
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        let lock = try RunLock.tryAcquire(path: path, holder: &holder)
        #expect(lock != nil)
    }
}

@Suite struct CheckpointTests {
    static func sample() -> Checkpoint {
        let configuration = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
        let epoch = EpochRecord(
            epoch: 1, learningRate: 0.05, trainLoss: 2.25, trainTop1: 17.5, testLoss: 2.5, testTop1: 12.5, testTop5: 55, seconds: 1.5)
        return Checkpoint(
            model: "resnet18s", dataset: "synthetic10", seed: 617, configuration: configuration, epochsDone: 1,
            history: [epoch], secondsSoFar: 1.5, startedAt: Date(timeIntervalSince1970: 1_790_000_000.25),
            tensors: [
                .init(name: "parameters", values: [1, -2.5, .pi, Float.leastNonzeroMagnitude, -0.0]),
                .init(name: "momentum", values: []),
                .init(name: "buffers", values: [3, 4]),
            ])
    }

    @Test func roundTripIsExact() throws {
        let path = try temporaryDirectory() + "/run.ckpt"
        let checkpoint = Self.sample()
        try checkpoint.write(to: path)
        let back = try Checkpoint.read(from: path)
        #expect(back == checkpoint)
        #expect(back.tensor("parameters")!.map(\.bitPattern) == checkpoint.tensors[0].values.map(\.bitPattern))
        #expect(RunStore.checkpointEpochs(at: path) == 1)
    }

    @Test func damageIsReportedWithTheFileName() throws {
        let path = try temporaryDirectory() + "/run.ckpt"
        let good = try Self.sample().encoded()
        var flipped = good
        flipped[flipped.count - 3] ^= 0x40  // a bit in the last tensor's payload
        let cases: [(Data, String)] = [
            (flipped, "checksum"), (good.prefix(good.count - 4), "truncated"), (Data("hello".utf8), "magic"),
            (Data(), "magic"),
        ]
        for (bytes, expected) in cases {
            try bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try Checkpoint.read(from: path)
                Issue.record("a damaged checkpoint was accepted (\(expected))")
            } catch let error as ExperimentsError {
                #expect(error.description.hasPrefix(path))
                #expect(error.description.contains(expected))
            }
        }
    }
}

@Suite struct RunStoreTests {
    static let run = RunKey(model: .resnet18s, dataset: "synthetic10", seed: 0)
    static let configuration = TrainingPreset.smoke.configuration(for: DatasetDescriptor.named("synthetic10")!)
    static let provenance = ProvenanceSource(recstatsVersion: "test", gitCommit: nil, host: "host")

    static func record(status: RunStatus, configuration: TrainingConfiguration = configuration) -> RunRecord {
        RunRecord(
            model: run.model.name, displayName: run.model.displayName, family: run.model.family.rawValue,
            isSVariant: true, baseline: "resnet18", dataset: run.dataset, seed: run.seed, configuration: configuration,
            metrics: status == .completed ? FinalMetrics(top1: 40, top5: 90, testLoss: 1.5) : nil, wallTimeSeconds: 1,
            status: status, divergedAtEpoch: status == .diverged ? 1 : nil, failureReason: status == .failed ? "test" : nil,
            provenance: provenance.provenance(startedAt: Date(), endedAt: Date()))
    }

    @Test func statesFollowTheFiles() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory())
        #expect(try store.state(of: Self.run, configuration: Self.configuration) == .fresh)
        var checkpoint = CheckpointTests.sample()
        checkpoint.epochsDone = 3
        try checkpoint.write(to: store.checkpointPath(Self.run))
        #expect(try store.state(of: Self.run, configuration: Self.configuration) == .resumable(epochsDone: 3))
        try AtomicFile.write(Self.record(status: .failed), into: store.resultsDirectory)
        #expect(try store.state(of: Self.run, configuration: Self.configuration) == .resumable(epochsDone: 3))
        try AtomicFile.write(Self.record(status: .diverged), into: store.resultsDirectory)
        #expect(try store.state(of: Self.run, configuration: Self.configuration) == .finished(.diverged))
        // Another thread count is the same experiment.
        var threaded = Self.configuration
        threaded.threads = 7
        #expect(try store.state(of: Self.run, configuration: threaded) == .finished(.diverged))
    }

    @Test func aRecordOfAnotherConfigurationIsRefused() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory())
        var other = Self.configuration
        other.epochs = 9
        try AtomicFile.write(Self.record(status: .completed, configuration: other), into: store.resultsDirectory)
        do {
            _ = try store.state(of: Self.run, configuration: Self.configuration)
            Issue.record("a record of another configuration was accepted")
        } catch let error as ExperimentsError {
            #expect(error.description.contains(store.recordPath(Self.run)))
            #expect(error.description.contains("epochs: 9 there, 1 now"))
        }
    }

    // The first differing field, spelled as the record's JSON spells it: booleans as true/false, strings
    // quoted, an absent optional as none.
    @Test func theDifferenceNamesTheFieldInJSONTerms() {
        var a = Self.configuration
        var b = a
        b.augmentation = !a.augmentation
        #expect(RunStore.difference(a, b) == "augmentation: \(a.augmentation) there, \(b.augmentation) now")
        b = a
        a.syntheticDifficulty = .hard
        b.syntheticDifficulty = nil
        #expect(RunStore.difference(a, b) == "synthetic_difficulty: \"hard\" there, none now")
        b = a
        b.threads = 3
        #expect(RunStore.difference(a, b) == nil)
    }

    @Test func performWritesTheRecordSkipsItNextTimeAndRecordsFailures() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory())
        var calls = 0
        var events: [ProgressEvent] = []
        let executor: RunExecutor = { context in
            calls += 1
            try CheckpointTests.sample().write(to: context.checkpointPath)
            return Self.record(status: .completed, configuration: context.configuration)
        }
        let first = try RunAll.perform(
            Self.run, configuration: Self.configuration, store: store, provenance: Self.provenance, executor: executor
        ) { events.append($0) }
        #expect(first == .completed && calls == 1)
        #expect(FileManager.default.fileExists(atPath: store.recordPath(Self.run)))
        #expect(!FileManager.default.fileExists(atPath: store.checkpointPath(Self.run)))
        #expect(!FileManager.default.fileExists(atPath: store.lockPath(Self.run)))
        let second = try RunAll.perform(
            Self.run, configuration: Self.configuration, store: store, provenance: Self.provenance, executor: executor
        ) { events.append($0) }
        #expect(second == nil && calls == 1)
        #expect(events.last == .runSkipped(run: Self.run.name, reason: "already completed"))

        struct Boom: Error {}
        let other = RunKey(model: .resnet34, dataset: "synthetic10", seed: 0)
        let failed = try RunAll.perform(
            other, configuration: Self.configuration, store: store, provenance: Self.provenance, executor: { _ in throw Boom() }
        ) { events.append($0) }
        #expect(failed == .failed)
        let record = try RunRecord.decode(Data(contentsOf: URL(fileURLWithPath: store.recordPath(other))), path: "")
        #expect(record.status == .failed && record.failureReason == "Boom()")
    }

    @Test func aLockedRunIsSkipped() throws {
        let store = RunStore(resultsDirectory: try temporaryDirectory())
        var holder: String?
        let lock = try #require(try RunLock.tryAcquire(path: store.lockPath(Self.run), holder: &holder))
        var events: [ProgressEvent] = []
        let status = try RunAll.perform(
            Self.run, configuration: Self.configuration, store: store, provenance: Self.provenance,
            executor: { _ in Issue.record("a locked run was trained"); throw CancellationError() }
        ) { events.append($0) }
        #expect(status == nil)
        #expect(events == [.runSkipped(run: Self.run.name, reason: "locked by pid \(getpid()) on \(ProcessInfo.processInfo.hostName)")])
        lock.release()
    }
}
