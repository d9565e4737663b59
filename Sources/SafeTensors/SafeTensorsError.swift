// The one error type of SafeTensors: the file, the tensor where one is to blame, and what is wrong.

public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The bytes are not a safetensors file, or its header or data are damaged; `tensor` names the
    /// tensor at fault when one is.
    case invalid(path: String, tensor: String?, reason: String)
    /// A tensor set that cannot be written (duplicate or reserved names, values that do not fit the shape,
    /// non-finite values), or the file system refused the write.
    case writeFailed(path: String, tensor: String?, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read the safetensors file: \(reason)"
        case .invalid(let path, let tensor, let reason):
            return "\(path): " + (tensor.map { "tensor `\($0)`: " } ?? "") + reason
        case .writeFailed(let path, let tensor, let reason):
            return "\(path): cannot write the safetensors file: " + (tensor.map { "tensor `\($0)`: " } ?? "") + reason
        }
    }
}
