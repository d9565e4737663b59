// The one error type of ModelZoo: what was asked, what is wrong, and a hint where the fix is known.

public enum ZooError: Error, Equatable, CustomStringConvertible {
    case unknownModel(String)
    case invalidOption(name: String, value: String, reason: String)
    /// A weights file that does not fit the model: `tensor` is the first mismatch (nil: the file as a whole).
    case weightsMismatch(path: String, model: String, tensor: String?, reason: String)
    /// A design whose formula parses but cannot be built into a network.
    case unbuildableDesign(design: String, reason: String)
    /// A user design or a FAMILY+DESIGN id that is refused; `origin` is where it was given.
    case invalidDesign(design: String, origin: String, reason: String)

    public var description: String {
        switch self {
        case .unknownModel(let id):
            return "unknown model id `\(id)`. HINT: `recstats models` lists the 24 ids: "
                + ModelID.allCases.map(\.rawValue).joined(separator: ", ")
        case .invalidOption(let name, let value, let reason):
            return "model option \(name) = \(value): \(reason)"
        case .weightsMismatch(let path, let model, let tensor, let reason):
            return "\(path): does not fit \(model): " + (tensor.map { "tensor `\($0)`: " } ?? "") + reason
        case .unbuildableDesign(let design, let reason):
            return "design `\(design)` cannot be built: \(reason)"
        case .invalidDesign(let design, let origin, let reason):
            return "design `\(design)` (\(origin)): \(reason)"
        }
    }
}
