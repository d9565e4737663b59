// The errors of planning, locking, checkpointing and training runs. Every case names the file or the
// option, says what is wrong and, where the fix is known, ends with a HINT.
import Foundation

public enum RunAllError: Error, Equatable, CustomStringConvertible {
    /// A command-line value the plan or the preset cannot use (the CLI turns it into exit 64).
    case invalidOption(option: String, reason: String)
    case lockFailed(path: String, reason: String)
    case checkpointUnreadable(path: String, reason: String)
    case checkpointMismatch(path: String, reason: String)
    /// A record already in the results directory was trained with another configuration.
    case recordMismatch(path: String, difference: String)
    case writeFailed(path: String, reason: String)
    case datasetUnavailable(name: String, reason: String)
    case workerFailed(run: String, status: Int32, detail: String)

    public var description: String {
        switch self {
        case .invalidOption(let option, let reason):
            return "\(option): \(reason)"
        case .lockFailed(let path, let reason):
            return "\(path): cannot lock the run: \(reason)"
        case .checkpointUnreadable(let path, let reason):
            return "\(path): corrupt or unreadable checkpoint: \(reason). "
                + "HINT: delete the file to restart that run from scratch"
        case .checkpointMismatch(let path, let reason):
            return "\(path): the checkpoint belongs to another configuration: \(reason). "
                + "HINT: resume with the same options, or delete the file to restart that run"
        case .recordMismatch(let path, let difference):
            return "\(path): a record of this run exists with another configuration (\(difference)); "
                + "records of different configurations are never mixed in one directory. "
                + "HINT: pass another --results-dir, or delete the old records"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .datasetUnavailable(let name, let reason):
            return "dataset `\(name)`: \(reason)"
        case .workerFailed(let run, let status, let detail):
            return "run \(run): worker process exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        }
    }
}
