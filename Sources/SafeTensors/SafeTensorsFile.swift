// Read and write the safetensors format (huggingface/safetensors, "Format"):
//   8 bytes  N, the header length, unsigned 64-bit little-endian
//   N bytes  JSON header, UTF-8, starting with `{`, may be padded at the end with spaces (0x20):
//            {"__metadata__": {"k": "v", …}, "NAME": {"dtype": "F32", "shape": [d0, d1, …],
//             "data_offsets": [BEGIN, END]}, …}   offsets relative to the byte buffer, END exclusive
//   rest     the byte buffer: every tensor's little-endian values, row-major; the tensors must cover
//            it exactly, without gaps or overlaps.
// Tensors here are F32 (every weight) or I64 (PyTorch's `num_batches_tracked` counters, read so a
// PyTorch state dict saved as is can be imported). Reading checks everything above and that every F32
// value is finite; any fault is an error naming the file and the tensor.
import Foundation

/// The element types this module reads and writes (the safetensors dtype strings).
public enum SafeTensorDType: String, Sendable, Equatable {
    case f32 = "F32"
    case i64 = "I64"

    public var byteSize: Int {
        switch self {
        case .f32: return 4
        case .i64: return 8
        }
    }
}

public struct SafeTensor: Sendable, Equatable {
    public enum Values: Sendable, Equatable {
        case f32([Float])
        case i64([Int64])

        public var count: Int {
            switch self {
            case .f32(let v): return v.count
            case .i64(let v): return v.count
            }
        }
        public var dtype: SafeTensorDType {
            switch self {
            case .f32: return .f32
            case .i64: return .i64
            }
        }
    }

    public var name: String
    /// Row-major dimensions; [] is a scalar (one value).
    public var shape: [Int]
    public var values: Values

    public init(name: String, shape: [Int], values: Values) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    public init(name: String, shape: [Int], f32: [Float]) {
        self.init(name: name, shape: shape, values: .f32(f32))
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// The values as floats (I64 counters converted exactly up to 2^24).
    public var floats: [Float] {
        switch values {
        case .f32(let v): return v
        case .i64(let v): return v.map { Float($0) }
        }
    }
}

public struct SafeTensorsFile: Sendable, Equatable {
    public static let metadataKey = "__metadata__"
    /// The reference implementation refuses headers above 100 MB; so does this one.
    public static let maximumHeaderLength = 100_000_000

    public var tensors: [SafeTensor]
    public var metadata: [String: String]

    public init(tensors: [SafeTensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public func tensor(named name: String) -> SafeTensor? { tensors.first { $0.name == name } }

    // MARK: Writing

    /// The file's bytes. Tensors are laid out sorted by name (what the reference writer does when all
    /// dtypes share an alignment), the header lists `__metadata__` first (keys sorted), then the tensors in
    /// buffer order, and is padded with spaces to a multiple of 8 bytes so the buffer starts aligned.
    /// `path` only names the file in errors.
    public func encoded(path: String = "<memory>") throws -> Data {
        func fail(_ tensor: String?, _ reason: String) -> SafeTensorsError { .writeFailed(path: path, tensor: tensor, reason: reason) }
        var names = Set<String>()
        for tensor in tensors {
            guard tensor.name != Self.metadataKey else { throw fail(tensor.name, "the name is reserved for the metadata") }
            guard names.insert(tensor.name).inserted else { throw fail(tensor.name, "the name appears twice") }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else { throw fail(tensor.name, "the shape \(tensor.shape) has a negative dimension") }
            guard tensor.values.count == tensor.elementCount else {
                throw fail(tensor.name, "\(tensor.values.count) values do not fill the shape \(tensor.shape) (\(tensor.elementCount))")
            }
            if case .f32(let v) = tensor.values, let bad = v.firstIndex(where: { !$0.isFinite }) {
                throw fail(tensor.name, "value \(bad) is \(v[bad]); only finite values are written")
            }
        }
        let ordered = tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { HeaderWriter.quoted($0) + ":" + HeaderWriter.quoted(metadata[$0]!) }
            entries.append(HeaderWriter.quoted(Self.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for tensor in ordered {
            let size = tensor.values.count * tensor.values.dtype.byteSize
            entries.append(
                HeaderWriter.quoted(tensor.name) + ":{\"dtype\":\"\(tensor.values.dtype.rawValue)\",\"shape\":["
                    + tensor.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
        var data = Data(capacity: 8 + header.count + offset)
        Self.appendLittleEndian(UInt64(header.count), to: &data)
        data.append(contentsOf: header)
        for tensor in ordered {
            switch tensor.values {
            case .f32(let v):
                var bytes = [UInt8](repeating: 0, count: v.count * 4)
                for (k, x) in v.enumerated() {
                    let bits = x.bitPattern
                    for b in 0..<4 { bytes[4 * k + b] = UInt8(truncatingIfNeeded: bits >> (8 * UInt32(b))) }
                }
                data.append(contentsOf: bytes)
            case .i64(let v):
                for x in v { Self.appendLittleEndian(UInt64(bitPattern: x), to: &data) }
            }
        }
        return data
    }

    /// Writes the file atomically: the bytes go to a hidden temporary file in the same directory, are
    /// flushed, then renamed over `path`; on any failure nothing is left behind.
    public func write(to path: String) throws {
        let data = try encoded(path: path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw SafeTensorsError.writeFailed(path: path, tensor: nil, reason: "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch let error as SafeTensorsError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError.writeFailed(path: path, tensor: nil, reason: (error as NSError).localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError.writeFailed(path: path, tensor: nil, reason: reason)
        }
    }

    private static func appendLittleEndian(_ x: UInt64, to data: inout Data) {
        for b in 0..<8 { data.append(UInt8(truncatingIfNeeded: x >> (8 * UInt64(b)))) }
    }

    // MARK: Reading

    public static func read(from path: String) throws -> SafeTensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SafeTensorsError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Parses and checks a whole file; `path` names it in errors. Tensors come back in buffer order.
    public static func decode(_ data: Data, path: String) throws -> SafeTensorsFile {
        func fail(_ tensor: String?, _ reason: String) -> SafeTensorsError { .invalid(path: path, tensor: tensor, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else {
            throw fail(nil, "not a safetensors file: \(bytes.count) bytes, fewer than the 8-byte header length")
        }
        var length: UInt64 = 0
        for b in 0..<8 { length |= UInt64(bytes[b]) << (8 * UInt64(b)) }
        guard length <= UInt64(maximumHeaderLength) else {
            throw fail(nil, "not a safetensors file: its first 8 bytes give a header length of \(length) bytes (more than the format's 100 MB limit)")
        }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail(nil, "not a safetensors file, or truncated: the header length \(length) runs past the end of the \(bytes.count)-byte file")
        }
        let headerEnd = 8 + Int(length)
        let headerBytes = Array(bytes[8..<headerEnd])
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail(nil, "not a safetensors file: the header does not start with `{`")
        }
        let root: JSONValue
        do {
            root = try HeaderParser.parse(headerBytes)
        } catch let error as JSONParseError {
            throw fail(nil, "the JSON header is malformed at byte \(8 + error.offset): \(error.message)")
        }
        guard case .object(let members) = root else { throw fail(nil, "the header is not a JSON object") }

        var metadata: [String: String] = [:]
        struct Entry { let name: String; let dtype: SafeTensorDType; let shape: [Int]; let begin: Int; let end: Int }
        var entries: [Entry] = []
        let bufferSize = bytes.count - headerEnd
        for (name, value) in members {
            if name == metadataKey {
                guard case .object(let pairs) = value else { throw fail(nil, "`__metadata__` is \(value.kind), expected an object of strings") }
                for (key, item) in pairs {
                    guard case .string(let text) = item else {
                        throw fail(nil, "`__metadata__` entry `\(key)` is \(item.kind), expected a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard case .object(let fields) = value else { throw fail(name, "its header entry is \(value.kind), expected an object") }
            var dtypeText: String?, shape: [Int]?, offsets: [Int]?
            for (key, field) in fields {
                switch key {
                case "dtype":
                    guard case .string(let text) = field else { throw fail(name, "`dtype` is \(field.kind), expected a string") }
                    dtypeText = text
                case "shape", "data_offsets":
                    guard case .array(let items) = field else { throw fail(name, "`\(key)` is \(field.kind), expected an array of integers") }
                    var numbers: [Int] = []
                    for item in items {
                        guard case .integer(let n) = item, n <= UInt64(Int.max) else {
                            throw fail(name, "`\(key)` holds \(item.kind), expected non-negative integers")
                        }
                        numbers.append(Int(n))
                    }
                    if key == "shape" { shape = numbers } else { offsets = numbers }
                default:
                    throw fail(name, "unexpected field `\(key)` (a tensor has dtype, shape and data_offsets)")
                }
            }
            guard let dtypeText else { throw fail(name, "no `dtype`") }
            guard let shape else { throw fail(name, "no `shape`") }
            guard let offsets else { throw fail(name, "no `data_offsets`") }
            guard let dtype = SafeTensorDType(rawValue: dtypeText) else {
                throw fail(name, "dtype \(dtypeText) is not supported: recstats reads F32 weights (and I64 counters). "
                    + "HINT: in PyTorch, save `{k: v.float() for k, v in state_dict.items()}`")
            }
            guard offsets.count == 2 else { throw fail(name, "`data_offsets` has \(offsets.count) entries, expected [begin, end]") }
            guard offsets[0] <= offsets[1] else { throw fail(name, "`data_offsets` [\(offsets[0]), \(offsets[1])] ends before it begins") }
            guard offsets[1] <= bufferSize else {
                throw fail(name, "`data_offsets` end \(offsets[1]) lies past the \(bufferSize)-byte data buffer (truncated file?)")
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail(name, "the shape \(shape) overflows") }
                count = product
            }
            guard offsets[1] - offsets[0] == count * dtype.byteSize else {
                throw fail(name, "`data_offsets` [\(offsets[0]), \(offsets[1])] span \(offsets[1] - offsets[0]) bytes; "
                    + "shape \(shape) of \(dtype.rawValue) needs \(count * dtype.byteSize)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }

        // The tensors must tile the buffer: sorted by begin, each starts where the previous ended.
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var position = 0
        for (k, entry) in entries.enumerated() {
            if entry.begin < position {
                throw fail(entry.name, "its bytes [\(entry.begin), \(entry.end)) overlap `\(entries[k - 1].name)` [\(entries[k - 1].begin), \(entries[k - 1].end))")
            }
            if entry.begin > position {
                throw fail(entry.name, "the data buffer has a gap: bytes [\(position), \(entry.begin)) belong to no tensor")
            }
            position = entry.end
        }
        guard position == bufferSize else {
            throw fail(nil, "the data buffer has \(bufferSize) bytes but the tensors cover \(position): \(bufferSize - position) bytes belong to no tensor")
        }

        var tensors: [SafeTensor] = []
        tensors.reserveCapacity(entries.count)
        for entry in entries {
            let base = headerEnd + entry.begin
            let count = (entry.end - entry.begin) / entry.dtype.byteSize
            switch entry.dtype {
            case .f32:
                var values = [Float](repeating: 0, count: count)
                for k in 0..<count {
                    let p = base + 4 * k
                    let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                    let x = Float(bitPattern: bits)
                    guard x.isFinite else { throw fail(entry.name, "value \(k) (flat index) is \(x); weights must be finite") }
                    values[k] = x
                }
                tensors.append(SafeTensor(name: entry.name, shape: entry.shape, values: .f32(values)))
            case .i64:
                var values = [Int64](repeating: 0, count: count)
                for k in 0..<count {
                    var x: UInt64 = 0
                    for b in 0..<8 { x |= UInt64(bytes[base + 8 * k + b]) << (8 * UInt64(b)) }
                    values[k] = Int64(bitPattern: x)
                }
                tensors.append(SafeTensor(name: entry.name, shape: entry.shape, values: .i64(values)))
            }
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }
}
