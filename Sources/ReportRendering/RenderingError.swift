// The one error type of ReportRendering: Cairo failures and files that cannot be written. Each
// description names what was being done and the library's own message.
public enum RenderingError: Error, CustomStringConvertible, Equatable {
    /// A Cairo call returned a non-success status.
    case cairo(operation: String, status: String)
    /// The output file could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cairo(operation, status): return "Cairo could not \(operation): \(status)."
        case let .writeFailed(path, reason): return "\(path): cannot write (\(reason))."
        }
    }
}
