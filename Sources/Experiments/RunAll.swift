// Runs a plan: every run is locked, skipped if finished, resumed from its checkpoint or started, and
// its record written atomically. With one job the runs train in this process; with N jobs each run is a
// separate worker process (`recstats run … --progress-json`), because OpenBLAS's thread count is
// process-wide: N processes with T threads each divide the cores without sharing a BLAS thread pool,
// and a worker that crashes (out of memory, a trap) takes down one run, not the run-all.
import Foundation
import ModelZoo
import RunRecords

/// The plain values provenance needs, supplied by the CLI.
public struct ProvenanceSource: Sendable {
    public var recstatsVersion: String
    public var gitCommit: String?
    public var host: String

    public init(recstatsVersion: String, gitCommit: String?, host: String = ProcessInfo.processInfo.hostName) {
        self.recstatsVersion = recstatsVersion
        self.gitCommit = gitCommit
        self.host = host
    }

    public func provenance(startedAt: Date, endedAt: Date) -> Provenance {
        Provenance(recstatsVersion: recstatsVersion, gitCommit: gitCommit, host: host, startedAt: startedAt, endedAt: endedAt)
    }
}

/// What an executor (the trainer) gets for one run.
public struct RunContext {
    public var run: RunKey
    public var configuration: TrainingConfiguration
    public var checkpointPath: String
    public var provenance: ProvenanceSource
    public var emit: (ProgressEvent) -> Void
    /// Where a completed run's final weights go (safetensors, PyTorch names); nil: not kept.
    public var weightsPath: String? = nil
}

/// Trains one run (resuming from `checkpointPath` if a checkpoint is there) and returns its record.
/// Throwing an ExperimentsError stops the run-all; any other error is recorded as a failed run.
public typealias RunExecutor = (RunContext) throws -> RunRecord

public struct RunAllSummary: Sendable, Equatable {
    public var trained = 0
    public var skipped = 0
    public var completed = 0
    public var diverged = 0
    public var failed = 0
    /// Runs another process held the lock of: not done by this invocation.
    public var locked: [String] = []

    public init() {}

    mutating func add(_ status: RunStatus) {
        trained += 1
        switch status {
        case .completed: completed += 1
        case .diverged: diverged += 1
        case .failed: failed += 1
        }
    }
}

public enum RunAll {
    /// Performs one run: lock, check, train or resume, write the record, drop the checkpoint.
    /// Returns the final status, or nil when the run was skipped (finished before, or locked).
    @discardableResult
    public static func perform(
        _ run: RunKey, configuration: TrainingConfiguration, store: RunStore, provenance: ProvenanceSource,
        executor: RunExecutor, emit: @escaping (ProgressEvent) -> Void
    ) throws -> RunStatus? {
        if case .finished(let status) = try store.state(of: run, configuration: configuration) {
            emit(.runSkipped(run: run.name, reason: "already \(status.rawValue)"))
            return nil
        }
        var holder: String?
        guard let lock = try RunLock.tryAcquire(path: store.lockPath(run), holder: &holder) else {
            emit(.runSkipped(run: run.name, reason: "locked by " + (holder ?? "another process")))
            return nil
        }
        defer { lock.release() }
        // Another process may have finished it between our first look and the lock.
        if case .finished(let status) = try store.state(of: run, configuration: configuration) {
            emit(.runSkipped(run: run.name, reason: "already \(status.rawValue)"))
            return nil
        }
        let started = Date()
        let context = RunContext(
            run: run, configuration: configuration, checkpointPath: store.checkpointPath(run), provenance: provenance, emit: emit,
            weightsPath: store.weightsPath(run))
        var record: RunRecord
        do {
            record = try executor(context)
        } catch let error as ExperimentsError {
            throw error
        } catch {
            record = failedRecord(run, configuration: configuration, reason: "\(error)", provenance: provenance, started: started)
        }
        try write(record, store: store)
        store.removeCheckpoint(run)
        emit(.runFinished(
            run: run.name, status: record.status.rawValue, top1: record.metrics?.top1, seconds: record.wallTimeSeconds,
            detail: record.divergedAtEpoch.map { "loss not finite in epoch \($0)" } ?? record.failureReason))
        return record.status
    }

    /// Runs `runs` one after the other in this process.
    public static func runInProcess(
        _ runs: [RunKey], configurations: [String: TrainingConfiguration], store: RunStore, provenance: ProvenanceSource,
        executor: RunExecutor, emit: @escaping (ProgressEvent) -> Void
    ) throws -> RunAllSummary {
        var summary = RunAllSummary()
        for run in runs {
            let configuration = try self.configuration(run, configurations)
            var lockedBy: String?
            let status = try perform(run, configuration: configuration, store: store, provenance: provenance, executor: executor) { event in
                if case .runSkipped(_, let reason) = event, reason.hasPrefix("locked") { lockedBy = reason }
                emit(event)
            }
            if let status { summary.add(status) } else { summary.skipped += 1 }
            if lockedBy != nil { summary.locked.append(run.name) }
        }
        return summary
    }

    /// Runs `runs` in up to `jobs` worker processes at once. `command(run)` gives the executable and the
    /// arguments of the worker (a `recstats run … --progress-json` that prints one ProgressEvent JSON
    /// line per event on stdout). Finished runs are skipped here without starting a worker. A worker
    /// that dies without finishing its run gets a failed record; one that exits with status 1 (an error
    /// it printed) stops the run-all after the running workers end.
    public static func runInWorkers(
        _ runs: [RunKey], jobs: Int, configurations: [String: TrainingConfiguration], store: RunStore,
        provenance: ProvenanceSource, command: @escaping (RunKey) -> (executable: String, arguments: [String]),
        emit: @escaping (ProgressEvent) -> Void
    ) throws -> RunAllSummary {
        precondition(jobs >= 1, "RunAll.runInWorkers expected at least 1 job, got \(jobs)")
        let state = WorkerState(emit: emit)
        let slots = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for run in runs {
            let configuration = try self.configuration(run, configurations)
            if case .finished(let status) = try store.state(of: run, configuration: configuration) {
                state.emitEvent(.runSkipped(run: run.name, reason: "already \(status.rawValue)"))
                continue
            }
            slots.wait()
            if state.abortError != nil {
                slots.signal()
                break
            }
            let (executable, arguments) = command(run)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            let started = Date()
            do {
                try process.run()
            } catch {
                slots.signal()
                throw ExperimentsError.workerFailed(run: run.name, status: -1, detail: "cannot start \(executable): \(error)")
            }
            group.enter()
            Thread.detachNewThread {
                let stderrText = LineReader.collect(errors.fileHandleForReading)
                var sawEnd = false
                LineReader.forEachLine(output.fileHandleForReading) { line in
                    guard let event = ProgressEvent.parse(jsonLine: line) else {
                        state.emitEvent(.warning(run: run.name, message: line))
                        return
                    }
                    switch event {
                    case .runFinished: sawEnd = true
                    case .runSkipped(_, let reason):
                        sawEnd = true
                        state.noteSkipped(run.name, locked: reason.hasPrefix("locked"))
                    default: break
                    }
                    state.emitEvent(event)
                }
                process.waitUntilExit()
                let detail = stderrText().trimmingCharacters(in: .whitespacesAndNewlines)
                let status = process.terminationStatus
                let crashed = process.terminationReason == .uncaughtSignal || (status != 0 && status != 1)
                if status == 1 && process.terminationReason == .exit {
                    state.abort(ExperimentsError.workerFailed(run: run.name, status: status, detail: detail))
                } else if crashed && !sawEnd {
                    let why = (process.terminationReason == .uncaughtSignal ? "killed by signal \(status)" : "exited with status \(status)")
                        + (detail.isEmpty ? "" : ": " + String(detail.suffix(500)))
                    // The worker's whole life is the run's wall time (it may have trained for minutes).
                    let record = failedRecord(run, configuration: configuration, reason: "worker process " + why, provenance: provenance, started: started)
                    do {
                        try write(record, store: store)
                        state.emitEvent(.runFinished(
                            run: run.name, status: "failed", top1: nil, seconds: record.wallTimeSeconds, detail: "worker process " + why))
                    } catch {
                        state.abort(error)
                    }
                }
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        if let error = state.abortError { throw error }
        return state.summary
    }

    // MARK: Helpers

    static func configuration(_ run: RunKey, _ configurations: [String: TrainingConfiguration]) throws -> TrainingConfiguration {
        guard let configuration = configurations[run.dataset] else {
            throw ExperimentsError.datasetUnavailable(name: run.dataset, reason: "no configuration was resolved for it")
        }
        return configuration
    }

    static func write(_ record: RunRecord, store: RunStore) throws {
        do {
            try AtomicFile.write(record, into: store.resultsDirectory)
        } catch let error as RecordsError {
            throw ExperimentsError.writeFailed(path: store.resultsDirectory, reason: error.description)
        }
    }

    /// The record of a run that could not be trained, so the report lists it instead of dropping it.
    public static func failedRecord(
        _ run: RunKey, configuration: TrainingConfiguration, reason: String, provenance: ProvenanceSource, started: Date
    ) -> RunRecord {
        let now = Date()
        return run.model.record(
            run, configuration: configuration, metrics: nil, wallTimeSeconds: now.timeIntervalSince(started), status: .failed,
            failureReason: reason, provenance: provenance.provenance(startedAt: started, endedAt: now))
    }
}

/// Shared state of the worker threads, behind one lock (events reach the caller one at a time).
private final class WorkerState: @unchecked Sendable {
    private let lock = NSLock()
    private let emit: (ProgressEvent) -> Void
    private(set) var summary = RunAllSummary()
    private var error: Error?

    init(emit: @escaping (ProgressEvent) -> Void) { self.emit = emit }

    var abortError: Error? { lock.withLock { error } }

    func emitEvent(_ event: ProgressEvent) {
        lock.withLock {
            emit(event)
            if case .runFinished(_, let status, _, _, _) = event, let s = RunStatus(rawValue: status) { summary.add(s) }
            if case .runSkipped = event { summary.skipped += 1 }
        }
    }

    func noteSkipped(_ run: String, locked: Bool) {
        guard locked else { return }
        lock.withLock { summary.locked.append(run) }
    }

    func abort(_ error: Error) { lock.withLock { if self.error == nil { self.error = error } } }
}

/// Reads a pipe line by line on the calling thread.
enum LineReader {
    static func forEachLine(_ handle: FileHandle, _ body: (String) -> Void) {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if !line.isEmpty { body(line) }
            }
        }
        if !buffer.isEmpty { body(String(decoding: buffer, as: UTF8.self)) }
    }

    /// Starts draining `handle` on a background thread; the returned closure waits for EOF and gives the text.
    static func collect(_ handle: FileHandle) -> () -> String {
        let done = DispatchSemaphore(value: 0)
        let box = TextBox()
        Thread.detachNewThread {
            box.text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            done.signal()
        }
        return {
            done.wait()
            return box.text
        }
    }

    private final class TextBox: @unchecked Sendable { var text = "" }
}
