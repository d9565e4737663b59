// The one error type of ReportRendering. Errors of the statistics (RankStats) and of reading records
// (RunRecords) pass through unchanged, so the user sees their own clear messages.
import Foundation

public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// Cairo's sticky status was not success after the surface was finished.
    case cairo(operation: String, status: String)
    /// The input held nothing the report can analyse.
    case nothingToReport(input: String, reason: String)
    case writeFailed(path: String, reason: String)
    /// A path given as a directory (`option`) that exists and is not one.
    case notADirectory(path: String, option: String)
    /// A figure file that cannot be written where asked (wrong extension, a directory, no such directory).
    case figure(path: String, reason: String)
    /// A design of the Designs section that the Formulas module could not analyse.
    case design(name: String, reason: String)

    public var description: String {
        switch self {
        case .cairo(let operation, let status):
            return "Cairo failed while \(operation): \(status)"
        case .nothingToReport(let input, let reason):
            return "\(input): nothing to report: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .notADirectory(let path, let option):
            return "\(option) \(path): is a file, not a directory. HINT: name a directory (it is created if missing)"
        case .figure(let path, let reason):
            return "\(path): cannot write the figure: \(reason)"
        case .design(let name, let reason):
            return "design \(name): cannot analyse its formula for the Designs section: \(reason)"
        }
    }
}
