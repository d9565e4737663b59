// The safetensors writer against bytes written out by hand from the format's specification, and the
// reader against every kind of bad file: not safetensors, truncated, lying or overlapping offsets, a
// dtype other than F32/I64, non-finite values.
import Foundation
import Testing
@testable import SafeTensors

@Suite struct SafeTensorsTests {
    /// Two tensors and one metadata entry:
    ///   a: F32, shape [2],    values 1.0, −2.0
    ///   b: F32, shape [1, 1], value  0.5
    static let tiny = SafeTensorsFile(
        tensors: [
            SafeTensor(name: "b", shape: [1, 1], f32: [0.5]),
            SafeTensor(name: "a", shape: [2], f32: [1.0, -2.0]),
        ],
        metadata: ["model": "x"])

    /// The file by hand (huggingface/safetensors README, "Format"):
    /// the header JSON below is 139 bytes (counted: 30 for `{"__metadata__":{"model":"x"},`, 53 for the
    /// `"a":…` entry with its comma, 56 for the `"b":…` entry and the closing brace); padded with 5 spaces
    /// to 144, a multiple of 8. Then N = 144 as u64 little-endian, and the buffer: a's 8 bytes at
    /// [0, 8), b's 4 bytes at [8, 12). IEEE 754 single: 1.0 = 0x3F800000, −2.0 = 0xC0000000,
    /// 0.5 = 0x3F000000, each stored little-endian.
    static let tinyBytes: [UInt8] = {
        let header = #"{"__metadata__":{"model":"x"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#
            + "     "
        return [144, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
            + [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]  // a
            + [0x00, 0x00, 0x00, 0x3F]  // b
    }()

    @Test func writerBytesEqualTheHandWrittenFile() throws {
        let bytes = [UInt8](try Self.tiny.encoded())
        #expect(bytes.count == 8 + 144 + 12)
        #expect(bytes == Self.tinyBytes)
    }

    @Test func readerReadsTheHandWrittenFile() throws {
        let file = try SafeTensorsFile.decode(Data(Self.tinyBytes), path: "tiny.safetensors")
        #expect(file.metadata == ["model": "x"])
        #expect(file.tensors == [
            SafeTensor(name: "a", shape: [2], f32: [1.0, -2.0]),
            SafeTensor(name: "b", shape: [1, 1], f32: [0.5]),
        ])
    }

    /// An I64 scalar (PyTorch's num_batches_tracked): 8 bytes, 7 = 07 00 … 00; header
    /// `{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}` is 53 bytes (5 for `{"n":`, 48 for the entry), padded with
    /// 3 spaces to 56.
    @Test func int64ScalarByHand() throws {
        let header = #"{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}"# + "   "
        let bytes: [UInt8] = [56, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [7, 0, 0, 0, 0, 0, 0, 0]
        let file = SafeTensorsFile(tensors: [SafeTensor(name: "n", shape: [], values: .i64([7]))])
        #expect([UInt8](try file.encoded()) == bytes)
        #expect(try SafeTensorsFile.decode(Data(bytes), path: "n") == file)
    }

    @Test func atomicWriteThenRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.safetensors").path
        try Self.tiny.write(to: path)
        #expect(try SafeTensorsFile.read(from: path).tensors.map(\.name) == ["a", "b"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["w.safetensors"])
    }

    // MARK: Bad input

    /// The hand-written file with its header replaced (padded to 8 with spaces) and its buffer kept.
    static func file(header: String, buffer: [UInt8] = Array(tinyBytes.suffix(12))) -> Data {
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        let n = UInt64(padded.utf8.count)
        return Data((0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + Array(padded.utf8) + buffer)
    }

    static func error(_ data: Data) -> String {
        do {
            _ = try SafeTensorsFile.decode(data, path: "bad.safetensors")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func refusesWhatIsNotSafetensors() {
        let text = Self.error(Data("PK\u{3}\u{4} this is a zip file, not weights".utf8))
        #expect(text.contains("bad.safetensors") && text.contains("not a safetensors file"))
        #expect(Self.error(Data([1, 2, 3])).contains("fewer than the 8-byte header length"))
        // A plausible length but a header that is not JSON.
        let notJSON = Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("hello!!!".utf8))
        #expect(Self.error(notJSON).contains("does not start with `{`"))
    }

    @Test func refusesATruncatedFile() {
        let header = Self.error(Data(Self.tinyBytes.prefix(100)))
        #expect(header.contains("runs past the end"))
        let buffer = Self.error(Data(Self.tinyBytes.dropLast(2)))
        #expect(buffer.contains("tensor `b`") && buffer.contains("past the 10-byte data buffer"))
    }

    @Test func refusesOffsetsThatLie() {
        // a claims 12 bytes for 2 floats.
        let wrongSpan = Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#))
        #expect(wrongSpan.contains("tensor `a`") && wrongSpan.contains("needs 8"))
        // a and b overlap in bytes [4, 8).
        let overlap = Self.error(Self.file(header:
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#))
        #expect(overlap.contains("tensor `b`") && overlap.contains("overlap `a`"))
        // A gap: nothing owns bytes [0, 4).
        let gap = Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#))
        #expect(gap.contains("tensor `a`") && gap.contains("gap"))
        // Trailing bytes nobody owns.
        let trailing = Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#))
        #expect(trailing.contains("4 bytes belong to no tensor"))
        // Backwards offsets and a missing field.
        #expect(Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#)).contains("ends before it begins"))
        #expect(Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[3]}}"#)).contains("no `data_offsets`"))
        #expect(Self.error(Self.file(header: #"{"a":{"dtype":"F32","shape":[-3],"data_offsets":[0,12]}}"#)).contains("non-negative integers"))
    }

    @Test func refusesDuplicateKeys() {
        let text = Self.error(Self.file(header:
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#))
        #expect(text.contains("the key `a` appears twice"))
    }

    @Test func refusesOtherDTypes() {
        let text = Self.error(Self.file(header: #"{"a":{"dtype":"F16","shape":[6],"data_offsets":[0,12]}}"#))
        #expect(text.contains("bad.safetensors") && text.contains("tensor `a`") && text.contains("dtype F16 is not supported"))
    }

    @Test func refusesNonFiniteValues() {
        // 0x7FC00000 is a quiet NaN; 0x7F800000 is +∞.
        let nan = Self.error(Self.file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#,
                                       buffer: [0, 0, 0x80, 0x3F, 0, 0, 0xC0, 0x7F, 0, 0, 0, 0]))
        #expect(nan.contains("tensor `w`") && nan.contains("value 1") && nan.contains("nan"))
        let inf = SafeTensorsFile(tensors: [SafeTensor(name: "w", shape: [1], f32: [.infinity])])
        #expect(throws: SafeTensorsError.self) { try inf.encoded() }
    }

    @Test func writerRefusesBadTensorSets() {
        let short = SafeTensorsFile(tensors: [SafeTensor(name: "w", shape: [2, 2], f32: [1, 2, 3])])
        #expect(throws: SafeTensorsError.writeFailed(path: "<memory>", tensor: "w", reason: "3 values do not fill the shape [2, 2] (4)")) {
            try short.encoded()
        }
        let twice = SafeTensorsFile(tensors: [SafeTensor(name: "w", shape: [1], f32: [1]), SafeTensor(name: "w", shape: [1], f32: [2])])
        #expect(throws: SafeTensorsError.self) { try twice.encoded() }
    }

    @Test func escapesNamesAndMetadata() throws {
        let file = SafeTensorsFile(
            tensors: [SafeTensor(name: "quote\"back\\slash", shape: [], f32: [3])], metadata: ["note": "line\nbreak é"])
        let decoded = try SafeTensorsFile.decode(try file.encoded(), path: "escaped")
        #expect(decoded == file)
    }
}
