// The one error type of the Experiments module: data and environment errors (CIFAR files, archive
// downloads, checksums, extraction) and the errors of planning, locking, checkpointing and training
// runs. Each description names the file, address or option, what was expected and what was found, and
// ends with a HINT where the fix is known.
import Foundation
import RunRecords

public enum ExperimentsError: Error, CustomStringConvertible, Equatable {
    /// A file the dataset needs is not there.
    case missingFile(path: String, expected: String, hint: String)
    /// A binary file whose size is not a whole number of records.
    case badFileSize(path: String, size: Int, recordSize: Int)
    /// A record whose label is outside 0..<classes.
    case labelOutOfRange(path: String, record: Int, field: String, label: Int, classes: Int)
    /// Reading a file failed (permissions, I/O).
    case unreadable(path: String, reason: String)
    /// An HTTP(S) download failed before a complete body arrived.
    case downloadFailed(url: String, reason: String)
    /// The archive's MD5 is not the published one.
    case checksumMismatch(source: String, expected: String, actual: String)
    /// `tar` could not extract the archive, or the archive held something else.
    case extractionFailed(archive: String, reason: String)
    /// A file system operation (create, rename, remove) failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// The target directory exists but does not verify, and replacing it was not asked for.
    case existingDataInvalid(path: String, problem: String)
    /// A dataset name that is none of the known ones.
    case unknownDataset(name: String, known: [String])

    // Runs.
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
    /// A path given as a directory (`option`) that exists and is not one.
    case notADirectory(path: String, option: String)
    /// The results directory's manifest names other options than the command asks for (`differences`
    /// are the directory's values first; empty when the directory's options cannot train `dataset`).
    case configurationConflict(
        path: String, dataset: String, differences: [ConfigurationDifference], directoryOptions: String, askedOptions: String)
    case manifestUnreadable(path: String, reason: String)
    /// A design name the results directory (its manifest or one of its records, `path`) already holds with
    /// another formula.
    case designConflict(path: String, design: String, directoryFormula: String, askedFormula: String)
    /// A run record or checkpoint that cannot give a trained model (no weights beside it, not completed).
    case noTrainedWeights(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path, expected, hint):
            return "\(path): missing (expected \(expected)). HINT: \(hint)"
        case let .badFileSize(path, size, recordSize) where size == 0:
            return "\(path): the file is empty, expected \(recordSize)-byte records. HINT: fetch it again with `recstats data fetch`."
        case let .badFileSize(path, size, recordSize):
            return "\(path): \(size) bytes is not a whole number of \(recordSize)-byte records "
                + "(\(size / recordSize) records and \(size % recordSize) bytes left over); the file is truncated or "
                + "not a CIFAR binary file. HINT: fetch it again with `recstats data fetch`."
        case let .labelOutOfRange(path, record, field, label, classes):
            return "\(path): record \(record) has \(field) \(label), expected 0..<\(classes); the file is corrupt or "
                + "belongs to the other CIFAR variant. HINT: fetch it again with `recstats data fetch`."
        case let .unreadable(path, reason):
            return "\(path): cannot read (\(reason))."
        case let .downloadFailed(url, reason):
            return "\(url): download failed (\(reason)); nothing was written. HINT: check the network, or download "
                + "the archive elsewhere and pass it with `--from FILE`."
        case let .checksumMismatch(source, expected, actual):
            return "\(source): MD5 is \(actual), expected the published \(expected); the archive is truncated or "
                + "not the official one, and nothing was extracted. HINT: download it again."
        case let .extractionFailed(archive, reason):
            return "\(archive): extraction failed (\(reason)); nothing was written to the data directory."
        case let .fileSystem(path, operation, reason):
            return "\(path): cannot \(operation) (\(reason))."
        case let .existingDataInvalid(path, problem):
            return "\(path) already exists but does not verify: \(problem) HINT: pass `--force` to replace it."
        case let .unknownDataset(name, known):
            return "unknown dataset '\(name)', expected one of \(known.joined(separator: ", "))."
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
        case .notADirectory(let path, let option):
            return "\(option) \(path): is a file, not a directory. HINT: name a directory (it is created if missing)"
        case .configurationConflict(let path, let dataset, let differences, let directoryOptions, let askedOptions):
            let directory = (((path as NSString).deletingLastPathComponent) as NSString).deletingLastPathComponent
            let what = differences.isEmpty
                ? "its options cannot train `\(dataset)`"
                : "it trains `\(dataset)` with " + differences.map { "\($0.field) \($0.first)" }.joined(separator: ", ")
                    + "; this command asks for " + differences.map { "\($0.field) \($0.second)" }.joined(separator: ", ")
            return "\(path): the results directory \(directory) holds another configuration: \(what). "
                + "Runs of different configurations are never mixed in one directory; nothing was trained. "
                + "HINT: pass another --results-dir, or the directory's own options (\(directoryOptions)) instead of (\(askedOptions))"
        case .designConflict(let path, let design, let theirs, let asked):
            return "\(path): the results directory already trained design `\(design)` as `\(theirs)`; this command defines it as `\(asked)`. "
                + "One name, one formula per directory: records of two formulas under one name would be pooled. Nothing was trained. "
                + "HINT: give the new formula another name, or pass another --results-dir"
        case .manifestUnreadable(let path, let reason):
            return "\(path): cannot read the results directory's configuration manifest: \(reason). "
                + "HINT: delete the file; the next run-all rewrites it after checking the records against its options"
        case .workerFailed(let run, let status, let detail):
            return "run \(run): worker process exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .noTrainedWeights(let path, let reason):
            return "\(path): no trained weights: \(reason)"
        }
    }
}
