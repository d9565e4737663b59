// The state of an unfinished run after a whole epoch, written atomically at the end of every epoch so a
// killed run-all resumes where it stopped. File layout:
//   8 bytes  magic "RSCKPT01"
//   8 bytes  header length L (UInt64, little-endian)
//   L bytes  JSON header: run, configuration, epochs done, history, array names and lengths, checksum
//   payload  the float32 arrays (little-endian) back to back, in header order
// The random state needs no bytes: data order and augmentation are drawn from generators seeded by
// (seed, epoch) and initialisation happens once before epoch 1, so "epochs done" restores all of it.
import Foundation
import RunRecords

public struct Checkpoint: Sendable, Equatable {
    /// Named float arrays: parameters, optimizer momentum, batch-norm running statistics, …
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var values: [Float]
        public init(name: String, values: [Float]) {
            self.name = name
            self.values = values
        }
    }

    public var model: String
    /// The design the model's blocks follow (nil in checkpoints written before designs were recorded).
    public var design: RecordedDesign?
    public var dataset: String
    public var seed: Int
    public var configuration: TrainingConfiguration
    /// Whole epochs finished; training resumes at epoch `epochsDone + 1`.
    public var epochsDone: Int
    public var history: [EpochRecord]
    /// Training seconds spent before this checkpoint (so the record's wall time covers every session).
    public var secondsSoFar: Double
    /// When the run's first session started (the record's provenance keeps it across resumes).
    public var startedAt: Date
    public var tensors: [Tensor]

    public init(
        model: String, dataset: String, seed: Int, configuration: TrainingConfiguration, epochsDone: Int,
        history: [EpochRecord], secondsSoFar: Double, startedAt: Date, tensors: [Tensor], design: RecordedDesign? = nil
    ) {
        self.model = model
        self.design = design
        self.dataset = dataset
        self.seed = seed
        self.configuration = configuration
        self.epochsDone = epochsDone
        self.history = history
        self.secondsSoFar = secondsSoFar
        self.startedAt = startedAt
        self.tensors = tensors
    }

    public func tensor(_ name: String) -> [Float]? { tensors.first { $0.name == name }?.values }

    static let magic = Array("RSCKPT01".utf8)

    private struct Header: Codable {
        var model: String
        var design: RecordedDesign?
        var dataset: String
        var seed: Int
        var configuration: TrainingConfiguration
        var epochsDone: Int
        var history: [EpochRecord]
        var secondsSoFar: Double
        /// Seconds since 1970 (exact in JSON, unlike a formatted date).
        var startedAt: Double
        var tensorNames: [String]
        var tensorLengths: [Int]
        /// FNV-1a (64-bit) of the payload bytes, hex.
        var payloadChecksum: String
    }

    // MARK: Writing

    public func encoded() throws -> Data {
        var payload = Data()
        payload.reserveCapacity(tensors.reduce(0) { $0 + $1.values.count } * 4)
        for tensor in tensors {
            tensor.values.withUnsafeBufferPointer { buffer in
                // Float32 little-endian on every platform Swift runs on Linux (x86-64, arm64).
                payload.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buffer.count * 4))
            }
        }
        let header = Header(
            model: model, design: design, dataset: dataset, seed: seed, configuration: configuration, epochsDone: epochsDone,
            history: history, secondsSoFar: secondsSoFar, startedAt: startedAt.timeIntervalSince1970, tensorNames: tensors.map(\.name),
            tensorLengths: tensors.map(\.values.count), payloadChecksum: String(Self.fnv1a(payload), radix: 16))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data(Self.magic)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(payload)
        return data
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    public func write(to path: String) throws {
        do {
            try AtomicFile.write(try encoded(), to: path)
        } catch let error as RecordsError {
            throw ExperimentsError.writeFailed(path: path, reason: error.description)
        }
    }

    // MARK: Reading

    /// Reads and checks a checkpoint; any damage is a `checkpointUnreadable` error naming `path`.
    public static func read(from path: String) throws -> Checkpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExperimentsError.checkpointUnreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws -> Checkpoint {
        func fail(_ reason: String) -> ExperimentsError { .checkpointUnreadable(path: path, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw fail("it does not start with the recstats checkpoint magic") }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[8 + i]) << (8 * UInt64(i)) }
        guard length <= UInt64(bytes.count - 16) else { throw fail("the header length \(length) runs past the end of the file") }
        let headerEnd = 16 + Int(length)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: Data(bytes[16..<headerEnd]))
        } catch {
            throw fail("the header is not valid JSON (\(error))")
        }
        guard header.tensorNames.count == header.tensorLengths.count, header.tensorLengths.allSatisfy({ $0 >= 0 }) else {
            throw fail("the header's tensor names and lengths disagree")
        }
        let expected = header.tensorLengths.reduce(0, +) * 4
        let found = bytes.count - headerEnd
        guard found == expected else {
            throw fail(found < expected
                ? "expected \(expected) payload bytes, found \(found): the file is truncated"
                : "expected \(expected) payload bytes, found \(found): \(found - expected) bytes too many, so the file was appended to or is not the header's")
        }
        let payload = bytes[headerEnd...]
        guard String(fnv1a(payload), radix: 16) == header.payloadChecksum else { throw fail("the payload checksum does not match") }
        var tensors: [Tensor] = []
        var offset = headerEnd
        for (name, count) in zip(header.tensorNames, header.tensorLengths) {
            let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    let source = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * 4)])
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                }
                initialized = count
            }
            tensors.append(Tensor(name: name, values: values))
            offset += count * 4
        }
        return Checkpoint(
            model: header.model, dataset: header.dataset, seed: header.seed, configuration: header.configuration,
            epochsDone: header.epochsDone, history: header.history, secondsSoFar: header.secondsSoFar,
            startedAt: Date(timeIntervalSince1970: header.startedAt), tensors: tensors, design: header.design)
    }

    /// 64-bit FNV-1a: enough to catch a torn or bit-flipped file (not an adversary).
    static func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
