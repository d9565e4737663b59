// The one error type of ModelZoo: what was asked, what is wrong, and a hint where the fix is known.

public enum ZooError: Error, Equatable, CustomStringConvertible {
    case unknownModel(String)
    case invalidOption(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .unknownModel(let id):
            return "unknown model id `\(id)`. HINT: `recstats models` lists the 24 ids: "
                + ModelID.allCases.map(\.rawValue).joined(separator: ", ")
        case .invalidOption(let name, let value, let reason):
            return "model option \(name) = \(value): \(reason)"
        }
    }
}
