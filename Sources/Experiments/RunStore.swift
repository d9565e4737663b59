// Where a run-all keeps its files: one JSON record per run in the results directory (what `stats` and
// `report` read), checkpoints and locks in its hidden `.state/` folder (which ResultsReader skips).
import Foundation
import RunRecords

public struct RunStore: Sendable {
    public let resultsDirectory: String

    public init(resultsDirectory: String) {
        self.resultsDirectory = resultsDirectory
    }

    public var stateDirectory: String { (resultsDirectory as NSString).appendingPathComponent(".state") }

    public func recordPath(_ run: RunKey) -> String {
        (resultsDirectory as NSString).appendingPathComponent(run.name + ".json")
    }

    public func checkpointPath(_ run: RunKey) -> String {
        (stateDirectory as NSString).appendingPathComponent(run.name + ".ckpt")
    }

    /// A completed run's final weights: `weights/<run>.safetensors` beside its record (ResultsReader reads
    /// only .json and .csv, so they never count as records).
    public func weightsPath(_ run: RunKey) -> String {
        TrainedModel.weightsPath(forRecord: recordPath(run))
    }

    public func lockPath(_ run: RunKey) -> String {
        (stateDirectory as NSString).appendingPathComponent(run.name + ".lock")
    }

    /// Where a run stands before it is (re)started.
    public enum State: Sendable, Equatable {
        /// A completed or diverged record with this configuration exists: nothing to do.
        case finished(RunStatus)
        /// A checkpoint exists: resume after this many epochs (its configuration is checked on resume).
        case resumable(epochsDone: Int)
        /// Nothing yet, or only a failed record (failed runs are retried).
        case fresh
    }

    /// The state of `run` for `configuration`. A record trained with another configuration is an error
    /// (records of different configurations would otherwise be pooled silently).
    public func state(of run: RunKey, configuration: TrainingConfiguration) throws -> State {
        let path = recordPath(run)
        if FileManager.default.fileExists(atPath: path) {
            let record: RunRecord
            do {
                record = try RunRecord.decode(Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            } catch let error as RecordsError {
                throw ExperimentsError.recordMismatch(path: path, difference: "it cannot be read: \(error.description)")
            }
            if let difference = Self.difference(record.configuration, configuration) {
                throw ExperimentsError.recordMismatch(path: path, difference: difference)
            }
            if record.status != .failed { return .finished(record.status) }
        }
        if let epochs = Self.checkpointEpochs(at: checkpointPath(run)) { return .resumable(epochsDone: epochs) }
        return .fresh
    }

    /// The first field in which two configurations differ, ignoring the thread count (which changes
    /// timings, and at most the last bits of a sum, not the experiment); nil when they agree.
    public static func difference(_ a: TrainingConfiguration, _ b: TrainingConfiguration) -> String? {
        a.differences(from: b).first.map { "\($0.field): \($0.first) there, \($0.second) now" }
    }

    /// Epochs done in the checkpoint at `path`, reading only its header; nil if there is no file.
    /// A damaged file still counts as present (0 epochs): the trainer reports it when it opens it.
    static func checkpointEpochs(at path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16), head.count == 16, Array(head.prefix(8)) == Checkpoint.magic else { return 0 }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(head[head.startIndex + 8 + i]) << (8 * UInt64(i)) }
        guard length < 1 << 26, let json = try? handle.read(upToCount: Int(length)),
            let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
            let epochs = object["epochs_done"] as? Int
        else { return 0 }
        return epochs
    }

    /// Removes a run's checkpoint (after its record is written).
    public func removeCheckpoint(_ run: RunKey) {
        try? FileManager.default.removeItem(atPath: checkpointPath(run))
    }
}
